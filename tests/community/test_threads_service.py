"""Forum thread writes at the service level: filing, moderator flags, deletion, subscriptions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.community.forum import ThreadQuery, categories_of, first_thread, media_categories_of
from kagami.community.models import ForumCategory, ThreadSubscription
from kagami.community.threads_service import (
    delete_thread,
    save_thread,
    toggle_thread_subscription,
)
from kagami.errors import Forbidden, Invalid, NotFound


@pytest.fixture
async def forum(session: AsyncSession) -> AsyncSession:
    """Categories 1 and 2, and user 3 a community moderator."""
    session.add_all([ForumCategory(id=1, name="Anime"), ForumCategory(id=2, name="Manga")])
    await session.execute(sa.update(User).where(User.id == 3).values(moderator_roles=["COMMUNITY"]))
    await session.flush()
    return session


async def _subscribed(session: AsyncSession, user_id: int, thread_id: int) -> bool:
    stmt = sa.select(sa.func.count()).where(
        ThreadSubscription.user_id == user_id, ThreadSubscription.thread_id == thread_id
    )
    return bool(await session.scalar(stmt))


async def test_save_thread_files_it_and_subscribes_its_author(forum: AsyncSession) -> None:
    thread = await save_thread(
        forum,
        1,
        title="  A fine topic  ",
        body="Words.",
        categories=[2, 1, None],
        media_categories=[3],
    )
    assert (thread.user_id, thread.title, thread.body) == (1, "A fine topic", "Words.")
    assert (thread.is_sticky, thread.is_locked, thread.reply_count) == (False, False, 0)
    assert [c.id for c in (await categories_of(forum, [thread.id]))[thread.id]] == [1, 2]
    assert [m.id for m in (await media_categories_of(forum, [thread.id]))[thread.id]] == [3]
    assert await _subscribed(forum, 1, thread.id)


async def test_editing_replaces_only_what_is_given(forum: AsyncSession) -> None:
    thread = await save_thread(forum, 1, title="A fine topic", body="Words.", categories=[1])
    await save_thread(forum, 1, thread_id=thread.id, categories=[2], media_categories=[1, 2])
    assert thread.title == "A fine topic"
    assert [c.id for c in (await categories_of(forum, [thread.id]))[thread.id]] == [2]
    assert len((await media_categories_of(forum, [thread.id]))[thread.id]) == 2


async def test_save_thread_validation(forum: AsyncSession) -> None:
    with pytest.raises(Invalid) as caught:
        await save_thread(forum, 1, title="short", body="x" * 30_001)
    assert caught.value.fields == {
        "title": ["The title must be at least 6 characters."],
        "body": ["The body may not be greater than 30000 characters."],
    }
    with pytest.raises(Invalid) as caught:
        await save_thread(forum, 1, title="A fine topic", body="b", categories=[1, 99])
    assert caught.value.fields == {"categories": ["The selected categories is invalid."]}
    with pytest.raises(Invalid) as caught:
        await save_thread(
            forum, 1, title="A fine topic", body="b", media_categories=list(range(26))
        )
    assert list(caught.value.fields) == ["media_categories"]
    assert await first_thread(forum, ThreadQuery()) is None


async def test_sticky_and_locked_are_for_moderators(forum: AsyncSession) -> None:
    with pytest.raises(Forbidden):
        await save_thread(forum, 1, title="A fine topic", body="b", sticky=True)
    thread = await save_thread(forum, 1, title="A fine topic", body="b", locked=False)
    with pytest.raises(Forbidden):
        await save_thread(forum, 1, thread_id=thread.id, locked=True)
    with pytest.raises(Forbidden):
        await save_thread(forum, 2, thread_id=thread.id, title="Not my thread")
    moderated = await save_thread(forum, 3, thread_id=thread.id, sticky=True, locked=True)
    assert (moderated.is_sticky, moderated.is_locked, moderated.user_id) == (True, True, 1)
    # The author may still edit the text; the flags they send back unchanged are fine.
    edited = await save_thread(forum, 1, thread_id=thread.id, title="Renamed topic", sticky=True)
    assert edited.title == "Renamed topic"


async def test_deleted_threads_are_gone_for_reads_and_writes(forum: AsyncSession) -> None:
    thread = await save_thread(forum, 1, title="A fine topic", body="b")
    with pytest.raises(Forbidden):
        await delete_thread(forum, 2, thread.id)
    assert await delete_thread(forum, 1, thread.id) is True
    assert await first_thread(forum, ThreadQuery(ids=[thread.id])) is None
    for write in (
        delete_thread(forum, 1, thread.id),
        save_thread(forum, 1, thread_id=thread.id, title="Back again"),
        toggle_thread_subscription(forum, 2, thread.id, True),
    ):
        with pytest.raises(NotFound):
            await write
    other = await save_thread(forum, 2, title="Another topic", body="b")
    assert await delete_thread(forum, 3, other.id) is True  # a moderator's


async def test_subscription_follows_subscribe_or_flips(forum: AsyncSession) -> None:
    thread = await save_thread(forum, 1, title="A fine topic", body="b")
    for subscribe, expected in (
        (True, True),
        (True, True),
        (False, False),
        (None, True),
        (None, False),
    ):
        await toggle_thread_subscription(forum, 2, thread.id, subscribe)
        assert await _subscribed(forum, 2, thread.id) is expected, subscribe
