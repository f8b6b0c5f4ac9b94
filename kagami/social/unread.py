"""Keeping unread counters exact when notifications go away with what they were about."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
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
