"""Thread comment writes at the service level: the thread's reply data, locks, notifications."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.community.comments_service import delete_thread_comment, save_thread_comment
from kagami.community.mentions import mentioned_names
from kagami.community.models import Thread, ThreadComment
from kagami.community.threads_service import save_thread, toggle_thread_subscription
from kagami.errors import Forbidden, Invalid, NotFound
from kagami.social.enums import LikeableType
from kagami.social.models import Like, Notification
from tests.factories import make_user


@pytest.fixture
async def thread(session: AsyncSession) -> Thread:
    """User 1's thread; user 3 moderates; user 4 ("Dora") exists to be mentioned."""
    await session.execute(sa.update(User).where(User.id == 3).values(moderator_roles=["COMMUNITY"]))
    await make_user(session, name="Dora")
    return await save_thread(session, 1, title="A fine topic", body="Words.")


async def _post(session: AsyncSession, user_id: int, thread_id: int, **kw: object) -> ThreadComment:
    return await save_thread_comment(
        session, user_id, thread_id=thread_id, comment=str(kw.pop("text", "Hello.")), **kw
    )  # type: ignore[arg-type]


async def _reply_data(session: AsyncSession, thread_id: int) -> tuple[object, ...]:
    row = (
        await session.execute(
            sa.select(
                Thread.reply_count, Thread.reply_user_id, Thread.reply_comment_id, Thread.replied_at
            ).where(Thread.id == thread_id)
        )
    ).one()
    return tuple(row)


async def _notes(session: AsyncSession) -> list[tuple[int, str]]:
    stmt = sa.select(Notification.user_id, Notification.type).order_by(Notification.id)
    return [(u, str(t)) for u, t in (await session.execute(stmt)).all()]


async def test_posting_moves_the_threads_reply_data(session: AsyncSession, thread: Thread) -> None:
    first = await _post(session, 2, thread.id)
    reply = await save_thread_comment(session, 1, parent_comment_id=first.id, comment="Hi!")
    assert (reply.thread_id, reply.parent_id, reply.comment) == (thread.id, first.id, "Hi!")
    count, user, latest, replied_at = await _reply_data(session, thread.id)
    assert (count, user, latest) == (2, 1, reply.id)
    assert replied_at == reply.created_at


async def test_comment_validation(session: AsyncSession, thread: Thread) -> None:
    with pytest.raises(Invalid) as caught:
        await save_thread_comment(session, 2, comment="   ")
    assert caught.value.fields == {
        "comment": ["The comment must be at least 1 characters."],
        "thread_id": ["The thread id field is required."],
    }
    with pytest.raises(Invalid) as caught:
        await _post(session, 2, thread.id, text="x" * 12_001)
    assert list(caught.value.fields) == ["comment"]
    other = await save_thread(session, 2, title="Another topic", body="b")
    first = await _post(session, 2, thread.id)
    with pytest.raises(Invalid):
        await _post(session, 2, other.id, parent_comment_id=first.id)
    with pytest.raises(NotFound):
        await _post(session, 2, 999)
    assert (await _reply_data(session, thread.id))[0] == 1


async def test_locked_threads_and_trees_refuse_comments_but_for_moderators(
    session: AsyncSession, thread: Thread
) -> None:
    top = await _post(session, 2, thread.id)
    with pytest.raises(Forbidden):
        await _post(session, 2, thread.id, locked=True)
    await save_thread_comment(session, 3, comment_id=top.id, locked=True)
    below = await _post(session, 3, thread.id, parent_comment_id=top.id)  # a moderator
    with pytest.raises(Forbidden):
        await _post(session, 2, thread.id, parent_comment_id=below.id)  # under a locked one
    await _post(session, 2, thread.id)  # elsewhere in the thread is open
    await save_thread(session, 3, thread_id=thread.id, locked=True)
    with pytest.raises(Forbidden):
        await _post(session, 2, thread.id)
    assert (await _reply_data(session, thread.id))[0] == 3


async def test_only_the_author_or_a_moderator_edits_or_deletes(
    session: AsyncSession, thread: Thread
) -> None:
    mine = await _post(session, 2, thread.id)
    with pytest.raises(Forbidden):
        await save_thread_comment(session, 1, comment_id=mine.id, comment="Edited by another")
    with pytest.raises(Forbidden):
        await delete_thread_comment(session, 1, mine.id)
    edited = await save_thread_comment(session, 2, comment_id=mine.id, comment="Edited.")
    assert edited.comment == "Edited."
    assert await delete_thread_comment(session, 3, mine.id) is True


async def test_deleting_takes_the_replies_and_rewinds_the_thread(
    session: AsyncSession, thread: Thread
) -> None:
    first = await _post(session, 2, thread.id)
    top = await _post(session, 1, thread.id)
    reply = await _post(session, 2, thread.id, parent_comment_id=top.id)
    deeper = await _post(session, 4, thread.id, parent_comment_id=reply.id)
    session.add(Like(user_id=1, likeable_type=LikeableType.THREAD_COMMENT, likeable_id=deeper.id))
    await session.flush()
    assert await delete_thread_comment(session, 1, top.id) is True
    remaining = (await session.execute(sa.select(ThreadComment.id))).scalars().all()
    assert list(remaining) == [first.id]
    assert await session.scalar(sa.select(sa.func.count()).select_from(Like)) == 0
    assert await _reply_data(session, thread.id) == (1, 2, first.id, first.created_at)
    await delete_thread_comment(session, 2, first.id)
    assert await _reply_data(session, thread.id) == (0, None, None, None)
    with pytest.raises(NotFound):
        await delete_thread_comment(session, 2, first.id)


async def test_replies_mentions_and_subscribers_are_each_told_once(
    session: AsyncSession, thread: Thread
) -> None:
    await toggle_thread_subscription(session, 2, thread.id, True)
    await toggle_thread_subscription(session, 3, thread.id, True)
    top = await _post(session, 2, thread.id)
    assert await _notes(session) == [(1, "THREAD_SUBSCRIBED"), (3, "THREAD_SUBSCRIBED")]
    await session.execute(sa.delete(Notification))
    second = await session.scalar(sa.select(User.name).where(User.id == 2))
    text = f"@dora @{second} @nobody me@dora.example"  # user 2 is told of the reply only
    await _post(session, 1, thread.id, parent_comment_id=top.id, text=text)
    assert await _notes(session) == [
        (2, "THREAD_COMMENT_REPLY"),
        (4, "THREAD_COMMENT_MENTION"),
        (3, "THREAD_SUBSCRIBED"),
    ]
    unread = await session.scalar(sa.select(User.unread_notification_count).where(User.id == 2))
    assert unread == 1


def test_mentions_are_names_after_an_at_sign() -> None:
    text = "@Alice, cc @bob-2 and @alice again; mail a@b.c; @x; @" + "y" * 21
    assert mentioned_names(text) == ["alice", "bob-2"]
    assert len(mentioned_names(" ".join(f"@user{n}" for n in range(100)))) == 20
