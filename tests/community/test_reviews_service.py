"""Review writes at the service level: validation, ownership, one per media, exact vote totals."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.models import Media
from kagami.community.enums import ReviewRating
from kagami.community.models import Review, ReviewVote
from kagami.community.reviews_service import delete_review, rate_review, save_review
from kagami.errors import Forbidden, Invalid, NotFound

BODY = "A long and thoughtful review. " * 90  # 2,700 characters
SUMMARY = "Twenty characters or more."


async def _new_review(session: AsyncSession, user_id: int = 1, media_id: int = 1) -> Review:
    return await save_review(
        session, user_id, media_id=media_id, body=BODY, summary=SUMMARY, score=80
    )


async def test_save_review_creates_one_with_the_media_type(session: AsyncSession) -> None:
    review = await _new_review(session)
    assert (review.user_id, review.media_id, review.media_type) == (1, 1, "ANIME")
    assert (review.score, review.private, review.rating, review.rating_amount) == (80, False, 0, 0)
    assert review.summary == SUMMARY and review.body == BODY.strip()


async def test_save_review_names_every_bad_field(session: AsyncSession) -> None:
    with pytest.raises(Invalid) as caught:
        await save_review(session, 1, media_id=1, body="too short", summary="short", score=101)
    assert caught.value.fields == {
        "body": ["The body must be at least 2600 characters."],
        "summary": ["The summary must be at least 20 characters."],
        "score": ["The score must be between 0 and 100."],
    }
    with pytest.raises(Invalid) as caught:
        await save_review(session, 1, summary="x" * 121)
    assert caught.value.fields == {
        "summary": ["The summary may not be greater than 120 characters."],
        "media_id": ["The media id field is required."],
        "body": ["The body field is required."],
    }
    assert await session.scalar(sa.select(sa.func.count()).select_from(Review)) == 0


async def test_save_review_takes_the_dialects_body_minimum(session: AsyncSession) -> None:
    body = "x" * 2_000
    with pytest.raises(Invalid):
        await save_review(session, 1, media_id=1, body=body, summary=SUMMARY)
    review = await save_review(session, 1, media_id=1, body=body, summary=SUMMARY, body_min=2_000)
    assert review.body == body
    with pytest.raises(Invalid) as caught:
        await save_review(session, 1, review_id=review.id, body=body[1:], body_min=2_000)
    assert caught.value.fields == {"body": ["The body must be at least 2000 characters."]}


async def test_a_second_review_of_the_same_media_is_refused(session: AsyncSession) -> None:
    await _new_review(session)
    with pytest.raises(Invalid) as caught:
        await _new_review(session)
    assert caught.value.fields == {"media_id": ["You have already reviewed this media."]}
    assert await session.scalar(sa.select(sa.func.count()).select_from(Review)) == 1


async def test_a_review_blocked_media_takes_no_new_review(session: AsyncSession) -> None:
    await session.execute(sa.update(Media).where(Media.id == 2).values(is_review_blocked=True))
    with pytest.raises(Forbidden):
        await _new_review(session, media_id=2)
    with pytest.raises(NotFound):
        await _new_review(session, media_id=999)


async def test_only_the_author_or_a_moderator_edits_or_deletes(session: AsyncSession) -> None:
    review = await _new_review(session)
    with pytest.raises(Forbidden):
        await save_review(session, 2, review_id=review.id, score=10)
    with pytest.raises(Forbidden):
        await delete_review(session, 2, review.id)
    edited = await save_review(session, 1, review_id=review.id, score=55, private=True)
    assert (edited.score, edited.private, edited.body) == (55, True, BODY.strip())
    # Another user's private review is not there at all, for them.
    with pytest.raises(NotFound):
        await save_review(session, 2, review_id=review.id, score=10)
    await save_review(session, 1, review_id=review.id, private=False)
    await session.execute(sa.update(User).where(User.id == 3).values(moderator_roles=["COMMUNITY"]))
    assert (await save_review(session, 3, review_id=review.id, score=20)).score == 20
    assert await delete_review(session, 3, review.id) is True
    assert await session.get(Review, review.id) is None


async def test_deleting_a_review_takes_its_votes(session: AsyncSession) -> None:
    review = await _new_review(session)
    await rate_review(session, 2, review.id, ReviewRating.UP_VOTE)
    await delete_review(session, 1, review.id)
    assert await session.scalar(sa.select(sa.func.count()).select_from(ReviewVote)) == 0
    with pytest.raises(NotFound):
        await delete_review(session, 1, review.id)


async def test_vote_totals_follow_every_change_of_mind(session: AsyncSession) -> None:
    review = await _new_review(session)
    steps = [
        (2, ReviewRating.UP_VOTE, (1, 1)),
        (3, ReviewRating.DOWN_VOTE, (1, 2)),
        (2, ReviewRating.UP_VOTE, (1, 2)),  # the same vote again changes nothing
        (2, ReviewRating.DOWN_VOTE, (0, 2)),
        (3, ReviewRating.UP_VOTE, (1, 2)),
        (2, ReviewRating.NO_VOTE, (1, 1)),
        (2, ReviewRating.NO_VOTE, (1, 1)),
    ]
    for user_id, rating, totals in steps:
        rated = await rate_review(session, user_id, review.id, rating)
        assert (rated.rating, rated.rating_amount) == totals, (user_id, rating)
    stored = await session.scalar(
        sa.select(ReviewVote.rating).where(ReviewVote.review_id == review.id)
    )
    assert stored == ReviewRating.UP_VOTE


async def test_the_author_cannot_rate_their_own_review(session: AsyncSession) -> None:
    review = await _new_review(session)
    with pytest.raises(Forbidden):
        await rate_review(session, 1, review.id, ReviewRating.UP_VOTE)
    with pytest.raises(Invalid):
        await rate_review(session, 2, review.id, None)
    with pytest.raises(NotFound):
        await rate_review(session, 2, 999, ReviewRating.UP_VOTE)
    assert (review.rating, review.rating_amount) == (0, 0)
