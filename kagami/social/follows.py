"""Follow reads: a user's followers and followings, and the viewer's relationship flags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.accounts.queries import user_order
from kagami.db.paging import PageResult, paginate
from kagami.social.models import Follow


def _select(user_id: int, *, followers: bool, sort: Sequence[tuple[str, bool]]) -> sa.Select[Any]:
    """Users following ``user_id`` (followers) or followed by it, in ``sort`` (id by default)."""
    other, this = (
        (Follow.follower_id, Follow.followed_id)
        if followers
        else (Follow.followed_id, Follow.follower_id)
    )
    return (
        sa.select(User)
        .join(Follow, other == User.id)
        .where(this == user_id, User.is_active.is_(True))
        .order_by(*user_order(sort))
    )


async def find_follows(
    session: AsyncSession,
    user_id: int,
    *,
    followers: bool,
    sort: Sequence[tuple[str, bool]],
    page: int,
    per_page: int,
) -> PageResult[User]:
    """One page of ``user_id``'s followers (``followers=True``) or followed users."""
    return await paginate(session, _select(user_id, followers=followers, sort=sort), page, per_page)


async def first_follow(
    session: AsyncSession, user_id: int, *, followers: bool, sort: Sequence[tuple[str, bool]]
) -> User | None:
    """The first follower / followed user of ``user_id``, or None."""
    stmt = _select(user_id, followers=followers, sort=sort).limit(1)
    return (await session.execute(stmt)).scalars().first()


async def relationships(
    session: AsyncSession, viewer_id: int, user_ids: Sequence[int]
) -> dict[int, tuple[bool, bool]]:
    """(viewer follows them, they follow the viewer) per user id, in one statement."""
    ids = list(user_ids)
    stmt = sa.select(Follow.follower_id, Follow.followed_id).where(
        sa.or_(
            sa.and_(Follow.follower_id == viewer_id, Follow.followed_id.in_(ids)),
            sa.and_(Follow.followed_id == viewer_id, Follow.follower_id.in_(ids)),
        )
    )
    out = {i: (False, False) for i in ids}
    for follower, followed in (await session.execute(stmt)).all():
        if follower == viewer_id:
            out[followed] = (True, out[followed][1])
        if followed == viewer_id:
            out[follower] = (out[follower][0], True)
    return out
