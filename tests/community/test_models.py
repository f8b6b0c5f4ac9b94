"""Constraints and relationships of the community tables."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from kagami.community.enums import RecommendationRating, ReviewRating
from kagami.community.models import (
    ForumCategory,
    Recommendation,
    RecommendationVote,
    Review,
    ReviewVote,
    Thread,
    ThreadCategoryLink,
    ThreadComment,
    ThreadMediaLink,
)


def _review(user_id: int = 1, media_id: int = 1, score: int = 80) -> Review:
    return Review(
        user_id=user_id, media_id=media_id, media_type="ANIME", summary="s", body="b", score=score
    )


async def test_reviewing_the_same_media_twice_is_rejected(session: AsyncSession) -> None:
    session.add_all([_review(), _review(user_id=2), _review(media_id=2)])
    await session.flush()
    session.add(_review())
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_review_score_outside_0_to_100_is_rejected(session: AsyncSession) -> None:
    session.add(_review(score=101))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_rating_a_review_twice_is_rejected(session: AsyncSession) -> None:
    review = _review()
    session.add(review)
    await session.flush()
    session.add(ReviewVote(review_id=review.id, user_id=2, rating=ReviewRating.UP_VOTE))
    await session.flush()
    session.add(ReviewVote(review_id=review.id, user_id=2, rating=ReviewRating.DOWN_VOTE))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_recommending_the_same_pair_twice_is_rejected(session: AsyncSession) -> None:
    session.add(Recommendation(media_id=1, media_recommendation_id=2, user_id=1))
    session.add(Recommendation(media_id=2, media_recommendation_id=1, user_id=1))
    await session.flush()
    session.add(Recommendation(media_id=1, media_recommendation_id=2, user_id=2))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_recommending_a_media_for_itself_is_rejected(session: AsyncSession) -> None:
    session.add(Recommendation(media_id=1, media_recommendation_id=1))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_recommendation_votes_store_anilist_spelling(session: AsyncSession) -> None:
    rec = Recommendation(media_id=1, media_recommendation_id=2)
    session.add(rec)
    await session.flush()
    session.add(
        RecommendationVote(recommendation_id=rec.id, user_id=3, rating=RecommendationRating.RATE_UP)
    )
    await session.flush()
    assert await session.scalar(sa.text("SELECT rating FROM recommendation_ratings")) == "RATE_UP"
    assert rec.rating == 0


async def _thread(session: AsyncSession) -> Thread:
    thread = Thread(user_id=1, title="Episode 1", body="Discuss")
    session.add(thread)
    await session.flush()
    return thread


async def test_nested_comments_load_by_parent(session: AsyncSession) -> None:
    thread = await _thread(session)
    root = ThreadComment(thread_id=thread.id, user_id=1, comment="root")
    session.add(root)
    await session.flush()
    child = ThreadComment(thread_id=thread.id, user_id=2, comment="child", parent_id=root.id)
    session.add(child)
    await session.flush()
    session.add(
        ThreadComment(thread_id=thread.id, user_id=3, comment="grandchild", parent_id=child.id)
    )
    await session.flush()
    session.expunge_all()

    roots = (
        await session.scalars(
            sa.select(ThreadComment)
            .where(ThreadComment.thread_id == thread.id, ThreadComment.parent_id.is_(None))
            .options(selectinload(ThreadComment.children).selectinload(ThreadComment.children))
        )
    ).all()
    assert [c.comment for c in roots] == ["root"]
    assert [c.comment for c in roots[0].children] == ["child"]
    assert [c.comment for c in roots[0].children[0].children] == ["grandchild"]


async def test_unloaded_relationships_raise_instead_of_querying(session: AsyncSession) -> None:
    thread = await _thread(session)
    session.expunge_all()
    loaded = await session.get(Thread, thread.id)
    assert loaded is not None
    with pytest.raises(sa.exc.InvalidRequestError):
        _ = loaded.comments


async def test_deleting_a_thread_cascades_to_comments_and_links(session: AsyncSession) -> None:
    thread = await _thread(session)
    session.add(ForumCategory(id=7, name="General"))
    await session.flush()
    root = ThreadComment(thread_id=thread.id, user_id=1, comment="root")
    session.add_all(
        [
            root,
            ThreadCategoryLink(thread_id=thread.id, category_id=7),
            ThreadMediaLink(thread_id=thread.id, media_id=1),
        ]
    )
    await session.flush()
    thread.reply_comment_id = root.id
    await session.flush()
    await session.execute(sa.delete(Thread).where(Thread.id == thread.id))
    for model in (ThreadComment, ThreadCategoryLink, ThreadMediaLink):
        assert await session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


async def test_thread_categories_and_media_load_eagerly(session: AsyncSession) -> None:
    thread = await _thread(session)
    session.add_all([ForumCategory(id=1, name="Anime"), ForumCategory(id=7, name="General")])
    await session.flush()
    session.add_all(
        [
            ThreadCategoryLink(thread_id=thread.id, category_id=7),
            ThreadCategoryLink(thread_id=thread.id, category_id=1),
            ThreadMediaLink(thread_id=thread.id, media_id=2),
        ]
    )
    await session.flush()
    session.expunge_all()

    loaded = await session.scalar(
        sa.select(Thread).options(selectinload(Thread.categories), selectinload(Thread.media_links))
    )
    assert loaded is not None
    assert [c.name for c in loaded.categories] == ["Anime", "General"]
    assert [m.media_id for m in loaded.media_links] == [2]
