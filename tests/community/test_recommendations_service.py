"""Recommendation writes at the service level: pairs, type rules, exact vote totals."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.community.enums import RecommendationRating
from kagami.community.models import Recommendation, RecommendationVote
from kagami.community.recommendations_service import save_recommendation
from kagami.errors import Forbidden, Invalid, NotFound

UP, DOWN, NONE = (
    RecommendationRating.RATE_UP,
    RecommendationRating.RATE_DOWN,
    RecommendationRating.NO_RATING,
)


async def _rate(
    session: AsyncSession, user_id: int, rating: RecommendationRating, a: int = 1, b: int = 2
) -> Recommendation:
    return await save_recommendation(
        session, user_id, media_id=a, media_recommendation_id=b, rating=rating
    )


async def _count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


async def test_the_first_vote_creates_the_pair_for_its_author(session: AsyncSession) -> None:
    rec = await _rate(session, 1, UP)
    assert (rec.media_id, rec.media_recommendation_id, rec.user_id, rec.rating) == (1, 2, 1, 1)
    again = await _rate(session, 2, UP)
    assert (again.id, again.user_id, again.rating) == (rec.id, 1, 2)


async def test_rating_is_ups_minus_downs_through_changes_of_mind(session: AsyncSession) -> None:
    steps = [(1, UP, 1), (2, DOWN, 0), (3, DOWN, -1), (1, DOWN, -3), (1, UP, -1), (2, NONE, 0)]
    for user_id, rating, total in steps:
        assert (await _rate(session, user_id, rating)).rating == total, (user_id, rating)
    assert await _count(session, RecommendationVote) == 2


async def test_bad_pairs_are_refused(session: AsyncSession) -> None:
    with pytest.raises(Invalid) as caught:
        await _rate(session, 1, UP, 2, 2)
    assert caught.value.fields == {"media_recommendation_id": ["A media cannot recommend itself."]}
    with pytest.raises(Invalid) as caught:
        await save_recommendation(session, 1, media_id=None, media_recommendation_id=2, rating=None)
    assert set(caught.value.fields) == {"media_id", "rating"}
    await session.execute(sa.update(Media).where(Media.id == 3).values(type=MediaType.MANGA))
    with pytest.raises(Invalid) as caught:
        await _rate(session, 1, UP, 1, 3)
    assert caught.value.fields == {
        "media_recommendation_id": ["A recommendation must be of the same media type."]
    }
    with pytest.raises(NotFound):
        await _rate(session, 1, UP, 1, 999)
    with pytest.raises(NotFound):
        await _rate(session, 1, NONE)  # nothing to take back
    assert await _count(session, Recommendation) == 0


async def test_a_blocked_media_takes_no_new_recommendation(session: AsyncSession) -> None:
    await _rate(session, 1, UP)
    await session.execute(
        sa.update(Media).where(Media.id == 2).values(is_recommendation_blocked=True)
    )
    with pytest.raises(Forbidden):
        await _rate(session, 1, UP, 2, 1)
    assert (await _rate(session, 2, UP)).rating == 2  # the existing pair still takes votes
