"""Creating notifications: the one place that decides whether a user is told about something.

Every write service that tells a user about something calls :func:`notify` (one recipient)
or :func:`notify_many` (a fan-out, in three statements whatever its size). Both honour the
recipients' notification options (``User.notification_options``: a missing type is enabled,
AniList's default; AIRING also needs ``User.airing_notifications``), never tell actors about
their own doings, and bump ``User.unread_notification_count`` (what
``Viewer.unreadNotificationCount`` reads) with SQL arithmetic. They never commit.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.social.enums import NotificationType
from kagami.social.models import Notification

# AniList's ``context`` of each notification type, used when the caller gives none.
CONTEXTS: dict[NotificationType, str] = {
    NotificationType.FOLLOWING: " started following you.",
    NotificationType.ACTIVITY_MESSAGE: " sent you a message.",
    NotificationType.ACTIVITY_REPLY: " replied to your activity.",
    NotificationType.ACTIVITY_MENTION: " mentioned you in their activity.",
    NotificationType.ACTIVITY_LIKE: " liked your activity.",
    NotificationType.ACTIVITY_REPLY_LIKE: " liked your activity reply.",
    NotificationType.ACTIVITY_REPLY_SUBSCRIBED: " replied to activity you're subscribed to.",
    NotificationType.THREAD_LIKE: " liked your forum thread, ",
    NotificationType.THREAD_COMMENT_LIKE: " liked your comment, in the forum thread ",
    NotificationType.THREAD_COMMENT_MENTION: " mentioned you, in the forum thread ",
    NotificationType.THREAD_COMMENT_REPLY: " replied to your comment, in the forum thread ",
    NotificationType.THREAD_SUBSCRIBED: " commented in your subscribed forum thread ",
    NotificationType.RELATED_MEDIA_ADDITION: " was recently added to the site.",
}


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
    await notify_many(
        session,
        user_ids=[user_id],
        type=type,
        actor_id=actor_id,
        activity_id=activity_id,
        thread_id=thread_id,
        comment_id=comment_id,
        media_id=media_id,
        context=context,
    )


async def notify_many(
    session: AsyncSession,
    *,
    user_ids: Iterable[int],
    type: NotificationType,
    actor_id: int | None = None,
    activity_id: int | None = None,
    thread_id: int | None = None,
    comment_id: int | None = None,
    media_id: int | None = None,
    context: str | None = None,
) -> list[int]:
    """:func:`notify` for each of ``user_ids`` in three statements; returns who was told."""
    wanted = sorted({u for u in user_ids if u != actor_id})
    if not wanted:
        return []
    rows = await session.execute(
        sa.select(User.id, User.notification_options, User.airing_notifications).where(
            User.id.in_(wanted)
        )
    )
    told = sorted(r.id for r in rows if wants(r.notification_options, r.airing_notifications, type))
    if not told:
        return []
    values = {
        "type": type,
        "actor_id": actor_id,
        "activity_id": activity_id,
        "thread_id": thread_id,
        "comment_id": comment_id,
        "media_id": media_id,
        "context": CONTEXTS.get(type) if context is None else context,
    }
    await session.execute(sa.insert(Notification), [{"user_id": u, **values} for u in told])
    await session.execute(
        sa.update(User)
        .where(User.id.in_(told))
        .values(unread_notification_count=User.unread_notification_count + 1)
        .execution_options(synchronize_session=False)
    )
    return told
