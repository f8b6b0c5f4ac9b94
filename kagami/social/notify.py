"""Creating notifications: the one place that decides whether a user is told about something.

Every write service that tells a user about something calls :func:`notify`; it honours the
recipient's notification options (``User.notification_options``: a missing type is enabled,
AniList's default; AIRING also needs ``User.airing_notifications``), never tells actors about
their own doings, and bumps ``User.unread_notification_count`` (what
``Viewer.unreadNotificationCount`` reads) with SQL arithmetic. It never commits.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.social.enums import NotificationType
from kagami.social.models import Notification


def wants(options: dict[str, object] | None, airing: bool, type: NotificationType) -> bool:
    """Whether a user with these options receives notifications of ``type``."""
    if type is NotificationType.AIRING and not airing:
        return False
    return bool((options or {}).get(type.value, True))


async def notify(
    session: AsyncSession,
    *,
    user_id: int,
    type: NotificationType,
    actor_id: int | None = None,
    activity_id: int | None = None,
    thread_id: int | None = None,
    comment_id: int | None = None,
    media_id: int | None = None,
    context: str | None = None,
) -> None:
    """Tell ``user_id`` about ``type`` unless they did it themselves or turned the type off."""
    if actor_id is not None and actor_id == user_id:
        return
    row = (
        await session.execute(
            sa.select(User.notification_options, User.airing_notifications).where(
                User.id == user_id
            )
        )
    ).first()
    if row is None or not wants(row.notification_options, row.airing_notifications, type):
        return
    await session.execute(
        sa.insert(Notification).values(
            user_id=user_id,
            type=type,
            actor_id=actor_id,
            activity_id=activity_id,
            thread_id=thread_id,
            comment_id=comment_id,
            media_id=media_id,
            context=context,
        )
    )
    await session.execute(
        sa.update(User)
        .where(User.id == user_id)
        .values(unread_notification_count=User.unread_notification_count + 1)
        .execution_options(synchronize_session=False)
    )
