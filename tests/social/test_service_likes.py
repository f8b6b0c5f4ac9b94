"""The like service on a session: the toggle, the counter, visibility of private messages."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.errors import Invalid, NotFound
from kagami.social.enums import ActivityType
from kagami.social.like_service import toggle_like
from kagami.social.models import Activity


async def test_toggle_like_flips_and_keeps_the_count(session: AsyncSession) -> None:
    activity = Activity(type=ActivityType.TEXT, user_id=1, text="hello")
    session.add(activity)
    await session.flush()
    first = await toggle_like(session, 2, likeable_id=activity.id, type="ACTIVITY")
    second = await toggle_like(session, 3, likeable_id=activity.id, type="ACTIVITY")
    assert (first.liked, second.liked, second.target.like_count) == (True, True, 2)
    again = await toggle_like(session, 2, likeable_id=activity.id, type="ACTIVITY")
    assert (again.liked, again.target.like_count) == (False, 1)


async def test_a_private_message_is_not_found_for_others(session: AsyncSession) -> None:
    message = Activity(
        type=ActivityType.MESSAGE, user_id=1, messenger_id=2, text="psst", is_private=True
    )
    session.add(message)
    await session.flush()
    with pytest.raises(NotFound):
        await toggle_like(session, 3, likeable_id=message.id, type="ACTIVITY")
    assert (await toggle_like(session, 1, likeable_id=message.id, type="ACTIVITY")).liked


async def test_toggle_like_names_missing_arguments(session: AsyncSession) -> None:
    with pytest.raises(Invalid) as caught:
        await toggle_like(session, 1, likeable_id=None, type=None)
    assert set(caught.value.fields) == {"id", "type"}
