"""Notification bookkeeping besides notify(): exact counters on deletion, no repeats."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.social.enums import NotificationType
from kagami.social.models import Notification


async def withdraw_unread(session: AsyncSession, where: sa.ColumnElement[bool]) -> None:
    """Before notifications matching ``where`` are deleted: take their unread ones off the
    recipients' unread counters (one statement), so the counters stay exact."""
    unread = sa.and_(where, Notification.is_read.is_(False))
    per_user = (
        sa.select(sa.func.count()).where(unread, Notification.user_id == User.id).scalar_subquery()
    )
    await session.execute(
        sa.update(User)
        .where(User.id.in_(sa.select(Notification.user_id).where(unread)))
        .values(unread_notification_count=User.unread_notification_count - per_user)
        .execution_options(synchronize_session=False)
    )


async def already_told(
    session: AsyncSession, *, user_id: int, type: NotificationType, actor_id: int, **refs: int
) -> bool:
    """Whether ``user_id`` already has this notification from ``actor_id`` about ``refs``.

    Toggles check it before notifying, so liking/unliking (or following/unfollowing)
    over and over cannot flood someone's notifications.
    """
    conditions = [getattr(Notification, column) == value for column, value in refs.items()]
    found = await session.scalar(
        sa.select(Notification.id)
        .where(
            Notification.user_id == user_id,
            Notification.type == type,
            Notification.actor_id == actor_id,
            *conditions,
        )
        .limit(1)
    )
    return found is not None
