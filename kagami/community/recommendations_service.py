"""Recommendation writes: rate a "fans of A should try B" pair, creating it on first vote."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Media
from kagami.community.enums import RecommendationRating
from kagami.community.models import Recommendation, RecommendationVote
from kagami.community.validation import Problems
from kagami.community.votes import replace_vote
from kagami.db.writes import insert_ignoring_conflicts, table_of
from kagami.errors import Forbidden, Invalid, NotFound

_VALUE = {RecommendationRating.RATE_UP.value: 1, RecommendationRating.RATE_DOWN.value: -1}


async def _pair(session: AsyncSession, media_id: int, other_id: int) -> Recommendation | None:
    stmt = sa.select(Recommendation).where(
        Recommendation.media_id == media_id, Recommendation.media_recommendation_id == other_id
    )
    return (await session.execute(stmt)).scalars().first()


async def _create_pair(
    session: AsyncSession, actor_id: int, media_id: int, other_id: int
) -> Recommendation:
    """The pair, created by the actor: both media exist, share a type and take recommendations."""
    stmt = sa.select(Media.id, Media.type, Media.is_recommendation_blocked).where(
        Media.id.in_([media_id, other_id])
    )
    found = {row.id: row for row in (await session.execute(stmt)).all()}
    if len(found) < 2:
        raise NotFound()
    if found[media_id].type != found[other_id].type:
        message = "A recommendation must be of the same media type."
        raise Invalid({"media_recommendation_id": [message]})
    if any(row.is_recommendation_blocked for row in found.values()):
        raise Forbidden("Recommendations are blocked for this media.")
    # A racing first vote from someone else may create the pair first: then it is theirs.
    insert = insert_ignoring_conflicts(session, table_of(Recommendation)).values(
        media_id=media_id, media_recommendation_id=other_id, user_id=actor_id, rating=0
    )
    await session.execute(insert)
    created = await _pair(session, media_id, other_id)
    assert created is not None
    return created


async def save_recommendation(
    session: AsyncSession,
    actor_id: int,
    *,
    media_id: int | None,
    media_recommendation_id: int | None,
    rating: RecommendationRating | None,
) -> Recommendation:
    """Set the actor's rating of "fans of ``media_id`` should try the other" (NO_RATING clears)."""
    problems = Problems()
    problems.required("media_id", media_id)
    problems.required("media_recommendation_id", media_recommendation_id)
    problems.required("rating", rating)
    if media_id is not None and media_id == media_recommendation_id:
        problems.add("media_recommendation_id", "A media cannot recommend itself.")
    problems.raise_if_any()
    assert media_id is not None and media_recommendation_id is not None and rating is not None
    rec = await _pair(session, media_id, media_recommendation_id)
    if rec is None:
        if rating == RecommendationRating.NO_RATING:
            raise NotFound()  # nothing to take back
        rec = await _create_pair(session, actor_id, media_id, media_recommendation_id)
    new = None if rating == RecommendationRating.NO_RATING else str(rating)
    key = {"recommendation_id": rec.id, "user_id": actor_id}
    removed, added = await replace_vote(session, table_of(RecommendationVote), key, new)
    delta = _VALUE.get(added or "", 0) - _VALUE.get(removed or "", 0)
    if delta:
        await session.execute(
            sa.update(Recommendation)
            .where(Recommendation.id == rec.id)
            .values(rating=Recommendation.rating + delta)
            .execution_options(synchronize_session=False)
        )
        await session.refresh(rec, ["rating"])
    return rec
