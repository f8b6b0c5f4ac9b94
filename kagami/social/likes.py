"""Like and subscription reads: who liked a likeable, and the viewer's own likes/subscriptions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.db.paging import PageResult, paginate
from kagami.social.enums import LikeableType
from kagami.social.models import Activity, ActivityReply, ActivitySubscription, Like
from kagami.social.queries import visible_to


def _likeable_visible(viewer_id: int | None) -> Any:
    """Condition: the liked thing is one ``viewer_id`` may see (as its own read would show it).

    Likes of a private message, or of a reply to one, are hidden from everyone but its
    sender and recipient, exactly as the activity is: who liked it, and that it exists.
    """
    activity_seen = sa.exists().where(Activity.id == Like.likeable_id, visible_to(viewer_id))
    reply_seen = sa.exists().where(
        ActivityReply.id == Like.likeable_id,
        Activity.id == ActivityReply.activity_id,
        visible_to(viewer_id),
    )
    return sa.or_(
        Like.likeable_type.not_in([LikeableType.ACTIVITY, LikeableType.ACTIVITY_REPLY]),
        sa.and_(Like.likeable_type == LikeableType.ACTIVITY, activity_seen),
        sa.and_(Like.likeable_type == LikeableType.ACTIVITY_REPLY, reply_seen),
    )


def _likers_select(
    likeable_type: str | None, likeable_id: int | None, viewer_id: int | None
) -> sa.Select[Any]:
    stmt = sa.select(User).join(Like, Like.user_id == User.id).where(_likeable_visible(viewer_id))
    if likeable_type is not None:
        stmt = stmt.where(Like.likeable_type == likeable_type)
    if likeable_id is not None:
        stmt = stmt.where(Like.likeable_id == likeable_id)
    return stmt.order_by(Like.id)


async def find_likers(
    session: AsyncSession,
    likeable_type: str | None,
    likeable_id: int | None,
    page: int,
    per_page: int,
    viewer_id: int | None = None,
) -> PageResult[User]:
    """One page of users who liked ``likeable_id`` of ``likeable_type``, in like order."""
    stmt = _likers_select(likeable_type, likeable_id, viewer_id)
    return await paginate(session, stmt, page, per_page)


async def first_liker(
    session: AsyncSession,
    likeable_type: str | None,
    likeable_id: int | None,
    viewer_id: int | None = None,
) -> User | None:
    """The first user who liked the likeable the viewer may see, or None."""
    stmt = _likers_select(likeable_type, likeable_id, viewer_id).limit(1)
    return (await session.execute(stmt)).scalars().first()


async def likers_of(
    session: AsyncSession, likeable_type: str, likeable_ids: Sequence[int]
) -> dict[int, list[User]]:
    """Every liker of each likeable, in like order: one statement for a whole level."""
    stmt = (
        sa.select(Like.likeable_id, User)
        .join(User, User.id == Like.user_id)
        .where(Like.likeable_type == likeable_type, Like.likeable_id.in_(list(likeable_ids)))
        .order_by(Like.likeable_id, Like.id)
    )
    out: dict[int, list[User]] = defaultdict(list)
    for likeable_id, user in (await session.execute(stmt)).all():
        out[likeable_id].append(user)
    return dict(out)


async def liked_by(
    session: AsyncSession, user_id: int, likeable_type: str, likeable_ids: Sequence[int]
) -> dict[int, bool]:
    """Which of the likeables ``user_id`` liked (True only; absent means not liked)."""
    stmt = sa.select(Like.likeable_id).where(
        Like.user_id == user_id,
        Like.likeable_type == likeable_type,
        Like.likeable_id.in_(list(likeable_ids)),
    )
    return {i: True for i in (await session.execute(stmt)).scalars()}


async def subscribed_by(
    session: AsyncSession, user_id: int, activity_ids: Sequence[int]
) -> dict[int, bool]:
    """Which of the activities ``user_id`` is subscribed to (True only)."""
    stmt = sa.select(ActivitySubscription.activity_id).where(
        ActivitySubscription.user_id == user_id,
        ActivitySubscription.activity_id.in_(list(activity_ids)),
    )
    return {i: True for i in (await session.execute(stmt)).scalars()}
