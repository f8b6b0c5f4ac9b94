"""Notifications phase: a few per user, drawn from what actually happened (follows, replies...)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from kagami.importers.synthetic.clock import WORLD_END
from kagami.importers.synthetic.context import SeedContext
from kagami.social.models import Notification

_PER_KIND = 3  # newest events per user and kind considered


def _events(
    user: str,
    actor: str,
    activity: str,
    thread: str,
    comment: str,
    media: str,
    episode: str,
    at: str,
    order: str,
    source: str,
) -> str:
    """The newest few events per recipient, as (user, actor, activity, thread, comment, media,
    episode, at) rows; NULL marks a column the kind does not use."""
    return (
        f"SELECT u, actor, activity, thread, comment, media, episode, at FROM (SELECT {user} AS u,"
        f" {actor} AS actor, {activity} AS activity, {thread} AS thread, {comment} AS comment,"
        f" {media} AS media, {episode} AS episode, {at} AS at,"
        f" row_number() OVER (PARTITION BY {user} ORDER BY {order}) AS rn {source}) AS ev"
        f" WHERE rn <= {_PER_KIND} ORDER BY u, at, actor"
    )


_N = "NULL"
_EVENTS = {
    "FOLLOWING": _events(
        "f.followed_id", "f.follower_id", _N, _N, _N, _N, _N, "f.created_at",
        "f.created_at DESC, f.follower_id", "FROM follows f WHERE f.followed_id >= :first_user",
    ),
    "ACTIVITY_MESSAGE": _events(
        "a.user_id", "a.messenger_id", "a.id", _N, _N, _N, _N, "a.created_at", "a.id DESC",
        "FROM activities a WHERE a.type = 'MESSAGE' AND a.user_id >= :first_user",
    ),
    "ACTIVITY_REPLY": _events(
        "a.user_id", "r.user_id", "a.id", _N, _N, _N, _N, "r.created_at", "r.id DESC",
        "FROM activity_replies r JOIN activities a ON a.id = r.activity_id"
        " WHERE r.user_id <> a.user_id AND a.type <> 'MESSAGE' AND a.user_id >= :first_user",
    ),
    "ACTIVITY_LIKE": _events(
        "a.user_id", "l.user_id", "a.id", _N, _N, _N, _N, "l.created_at", "l.id DESC",
        "FROM likes l JOIN activities a ON l.likeable_type = 'ACTIVITY' AND a.id = l.likeable_id"
        " WHERE l.user_id <> a.user_id AND a.type <> 'MESSAGE' AND a.user_id >= :first_user",
    ),
    "THREAD_COMMENT_REPLY": _events(
        "p.user_id", "c.user_id", _N, "c.thread_id", "c.id", _N, _N, "c.created_at", "c.id DESC",
        "FROM thread_comments c JOIN thread_comments p ON p.id = c.parent_id"
        " WHERE c.user_id <> p.user_id AND p.user_id >= :first_user",
    ),
    "AIRING": _events(
        "e.user_id", _N, _N, _N, _N, "s.media_id", "s.episode", "s.airing_at",
        "s.airing_at DESC, s.media_id",
        "FROM list_entries e JOIN airing_schedules s ON s.media_id = e.media_id"
        " WHERE e.status = 'CURRENT' AND s.airing_at <= :end AND e.user_id >= :first_user",
    ),
}  # fmt: skip

_CONTEXT = {
    "FOLLOWING": " started following you.", "ACTIVITY_MESSAGE": " sent you a message.",
    "ACTIVITY_REPLY": " replied to your activity.", "ACTIVITY_LIKE": " liked your activity.",
    "THREAD_COMMENT_REPLY": " replied to your comment in",
}  # fmt: skip


async def seed_notifications(ctx: SeedContext) -> None:
    """2-8 recent notifications per user (the newest few unread), then the unread counters."""
    users = ctx.world.users
    if not users:
        return
    rng = ctx.rng("notifications")
    params = {"first_user": users[0].id, "end": WORLD_END}
    events: dict[int, list[tuple[Any, ...]]] = {}
    for kind, query in _EVENTS.items():
        for row in (await ctx.session.execute(sa.text(query), params)).all():
            events.setdefault(row[0], []).append((row[7], kind, *row[:7]))
    rows: list[tuple[Any, ...]] = []
    for user in users:
        mine = sorted(events.get(user.id, []), key=lambda e: (-e[0], e[1], e[3] or 0))
        keep = mine[: rng.randint(2, 8)]
        unread = rng.randint(0, min(3, len(keep)))
        rows += [(*event, n >= unread) for n, event in enumerate(keep)]
    rows.sort(key=lambda r: (r[0], r[2], r[1], r[3] or 0, r[4] or 0, r[7] or 0, r[8] or 0))
    first = await ctx.allocate(Notification.__table__, len(rows))
    await ctx.insert(Notification.__table__, [_row(first + n, *row) for n, row in enumerate(rows)])
    await ctx.execute(
        "UPDATE users SET unread_notification_count = s.n FROM (SELECT user_id, count(*) AS n"
        " FROM notifications WHERE is_read = false GROUP BY user_id) AS s"
        " WHERE users.id = s.user_id"
    )


def _row(
    notification_id: int,
    created: int,
    kind: str,
    user: int,
    actor: int | None,
    activity: int | None,
    thread: int | None,
    comment: int | None,
    media: int | None,
    episode: int | None,
    is_read: bool,
) -> dict[str, Any]:
    return {
        "id": notification_id, "user_id": user, "type": kind, "actor_id": actor,
        "activity_id": activity, "activity_reply_id": None, "thread_id": thread,
        "comment_id": comment, "media_id": media, "staff_id": None, "character_id": None,
        "episode": episode, "context": _CONTEXT.get(kind),
        "contexts": ["Episode ", " of ", " aired."] if kind == "AIRING" else None,
        "reason": None, "deleted_media_title": None, "deleted_media_titles": None,
        "submitted_title": None, "status": None, "notes": None, "is_read": is_read,
        "created_at": created,
    }  # fmt: skip
