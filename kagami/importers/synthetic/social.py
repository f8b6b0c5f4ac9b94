"""Social phase: text, list and message activities with replies, likes and subscriptions.

Activity ids follow creation time (as on AniList), so every activity is drafted first,
sorted, then written in chunks with its replies and likes; counters are exact by construction.
"""

from __future__ import annotations

from random import Random
from typing import Any, NamedTuple

from kagami.importers.synthetic.clock import DAY, WORLD_END
from kagami.importers.synthetic.context import SeedContext, chunked
from kagami.importers.synthetic.text import paragraph, sentence
from kagami.social.models import Activity, ActivityReply, ActivitySubscription, Like

_LIST_STATUS = {
    "ANIME": {"CURRENT": "watched episode", "COMPLETED": "completed", "PLANNING": "plans to watch",
              "DROPPED": "dropped", "PAUSED": "paused watching", "REPEATING": "rewatched episode"},
    "MANGA": {"CURRENT": "read chapter", "COMPLETED": "completed", "PLANNING": "plans to read",
              "DROPPED": "dropped", "PAUSED": "paused reading", "REPEATING": "reread chapter"},
}  # fmt: skip
_WITH_PROGRESS = frozenset({"CURRENT", "REPEATING", "DROPPED", "PAUSED"})


class _Draft(NamedTuple):
    created_at: int
    user_id: int
    type: str
    messenger_id: int | None
    media_id: int | None
    status: str | None
    progress: str | None


class People:
    """Picks distinct users around someone: mostly their followers, sometimes anyone."""

    def __init__(self, ctx: SeedContext) -> None:
        self.ids = [u.id for u in ctx.world.users]
        self.followers = ctx.world.followers

    def around(self, rng: Random, owner: int, count: int) -> list[int]:
        """Up to ``count`` distinct users other than ``owner``."""
        close = self.followers.get(owner, [])
        picked: dict[int, None] = {}
        for _ in range(count * 3):
            if len(picked) >= count:
                break
            pool = close if close and rng.random() < 0.7 else self.ids
            who = pool[rng.randrange(len(pool))]
            if who != owner:
                picked.setdefault(who)
        return list(picked)


def _later(rng: Random, after: int, mean_days: float = 2.0) -> int:
    return min(WORLD_END, after + int(rng.expovariate(1 / (mean_days * DAY))) + 60)


def _drafts(ctx: SeedContext, rng: Random, people: People) -> list[_Draft]:
    drafts: list[_Draft] = []
    for user in ctx.world.users:
        recent = ctx.world.recent_entries.get(user.id, [])
        for media_id, media_type, status, progress, updated in recent[
            : rng.randint(0, len(recent))
        ]:
            shown = str(progress) if status in _WITH_PROGRESS and progress else None
            kind = f"{media_type}_LIST"
            drafts.append(_Draft(updated, user.id, kind, None, media_id,
                                 _LIST_STATUS[media_type][status], shown))  # fmt: skip
        span = max(1, WORLD_END - user.created_at)
        for _ in range(rng.choices((0, 1, 2, 3), weights=(50, 25, 15, 10))[0]):
            drafts.append(_Draft(user.created_at + rng.randrange(span), user.id, "TEXT",
                                 None, None, None, None))  # fmt: skip
        if rng.random() < 0.15:
            for recipient in people.around(rng, user.id, rng.randint(1, 2)):
                drafts.append(_Draft(user.created_at + rng.randrange(span), recipient, "MESSAGE",
                                     user.id, None, None, None))  # fmt: skip
    drafts.sort()
    return drafts


async def seed_social(ctx: SeedContext) -> None:
    """Activities, replies, likes and subscriptions, written in id (= time) order."""
    rng = ctx.rng("social")
    people = People(ctx)
    drafts = _drafts(ctx, rng, people)
    task = ctx.task("Activities", total=len(drafts))
    next_reply = await ctx.allocate(ActivityReply.__table__, 0)
    first_reply = next_reply
    first = await ctx.allocate(Activity.__table__, len(drafts))
    for start, chunk in zip(range(0, len(drafts), 5_000), chunked(drafts, 5_000), strict=True):
        activities, replies, likes, subs = [], [], [], []
        for offset, draft in enumerate(chunk):
            activity_id = first + start + offset
            row = _activity(rng, activity_id, draft)
            repliers = people.around(rng, draft.user_id, _reply_count(rng))
            when = draft.created_at
            for replier in repliers:
                when = _later(rng, when)
                reply_likers = (
                    people.around(rng, replier, rng.randint(1, 3)) if rng.random() < 0.25 else []
                )
                replies.append({"id": next_reply, "activity_id": activity_id, "user_id": replier,
                                "text": sentence(rng), "like_count": len(reply_likers),
                                "created_at": when})  # fmt: skip
                likes += [
                    ("ACTIVITY_REPLY", next_reply, u, _later(rng, when)) for u in reply_likers
                ]
                next_reply += 1
            likers = people.around(rng, draft.user_id, _like_count(rng))
            likes += [("ACTIVITY", activity_id, u, _later(rng, draft.created_at)) for u in likers]
            row["reply_count"], row["like_count"] = len(repliers), len(likers)
            activities.append(row)
            if repliers:
                watchers = dict.fromkeys(
                    [draft.user_id, draft.messenger_id or draft.user_id, *repliers]
                )
                subs += [{"activity_id": activity_id, "user_id": u, "created_at": draft.created_at}
                         for u in watchers]  # fmt: skip
        await ctx.insert(Activity.__table__, activities)
        await ctx.insert(ActivityReply.__table__, replies)
        await insert_likes(ctx, likes)
        await ctx.insert(ActivitySubscription.__table__, subs)
        ctx.progress.advance(task, len(chunk))
    await ctx.allocate(ActivityReply.__table__, next_reply - first_reply)


def _reply_count(rng: Random) -> int:
    return 0 if rng.random() < 0.55 else min(8, 1 + int(rng.expovariate(0.6)))


def _like_count(rng: Random) -> int:
    return 0 if rng.random() < 0.35 else min(40, 1 + int(rng.expovariate(0.3)))


def _activity(rng: Random, activity_id: int, draft: _Draft) -> dict[str, Any]:
    text = None
    if draft.type == "TEXT":
        text = paragraph(rng, rng.randint(1, 3))
    elif draft.type == "MESSAGE":
        text = sentence(rng)
    return {
        "id": activity_id, "type": draft.type, "user_id": draft.user_id,
        "messenger_id": draft.messenger_id, "text": text, "media_id": draft.media_id,
        "status": draft.status, "progress": draft.progress,
        "is_private": draft.type == "MESSAGE" and rng.random() < 0.1,
        "is_locked": rng.random() < 0.01, "is_pinned": draft.type == "TEXT" and rng.random() < 0.02,
        "reply_count": 0, "like_count": 0, "created_at": draft.created_at,
    }  # fmt: skip


async def insert_likes(ctx: SeedContext, likes: list[tuple[str, int, int, int]]) -> None:
    """Insert (likeable type, likeable id, user id, created_at) likes with fresh ids."""
    first = await ctx.allocate(Like.__table__, len(likes))
    await ctx.insert(Like.__table__, [
        {"id": first + n, "likeable_type": kind, "likeable_id": target, "user_id": user,
         "created_at": created}
        for n, (kind, target, user, created) in enumerate(likes)
    ])  # fmt: skip
