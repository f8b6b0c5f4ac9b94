"""Review writes: save (create or edit), delete, and rate another user's review."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Media
from kagami.community.enums import ReviewRating
from kagami.community.models import Review, ReviewVote
from kagami.community.policy import is_moderator, require_edit, roles_of
from kagami.community.validation import Problems
from kagami.community.votes import replace_vote
from kagami.db.writes import table_of
from kagami.errors import Forbidden, Invalid, NotFound

BODY_MIN = 2600
# The schema states no maximum; this one bounds what a hostile client can store.
BODY_MAX = 100_000
SUMMARY_MIN, SUMMARY_MAX = 20, 120
SCORE_MIN, SCORE_MAX = 0, 100


def _check(body: str | None, summary: str | None, score: int | None, body_min: int) -> Problems:
    problems = Problems()
    problems.text("body", body, body_min, BODY_MAX)
    problems.text("summary", summary, SUMMARY_MIN, SUMMARY_MAX)
    problems.between("score", score, SCORE_MIN, SCORE_MAX)
    return problems


async def _review(session: AsyncSession, review_id: int, viewer_id: int) -> Review:
    """The review ``review_id`` as ``viewer_id`` may see it (others' drafts: moderators only)."""
    review = await session.get(Review, review_id)
    if review is None:
        raise NotFound()
    hidden = review.private and review.user_id != viewer_id
    if hidden and not is_moderator(await roles_of(session, viewer_id)):
        raise NotFound()
    return review


async def save_review(
    session: AsyncSession,
    actor_id: int,
    *,
    review_id: int | None = None,
    media_id: int | None = None,
    body: str | None = None,
    summary: str | None = None,
    score: int | None = None,
    private: bool | None = None,
    body_min: int = BODY_MIN,
) -> Review:
    """Create the actor's review of a media, or edit one (``review_id``); fields None stay.

    ``body_min`` is the dialect's documented minimum (AniList v2 2,600; v1 2,000 characters).
    """
    problems = _check(body, summary, score, body_min)
    if review_id is not None:
        problems.raise_if_any()
        review = await _review(session, review_id, actor_id)
        await require_edit(session, actor_id, review.user_id, "review.edit", review.id)
        for name, value in (("body", body), ("summary", summary)):
            if value is not None:
                setattr(review, name, value.strip())
        if score is not None:
            review.score = score
        if private is not None:
            review.private = private
        await session.flush()
        return review
    problems.required("media_id", media_id)
    problems.required("body", body)
    problems.required("summary", summary)
    problems.raise_if_any()
    assert media_id is not None and body is not None and summary is not None
    media = await session.get(Media, media_id)
    if media is None:
        raise NotFound()
    if media.is_review_blocked:
        raise Forbidden("Reviews are blocked for this media.")
    review = Review(
        user_id=actor_id,
        media_id=media_id,
        media_type=str(media.type.value),
        body=body.strip(),
        summary=summary.strip(),
        score=score or 0,
        private=bool(private),
    )
    try:
        async with session.begin_nested():  # one review per user and media, even when racing
            session.add(review)
            await session.flush()
    except IntegrityError:
        raise Invalid({"media_id": ["You have already reviewed this media."]}) from None
    return review


async def delete_review(session: AsyncSession, actor_id: int, review_id: int) -> bool:
    """Delete a review (its author's or, for a moderator, anyone's); votes go with it."""
    review = await _review(session, review_id, actor_id)
    await require_edit(session, actor_id, review.user_id, "review.delete", review.id)
    await session.execute(sa.delete(Review).where(Review.id == review.id))
    session.expunge(review)
    return True


async def rate_review(
    session: AsyncSession, actor_id: int, review_id: int, rating: ReviewRating | None
) -> Review:
    """Vote a review up or down, or take the vote back (NO_VOTE); not one's own review."""
    if rating is None:
        problems = Problems()
        problems.required("rating", rating)
        problems.raise_if_any()
    review = await _review(session, review_id, actor_id)
    if review.user_id == actor_id:
        raise Forbidden("You cannot rate your own review.")
    new = None if rating == ReviewRating.NO_VOTE else str(rating)
    key = {"review_id": review.id, "user_id": actor_id}
    removed, added = await replace_vote(session, table_of(ReviewVote), key, new)
    up = ReviewRating.UP_VOTE.value
    d_rating = (added == up) - (removed == up)
    d_amount = (added is not None) - (removed is not None)
    if d_rating or d_amount:
        await session.execute(
            sa.update(Review)
            .where(Review.id == review.id)
            .values(
                rating=Review.rating + d_rating,
                rating_amount=Review.rating_amount + d_amount,
                updated_at=Review.updated_at,  # a vote is no edit
            )
            .execution_options(synchronize_session=False)
        )
        await session.refresh(review, ["rating", "rating_amount"])
    return review
