"""Activity services and mentions on a session."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.errors import Forbidden, Invalid
from kagami.social import activity_service
from kagami.social.mentions import MAX_MENTIONS, mentioned_names
from kagami.social.models import Activity, Notification


def test_mentions_are_names_after_an_at_sign_not_emails() -> None:
    text = "hi @Bob, @bob again, mail@example.com, @a, @x_y-z! (@user2)"
    assert mentioned_names(text) == ["bob", "x_y-z", "user2"]


def test_mentions_are_bounded() -> None:
    text = " ".join(f"@name{i}" for i in range(100))
    assert len(mentioned_names(text)) == MAX_MENTIONS


async def test_text_activity_mentions_notify_existing_users(session: AsyncSession) -> None:
    names = list(await session.scalars(sa.select(User.name).order_by(User.id)))
    activity = await activity_service.save_text_activity(
        session, 1, activity_id=None, text=f"hey @{names[1]} @{names[0]} @ghost", locked=None
    )
    told = await session.execute(sa.select(Notification.user_id, Notification.activity_id))
    assert told.all() == [(2, activity.id)]


async def test_a_message_to_a_user_who_restricts_messages_is_forbidden(
    session: AsyncSession,
) -> None:
    await session.execute(
        sa.update(User).where(User.id == 2).values(restrict_messages_to_following=True)
    )
    with pytest.raises(Forbidden):
        await activity_service.save_message_activity(
            session, 1, activity_id=None, message="hi", recipient_id=2, private=None, locked=None
        )
    assert await session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0


async def test_a_text_activity_is_bounded(session: AsyncSession) -> None:
    with pytest.raises(Invalid) as caught:
        await activity_service.save_text_activity(
            session, 1, activity_id=None, text="    abc    ", locked=None
        )
    assert caught.value.fields == {"text": ["The text must be at least 5 characters."]}
