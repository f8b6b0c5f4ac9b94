"""Activity replies: posting (with its notifications), editing and deleting; replyCount exact.

Posting a reply tells the activity's owner (a message's two parties) ACTIVITY_REPLY, the
``@mentioned`` ACTIVITY_MENTION, and every other subscriber ACTIVITY_REPLY_SUBSCRIBED;
the replier is subscribed to further replies, as AniList does.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.db.writes import insert_or_ignore
from kagami.errors import Forbidden, NotFound
from kagami.moderation import audit
from kagami.social import policy
from kagami.social.activity_service import visible_activity
from kagami.social.enums import LikeableType, NotificationType
from kagami.social.mentions import notify_mentions
from kagami.social.models import Activity, ActivityReply, ActivitySubscription, Like
from kagami.social.notify import notify_many
from kagami.social.texts import REPLY, checked_text, required_id


async def _bump_replies(session: AsyncSession, activity_id: int, delta: int) -> None:
    await session.execute(
        sa.update(Activity)
        .where(Activity.id == activity_id)
        .values(reply_count=Activity.reply_count + delta)
        .execution_options(synchronize_session=False)
    )


async def _tell(session: AsyncSession, actor_id: int, activity: Activity, text: str) -> None:
    """The notifications of a new reply: owners, then the mentioned, then other subscribers."""
    owners = {o for o in (activity.user_id, activity.messenger_id) if o is not None}
    told = set(
        await notify_many(
            session,
            user_ids=owners,
            type=NotificationType.ACTIVITY_REPLY,
            actor_id=actor_id,
            activity_id=activity.id,
        )
    )
    mentioned = await notify_mentions(
        session, actor_id, text, activity_id=activity.id, exclude=told | owners
    )
    subscribers = await session.scalars(
        sa.select(ActivitySubscription.user_id).where(
            ActivitySubscription.activity_id == activity.id
        )
    )
    await notify_many(
        session,
        user_ids=set(subscribers) - owners - mentioned,
        type=NotificationType.ACTIVITY_REPLY_SUBSCRIBED,
        actor_id=actor_id,
        activity_id=activity.id,
    )


async def save_activity_reply(
    session: AsyncSession,
    actor_id: int,
    *,
    reply_id: int | None,
    activity_id: int | None,
    text: str | None,
) -> ActivityReply:
    """Reply to an activity the actor may see (not a locked one), or edit one's own reply."""
    body = checked_text("text", text, REPLY)
    if reply_id is not None:
        reply = await session.get(ActivityReply, reply_id)
        if reply is None:
            raise NotFound()
        await visible_activity(session, actor_id, reply.activity_id, None)
        moderator = actor_id != reply.user_id and await policy.is_moderator(session, actor_id)
        if not policy.may_edit_reply(actor_id, reply, moderator):
            raise Forbidden()
        if moderator:
            await audit.record(session, actor_id, "reply.edit", "reply", reply.id)
        reply.text = body
        await session.flush()
        return reply
    ident = required_id("activity_id", activity_id)
    activity = await visible_activity(session, actor_id, ident, None)
    if activity.is_locked:
        if not await policy.is_moderator(session, actor_id):
            raise Forbidden()
        await audit.record(session, actor_id, "activity.reply_locked", "activity", ident)
    reply = ActivityReply(activity_id=ident, user_id=actor_id, text=body)
    session.add(reply)
    await session.flush()
    await _bump_replies(session, ident, 1)
    await _tell(session, actor_id, activity, body)
    await insert_or_ignore(session, ActivitySubscription, activity_id=ident, user_id=actor_id)
    return reply


async def delete_activity_reply(
    session: AsyncSession, actor_id: int, *, reply_id: int | None
) -> bool:
    """Delete a reply (its author, the owner of the profile it is on, or a moderator)."""
    ident = required_id("id", reply_id)
    reply = await session.get(ActivityReply, ident)
    if reply is None:
        raise NotFound()
    activity = await visible_activity(session, actor_id, reply.activity_id, None)
    moderator = actor_id not in (reply.user_id, activity.user_id) and await policy.is_moderator(
        session, actor_id
    )
    if not policy.may_delete_reply(actor_id, reply, activity, moderator):
        raise Forbidden()
    if moderator:
        await audit.record(session, actor_id, "reply.delete", "reply", ident)
    await session.execute(
        sa.delete(Like).where(
            Like.likeable_type == LikeableType.ACTIVITY_REPLY, Like.likeable_id == ident
        )
    )
    await session.execute(
        sa.delete(ActivityReply)
        .where(ActivityReply.id == ident)
        .execution_options(synchronize_session=False)
    )
    session.expunge(reply)
    await _bump_replies(session, activity.id, -1)
    return True
