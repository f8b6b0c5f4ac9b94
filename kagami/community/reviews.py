"""Review reads: filtered pages, per-media connections and the viewer's votes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.connections import Slice
from kagami.community.enums import ReviewRating
from kagami.community.models import Review, ReviewVote
from kagami.community.policy import moderates
from kagami.community.queries import order_terms, per_parent
from kagami.db.paging import PageResult, paginate

REVIEW_SORT_COLUMNS: dict[str, Any] = {
    "id": Review.id,
    "score": Review.score,
    "rating": Review.rating,
    "created_at": Review.created_at,
    "updated_at": Review.updated_at,
}


@dataclass
class ReviewQuery:
    """Filters over reviews; ``viewer_id`` also sees their own private reviews (mods: all)."""

    id: int | None = None
    media_id: int | None = None
    user_id: int | None = None
    media_type: str | None = None
    viewer_id: int | None = None
    sort: Sequence[tuple[str, bool]] = ()


def _visible(viewer_id: int | None) -> Any:
    """Public reviews, plus the viewer's own drafts, plus every draft for a moderator (AZ-6)."""
    if viewer_id is None:
        return Review.private.is_(False)
    return sa.or_(Review.private.is_(False), Review.user_id == viewer_id, moderates(viewer_id))


def review_select(q: ReviewQuery) -> sa.Select[Any]:
    """SELECT of reviews matching ``q`` in its order (id by default)."""
    stmt = sa.select(Review).where(_visible(q.viewer_id))
    for column, value in (
        (Review.id, q.id),
        (Review.media_id, q.media_id),
        (Review.user_id, q.user_id),
        (Review.media_type, q.media_type),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt.order_by(*order_terms(q.sort, REVIEW_SORT_COLUMNS, Review.id))


async def find_reviews(
    session: AsyncSession, q: ReviewQuery, page: int, per_page: int
) -> PageResult[Review]:
    """One page of reviews matching ``q`` with the total (two statements)."""
    return await paginate(session, review_select(q), page, per_page)


async def first_review(session: AsyncSession, q: ReviewQuery) -> Review | None:
    """The first review matching ``q``, or None."""
    return (await session.execute(review_select(q).limit(1))).scalars().first()


async def reviews_of_media(
    session: AsyncSession,
    media_ids: Sequence[int],
    *,
    sort: Sequence[tuple[str, bool]],
    page: int,
    per_page: int,
    viewer_id: int | None = None,
) -> dict[int, Slice]:
    """One page of each media's reviews (one statement for a whole level)."""
    where = [Review.media_id.in_(list(media_ids)), _visible(viewer_id)]
    order = order_terms(sort, REVIEW_SORT_COLUMNS, Review.id)
    return await per_parent(session, Review, Review.media_id, where, order, page, per_page)


async def review_votes(
    session: AsyncSession, user_id: int, review_ids: Sequence[int]
) -> dict[int, ReviewRating]:
    """``user_id``'s vote on each of the reviews that has one."""
    stmt = sa.select(ReviewVote.review_id, ReviewVote.rating).where(
        ReviewVote.user_id == user_id, ReviewVote.review_id.in_(list(review_ids))
    )
    return {rid: rating for rid, rating in (await session.execute(stmt)).all()}
