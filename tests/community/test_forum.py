"""Forum reads: threads filed under every one of several categories and media."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from kagami.community.comments_service import save_thread_comment
from kagami.community.forum import ThreadQuery, find_threads
from kagami.community.models import ForumCategory, Thread
from kagami.community.threads_service import save_thread


async def test_threads_filed_under_all_given_categories_and_media(session: AsyncSession) -> None:
    session.add_all([ForumCategory(id=i, name=f"Tag {i}") for i in (1, 2, 3)])
    await session.flush()
    both = await save_thread(session, 1, title="Both tags", body="b", categories=[1, 2])
    one = await save_thread(
        session, 1, title="One tag", body="b", categories=[1], media_categories=[2, 3]
    )
    await save_thread(session, 1, title="Other tag", body="b", categories=[3])

    async def ids(q: ThreadQuery) -> list[int]:
        return sorted(t.id for t in (await find_threads(session, q, 1, 10)).items)

    assert await ids(ThreadQuery(category_ids_all=[1, 2])) == [both.id]
    assert await ids(ThreadQuery(category_ids_all=[1, 1])) == [both.id, one.id]
    assert await ids(ThreadQuery(category_ids_all=[1], media_ids_all=[3, 2])) == [one.id]
    assert await ids(ThreadQuery(media_ids_all=[1])) == []


async def test_last_activity_is_the_latest_comment_or_the_creation(session: AsyncSession) -> None:
    old = await save_thread(session, 1, title="Old thread", body="b")
    new = await save_thread(session, 1, title="New thread", body="b")
    old.created_at, new.created_at = 100, 200
    await session.flush()
    q = ThreadQuery(sort=[("last_activity", True)])
    assert [t.id for t in (await find_threads(session, q, 1, 10)).items] == [new.id, old.id]
    await save_thread_comment(session, 2, thread_id=old.id, comment="A reply.")
    session.expire_all()
    assert [t.id for t in (await find_threads(session, q, 1, 10)).items] == [old.id, new.id]
    assert (await session.get(Thread, old.id)).replied_at is not None  # type: ignore[union-attr]
