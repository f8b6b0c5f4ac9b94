"""ToggleFollow: follow or unfollow a user, telling them when they gain a follower."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.db.writes import insert_or_ignore
from kagami.errors import Invalid, NotFound
from kagami.social.enums import NotificationType
from kagami.social.models import Follow
from kagami.social.notify import notify
from kagami.social.texts import required_id
from kagami.social.unread import already_told


async def toggle_follow(session: AsyncSession, actor_id: int, *, user_id: int | None) -> User:
    """Follow ``user_id`` if the actor does not yet, else unfollow; returns the followed user."""
    user_id = required_id("user_id", user_id)
    if user_id == actor_id:
        raise Invalid({"user_id": ["You cannot follow yourself."]})
    target = await session.scalar(
        sa.select(User).where(User.id == user_id, User.is_active.is_(True))
    )
    if target is None:
        raise NotFound()
    removed = await session.execute(
        sa.delete(Follow).where(Follow.follower_id == actor_id, Follow.followed_id == user_id)
    )
    if getattr(removed, "rowcount", 0):
        return target
    added = await insert_or_ignore(session, Follow, follower_id=actor_id, followed_id=user_id)
    kind = NotificationType.FOLLOWING
    if added and not await already_told(session, user_id=user_id, type=kind, actor_id=actor_id):
        await notify(session, user_id=user_id, type=kind, actor_id=actor_id)
    return target
