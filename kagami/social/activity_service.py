"""Activities: text posts, messages, list-activity locks, deletion, pins and subscriptions.

A message lives on its recipient's profile (``user_id``) and names its sender
(``messenger_id``); a private one is its two parties' only, so to anyone else it does
not exist (404). Mod-only flags (``locked``, ``asMod``) are ignored for other users.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.db.writes import insert_or_ignore
from kagami.errors import Forbidden, NotFound
from kagami.moderation import audit
from kagami.social import policy
from kagami.social.enums import ActivityType, LikeableType, NotificationType
from kagami.social.mentions import notify_mentions
from kagami.social.models import (
    Activity,
    ActivityReply,
    ActivitySubscription,
    Follow,
    Like,
    Notification,
)
from kagami.social.notify import notify
from kagami.social.texts import MESSAGE, TEXT_ACTIVITY, checked_text, required_id
from kagami.social.unread import withdraw_unread

LIST_TYPES = frozenset({ActivityType.ANIME_LIST, ActivityType.MANGA_LIST, ActivityType.MEDIA_LIST})


async def visible_activity(
    session: AsyncSession, actor_id: int, activity_id: int, types: frozenset[ActivityType] | None
) -> Activity:
    """The activity (of one of ``types``) if the actor may see it, else NotFound."""
    activity = await session.get(Activity, activity_id)
    if activity is None or not policy.may_see(actor_id, activity):
        raise NotFound()
    if types is not None and activity.type not in types:
        raise NotFound()
    return activity


async def _moderator(session: AsyncSession, actor_id: int, needed: bool) -> bool:
    """Whether the actor moderates, asked of the database only when it matters."""
    return needed and await policy.is_moderator(session, actor_id)


async def _audit_edit(
    session: AsyncSession,
    actor_id: int,
    activity: Activity,
    author_id: int | None,
    locked: bool | None,
) -> None:
    """Audit rows for a moderator's edit of someone else's activity and for a lock change."""
    if actor_id != author_id:
        await audit.record(session, actor_id, "activity.edit", "activity", activity.id)
    if locked is not None:
        await audit.record(session, actor_id, "activity.lock", "activity", activity.id)


async def save_text_activity(
    session: AsyncSession,
    actor_id: int,
    *,
    activity_id: int | None,
    text: str | None,
    locked: bool | None,
) -> Activity:
    """Post a text activity (telling the ``@mentioned``), or edit one's own (mods: any)."""
    body = checked_text("text", text, TEXT_ACTIVITY)
    if activity_id is None:
        activity = Activity(type=ActivityType.TEXT, user_id=actor_id, text=body)
        moderator = await _moderator(session, actor_id, locked is not None)
        if moderator:
            activity.is_locked = bool(locked)
        session.add(activity)
        await session.flush()
        if moderator:
            await _audit_edit(session, actor_id, activity, actor_id, locked)
        await notify_mentions(session, actor_id, body, activity_id=activity.id, exclude=set())
        return activity
    activity = await visible_activity(
        session, actor_id, activity_id, frozenset({ActivityType.TEXT})
    )
    moderator = await _moderator(
        session, actor_id, locked is not None or actor_id != activity.user_id
    )
    if not policy.may_edit_activity(actor_id, activity, moderator):
        raise Forbidden()
    activity.text = body
    if moderator:
        await _audit_edit(session, actor_id, activity, activity.user_id, locked)
        if locked is not None:
            activity.is_locked = locked
    await session.flush()
    return activity


async def _may_message(session: AsyncSession, actor_id: int, recipient_id: int) -> User:
    """The recipient, if they exist and accept messages from the actor (else 404 / 403)."""
    recipient = await session.scalar(
        sa.select(User).where(User.id == recipient_id, User.is_active.is_(True))
    )
    if recipient is None:
        raise NotFound()
    if recipient.restrict_messages_to_following and recipient_id != actor_id:
        follows = await session.scalar(
            sa.select(Follow.created_at).where(
                Follow.follower_id == recipient_id, Follow.followed_id == actor_id
            )
        )
        if follows is None:
            if not await policy.is_moderator(session, actor_id):
                raise Forbidden()
            await audit.record(session, actor_id, "message.restricted", "user", recipient_id)
    return recipient


async def save_message_activity(
    session: AsyncSession,
    actor_id: int,
    *,
    activity_id: int | None,
    message: str | None,
    recipient_id: int | None,
    private: bool | None,
    locked: bool | None,
) -> Activity:
    """Send a message to a user's profile (ACTIVITY_MESSAGE), or edit one's own message."""
    body = checked_text("message", message, MESSAGE)
    if activity_id is None:
        recipient = required_id("recipient_id", recipient_id)
        await _may_message(session, actor_id, recipient)
        activity = Activity(
            type=ActivityType.MESSAGE,
            user_id=recipient,
            messenger_id=actor_id,
            text=body,
            is_private=bool(private),
        )
        moderator = await _moderator(session, actor_id, locked is not None)
        if moderator:
            activity.is_locked = bool(locked)
        session.add(activity)
        await session.flush()
        if moderator:
            await _audit_edit(session, actor_id, activity, actor_id, locked)
        await notify(
            session,
            user_id=recipient,
            type=NotificationType.ACTIVITY_MESSAGE,
            actor_id=actor_id,
            activity_id=activity.id,
        )
        return activity
    activity = await visible_activity(
        session, actor_id, activity_id, frozenset({ActivityType.MESSAGE})
    )
    moderator = await _moderator(
        session, actor_id, locked is not None or actor_id != activity.messenger_id
    )
    if not policy.may_edit_activity(actor_id, activity, moderator):
        raise Forbidden()
    activity.text = body
    if private is not None:
        activity.is_private = private
    if moderator:
        await _audit_edit(session, actor_id, activity, activity.messenger_id, locked)
        if locked is not None:
            activity.is_locked = locked
    await session.flush()
    return activity


async def save_list_activity(
    session: AsyncSession, actor_id: int, *, activity_id: int | None, locked: bool | None
) -> Activity:
    """Lock or unlock a list activity: its only editable field, and a moderator's."""
    ident = required_id("id", activity_id)
    activity = await visible_activity(session, actor_id, ident, LIST_TYPES)
    if not await policy.is_moderator(session, actor_id):
        raise Forbidden()
    if locked is not None:
        activity.is_locked = locked
        await audit.record(session, actor_id, "activity.lock", "activity", activity.id)
        await session.flush()
    return activity


async def delete_activity(session: AsyncSession, actor_id: int, *, activity_id: int | None) -> bool:
    """Delete an activity with its replies, likes, subscriptions and notifications."""
    ident = required_id("id", activity_id)
    activity = await visible_activity(session, actor_id, ident, None)
    parties = (activity.user_id, activity.messenger_id)
    moderator = await _moderator(session, actor_id, actor_id not in parties)
    if not policy.may_delete_activity(actor_id, activity, moderator):
        raise Forbidden()
    if moderator:
        await audit.record(session, actor_id, "activity.delete", "activity", activity.id)
    replies = sa.select(ActivityReply.id).where(ActivityReply.activity_id == ident)
    await session.execute(
        sa.delete(Like)
        .where(
            sa.or_(
                sa.and_(Like.likeable_type == LikeableType.ACTIVITY, Like.likeable_id == ident),
                sa.and_(
                    Like.likeable_type == LikeableType.ACTIVITY_REPLY,
                    Like.likeable_id.in_(replies),
                ),
            )
        )
        .execution_options(synchronize_session=False)
    )
    # Replies, subscriptions and notifications go with it (ON DELETE CASCADE).
    await withdraw_unread(session, Notification.activity_id == ident)
    await session.execute(
        sa.delete(Activity).where(Activity.id == ident).execution_options(synchronize_session=False)
    )
    session.expunge(activity)
    return True


async def toggle_activity_pin(
    session: AsyncSession, actor_id: int, *, activity_id: int | None, pinned: bool | None
) -> Activity:
    """Pin one's own activity to the top of one's profile (unpinning any other), or unpin it."""
    ident = required_id("id", activity_id)
    activity = await visible_activity(session, actor_id, ident, None)
    if not policy.may_pin(actor_id, activity):
        raise Forbidden()
    pin = (not activity.is_pinned) if pinned is None else pinned
    if pin:
        await session.execute(
            sa.update(Activity)
            .where(Activity.user_id == actor_id, Activity.is_pinned.is_(True), Activity.id != ident)
            .values(is_pinned=False)
            .execution_options(synchronize_session=False)
        )
    activity.is_pinned = pin
    await session.flush()
    return activity


async def toggle_activity_subscription(
    session: AsyncSession, actor_id: int, *, activity_id: int | None, subscribe: bool | None
) -> Activity:
    """Subscribe to an activity's replies (ACTIVITY_REPLY_SUBSCRIBED), or unsubscribe."""
    ident = required_id("activity_id", activity_id)
    activity = await visible_activity(session, actor_id, ident, None)
    if subscribe is not True:
        removed = await session.execute(
            sa.delete(ActivitySubscription).where(
                ActivitySubscription.activity_id == ident,
                ActivitySubscription.user_id == actor_id,
            )
        )
        if subscribe is False or bool(getattr(removed, "rowcount", 0)):
            return activity
    await insert_or_ignore(session, ActivitySubscription, activity_id=ident, user_id=actor_id)
    return activity
