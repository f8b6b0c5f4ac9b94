"""Recommendation reads: filtered pages, per-media connections and the viewer's ratings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.connections import Slice
from kagami.community.enums import RecommendationRating
from kagami.community.models import Recommendation, RecommendationVote
from kagami.community.queries import order_terms, per_parent, range_conditions
from kagami.db.paging import PageResult, paginate
from kagami.lists.models import ListEntry

RECOMMENDATION_SORT_COLUMNS: dict[str, Any] = {
    "id": Recommendation.id,
    "rating": Recommendation.rating,
}


@dataclass
class RecommendationQuery:
    """Filters over recommendations; ``on_list`` needs ``viewer_id`` (ignored without one)."""

    id: int | None = None
    media_id: int | None = None
    media_recommendation_id: int | None = None
    user_id: int | None = None
    rating: int | None = None
    rating_greater: int | None = None
    rating_lesser: int | None = None
    on_list: bool | None = None
    viewer_id: int | None = None
    sort: Sequence[tuple[str, bool]] = ()


def recommendation_select(q: RecommendationQuery) -> sa.Select[Any]:
    """SELECT of recommendations matching ``q`` in its order (id by default)."""
    stmt = sa.select(Recommendation).where(
        *range_conditions(Recommendation.rating, q.rating_greater, q.rating_lesser, q.rating, None)
    )
    for column, value in (
        (Recommendation.id, q.id),
        (Recommendation.media_id, q.media_id),
        (Recommendation.media_recommendation_id, q.media_recommendation_id),
        (Recommendation.user_id, q.user_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if q.on_list is not None and q.viewer_id is not None:
        # "Media on the viewer's lists": the media the recommendation is made from.
        on_list = sa.exists(
            sa.select(ListEntry.id).where(
                ListEntry.user_id == q.viewer_id, ListEntry.media_id == Recommendation.media_id
            )
        )
        stmt = stmt.where(on_list if q.on_list else ~on_list)
    return stmt.order_by(*order_terms(q.sort, RECOMMENDATION_SORT_COLUMNS, Recommendation.id))


async def find_recommendations(
    session: AsyncSession, q: RecommendationQuery, page: int, per_page: int
) -> PageResult[Recommendation]:
    """One page of recommendations matching ``q`` with the total (two statements)."""
    return await paginate(session, recommendation_select(q), page, per_page)


async def first_recommendation(
    session: AsyncSession, q: RecommendationQuery
) -> Recommendation | None:
    """The first recommendation matching ``q``, or None."""
    return (await session.execute(recommendation_select(q).limit(1))).scalars().first()


async def recommendations_of_media(
    session: AsyncSession,
    media_ids: Sequence[int],
    *,
    sort: Sequence[tuple[str, bool]],
    page: int,
    per_page: int,
) -> dict[int, Slice]:
    """One page of each media's recommendations (one statement for a whole level)."""
    where = [Recommendation.media_id.in_(list(media_ids))]
    order = order_terms(sort, RECOMMENDATION_SORT_COLUMNS, Recommendation.id)
    return await per_parent(
        session, Recommendation, Recommendation.media_id, where, order, page, per_page
    )


async def recommendation_votes(
    session: AsyncSession, user_id: int, recommendation_ids: Sequence[int]
) -> dict[int, RecommendationRating]:
    """``user_id``'s rating of each of the recommendations that has one."""
    stmt = sa.select(RecommendationVote.recommendation_id, RecommendationVote.rating).where(
        RecommendationVote.user_id == user_id,
        RecommendationVote.recommendation_id.in_(list(recommendation_ids)),
    )
    return {rid: rating for rid, rating in (await session.execute(stmt)).all()}
