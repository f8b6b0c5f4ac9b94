"""Activity and reply reads: feed filters, sorts, per-level batches.

Private messages are visible to their sender and recipient only; everything else is public.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.db.filters import in_list, not_in_list
from kagami.db.paging import PageResult, paginate
from kagami.social.enums import ActivityType
from kagami.social.models import Activity, ActivityReply, Follow

# A filter on MEDIA_LIST means any list activity, whichever media type it was stored as.
_LIST_TYPES = (ActivityType.ANIME_LIST, ActivityType.MANGA_LIST, ActivityType.MEDIA_LIST)


def _expand_types(types: Sequence[str]) -> list[str]:
    out: list[str] = []
    for t in types:
        out.extend(_LIST_TYPES if t == ActivityType.MEDIA_LIST else [t])
    return out


@dataclass
class ActivityQuery:
    """Filters over activities; None/empty means no constraint.

    Each ``*_in`` list is ANDed with its scalar (``ids`` holds both), ``*_not`` lists exclude.
    """

    ids: list[int] | None = None
    ids_not: list[int] = field(default_factory=list)
    user_ids: list[int] | None = None
    user_ids_not: list[int] = field(default_factory=list)
    messenger_ids: list[int] | None = None
    messenger_ids_not: list[int] = field(default_factory=list)
    media_ids: list[int] | None = None
    media_ids_not: list[int] = field(default_factory=list)
    types: list[str] | None = None
    types_not: list[str] = field(default_factory=list)
    created_at: int | None = None
    created_after: int | None = None
    created_before: int | None = None
    has_replies: bool | None = None
    has_replies_or_text: bool | None = None
    # Only activity of users the viewer follows (and the viewer's own): the "Following" feed.
    following_of: int | None = None
    sort: Sequence[tuple[str, bool]] = ()
    viewer_id: int | None = None


def visible_to(viewer_id: int | None) -> Any:
    """Condition: the activity is public, or a private message the viewer sent or received."""
    viewer = viewer_id if viewer_id is not None else -1
    return sa.or_(
        Activity.is_private.is_(False), Activity.user_id == viewer, Activity.messenger_id == viewer
    )


def _conditions(q: ActivityQuery) -> list[Any]:
    conds: list[Any] = [visible_to(q.viewer_id)]
    for column, values in (
        (Activity.id, q.ids),
        (Activity.user_id, q.user_ids),
        (Activity.messenger_id, q.messenger_ids),
        (Activity.media_id, q.media_ids),
        (Activity.type, _expand_types(q.types) if q.types is not None else None),
    ):
        if values is not None:
            conds.append(in_list(column, values))
    for column, values in (
        (Activity.id, q.ids_not),
        (Activity.user_id, q.user_ids_not),
        (Activity.messenger_id, q.messenger_ids_not),
        (Activity.media_id, q.media_ids_not),
        (Activity.type, _expand_types(q.types_not)),
    ):
        if values:
            # NULL columns (e.g. no messenger) are "not in" any list, as the filter means.
            conds.append(sa.or_(column.is_(None), not_in_list(column, values)))
    if q.created_at is not None:
        conds.append(Activity.created_at == q.created_at)
    if q.created_after is not None:
        conds.append(Activity.created_at > q.created_after)
    if q.created_before is not None:
        conds.append(Activity.created_at < q.created_before)
    if q.has_replies is not None:
        conds.append(Activity.reply_count > 0 if q.has_replies else Activity.reply_count == 0)
    if q.has_replies_or_text:
        conds.append(sa.or_(Activity.reply_count > 0, Activity.type == ActivityType.TEXT))
    if q.following_of is not None:
        followed = sa.select(Follow.followed_id).where(Follow.follower_id == q.following_of)
        conds.append(sa.or_(Activity.user_id.in_(followed), Activity.user_id == q.following_of))
    return conds


def activity_order(sort: Sequence[tuple[str, bool]]) -> list[Any]:
    """ORDER BY for ActivitySort keys; newest first when unsorted, as feeds are."""
    order: list[Any] = []
    for key, desc in sort:
        if key == "id":
            order.append(Activity.id.desc() if desc else Activity.id.asc())
        elif key == "pinned":
            order.extend([Activity.is_pinned.desc(), Activity.id.desc()])
    return order or [Activity.id.desc()]


def activity_select(q: ActivityQuery) -> sa.Select[Any]:
    """SELECT of activities matching ``q`` in its order."""
    return sa.select(Activity).where(*_conditions(q)).order_by(*activity_order(q.sort))


async def find_activities(
    session: AsyncSession, q: ActivityQuery, page: int, per_page: int
) -> PageResult[Activity]:
    """One page of activities matching ``q`` with the total count."""
    return await paginate(session, activity_select(q), page, per_page)


async def first_activity(session: AsyncSession, q: ActivityQuery) -> Activity | None:
    """The first activity matching ``q``, or None."""
    return (await session.execute(activity_select(q).limit(1))).scalars().first()


async def activities_by_ids(
    session: AsyncSession, ids: Sequence[int], viewer_id: int | None = None
) -> dict[int, Activity]:
    """Activities the viewer may see, keyed by id (for loaders)."""
    stmt = sa.select(Activity).where(Activity.id.in_(list(ids)), visible_to(viewer_id))
    return {a.id: a for a in (await session.execute(stmt)).scalars()}


def _reply_select(
    reply_id: int | None, activity_id: int | None, viewer_id: int | None
) -> sa.Select[Any]:
    stmt = sa.select(ActivityReply).join(Activity, Activity.id == ActivityReply.activity_id)
    stmt = stmt.where(visible_to(viewer_id))
    if reply_id is not None:
        stmt = stmt.where(ActivityReply.id == reply_id)
    if activity_id is not None:
        stmt = stmt.where(ActivityReply.activity_id == activity_id)
    return stmt.order_by(ActivityReply.id)


async def find_replies(
    session: AsyncSession,
    reply_id: int | None,
    activity_id: int | None,
    page: int,
    per_page: int,
    viewer_id: int | None = None,
) -> PageResult[ActivityReply]:
    """One page of replies (oldest first), by id and/or activity."""
    return await paginate(session, _reply_select(reply_id, activity_id, viewer_id), page, per_page)


async def first_reply(
    session: AsyncSession, reply_id: int | None, activity_id: int | None, viewer_id: int | None
) -> ActivityReply | None:
    """The first reply matching, or None."""
    stmt = _reply_select(reply_id, activity_id, viewer_id).limit(1)
    return (await session.execute(stmt)).scalars().first()


async def replies_of(
    session: AsyncSession, activity_ids: Sequence[int]
) -> dict[int, list[ActivityReply]]:
    """Every reply of each activity, oldest first: one statement for a whole level."""
    stmt = (
        sa.select(ActivityReply)
        .where(ActivityReply.activity_id.in_(list(activity_ids)))
        .order_by(ActivityReply.activity_id, ActivityReply.id)
    )
    out: dict[int, list[ActivityReply]] = defaultdict(list)
    for reply in (await session.execute(stmt)).scalars():
        out[reply.activity_id].append(reply)
    return dict(out)
