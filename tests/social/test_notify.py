"""notify(): who is told about what, and the unread counter Viewer.unreadNotificationCount reads."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.social.enums import NotificationType
from kagami.social.models import Notification
from kagami.social.notify import notify, notify_many


async def _state(session: AsyncSession, user_id: int) -> tuple[list[tuple[str, int | None]], int]:
    rows = await session.execute(
        sa.select(Notification.type, Notification.actor_id)
        .where(Notification.user_id == user_id)
        .order_by(Notification.id)
    )
    unread = await session.scalar(
        sa.select(User.unread_notification_count).where(User.id == user_id)
    )
    return [(t, a) for t, a in rows], int(unread or 0)


async def test_notify_stores_the_notification_and_bumps_the_unread_count(
    session: AsyncSession,
) -> None:
    await notify(session, user_id=1, type=NotificationType.FOLLOWING, actor_id=2)
    await notify(session, user_id=1, type=NotificationType.ACTIVITY_MESSAGE, actor_id=3)
    assert await _state(session, 1) == (
        [(NotificationType.FOLLOWING, 2), (NotificationType.ACTIVITY_MESSAGE, 3)],
        2,
    )


async def test_notify_never_tells_actors_about_themselves(session: AsyncSession) -> None:
    await notify(session, user_id=1, type=NotificationType.ACTIVITY_LIKE, actor_id=1)
    assert await _state(session, 1) == ([], 0)


async def test_notify_respects_a_disabled_notification_option(session: AsyncSession) -> None:
    await session.execute(
        sa.update(User)
        .where(User.id == 1)
        .values(notification_options={"FOLLOWING": False, "ACTIVITY_LIKE": True})
    )
    await notify(session, user_id=1, type=NotificationType.FOLLOWING, actor_id=2)
    await notify(session, user_id=1, type=NotificationType.ACTIVITY_LIKE, actor_id=2)
    assert await _state(session, 1) == ([(NotificationType.ACTIVITY_LIKE, 2)], 1)


async def test_notify_skips_airing_when_airing_notifications_are_off(
    session: AsyncSession,
) -> None:
    await session.execute(sa.update(User).where(User.id == 1).values(airing_notifications=False))
    await notify(session, user_id=1, type=NotificationType.AIRING, media_id=1)
    assert await _state(session, 1) == ([], 0)


async def test_notify_for_a_missing_user_does_nothing(session: AsyncSession) -> None:
    await notify(session, user_id=999, type=NotificationType.FOLLOWING, actor_id=2)
    assert await session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0


async def test_notify_fills_in_anilists_context_for_the_type(session: AsyncSession) -> None:
    await notify(session, user_id=1, type=NotificationType.FOLLOWING, actor_id=2)
    await notify(session, user_id=1, type=NotificationType.ACTIVITY_LIKE, actor_id=2, context="x")
    contexts = await session.scalars(sa.select(Notification.context).order_by(Notification.id))
    assert list(contexts) == [" started following you.", "x"]


async def test_notify_many_tells_each_recipient_once_except_the_actor_and_opted_out(
    session: AsyncSession,
) -> None:
    await session.execute(
        sa.update(User).where(User.id == 3).values(notification_options={"ACTIVITY_REPLY": False})
    )
    told = await notify_many(
        session, user_ids=[1, 2, 3, 1], type=NotificationType.ACTIVITY_REPLY, actor_id=2
    )
    assert told == [1]
    assert await _state(session, 1) == ([(NotificationType.ACTIVITY_REPLY, 2)], 1)
    assert await _state(session, 3) == ([], 0)
