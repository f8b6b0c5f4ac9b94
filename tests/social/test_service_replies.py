"""Reply services on a session: replyCount, subscriptions, notifications."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.social.enums import ActivityType
from kagami.social.models import Activity, ActivitySubscription, Notification
from kagami.social.reply_service import delete_activity_reply, save_activity_reply


async def test_replies_move_reply_count_and_subscribe_the_replier(session: AsyncSession) -> None:
    activity = Activity(type=ActivityType.TEXT, user_id=1, text="hello")
    session.add(activity)
    await session.flush()
    first = await save_activity_reply(session, 2, reply_id=None, activity_id=activity.id, text="hi")
    await save_activity_reply(session, 3, reply_id=None, activity_id=activity.id, text="yo")
    count = await session.scalar(sa.select(Activity.reply_count).where(Activity.id == activity.id))
    assert count == 2
    subscribers = await session.scalars(sa.select(ActivitySubscription.user_id).order_by("user_id"))
    assert list(subscribers) == [2, 3]
    notes = await session.execute(
        sa.select(Notification.user_id, Notification.type).order_by(Notification.id)
    )
    assert notes.all() == [
        (1, "ACTIVITY_REPLY"),
        (1, "ACTIVITY_REPLY"),
        (2, "ACTIVITY_REPLY_SUBSCRIBED"),
    ]
    assert await delete_activity_reply(session, 2, reply_id=first.id)
    count = await session.scalar(sa.select(Activity.reply_count).where(Activity.id == activity.id))
    assert count == 1
