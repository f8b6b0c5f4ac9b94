"""Media statistics from list entries, and daily trend rows (``MediaTrend``) with filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import MediaTrend
from kagami.db.filters import in_list, not_in_list, order_terms, range_conditions
from kagami.db.paging import PageResult, paginate
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry

STATUS_ORDER = list(MediaListStatus)


@dataclass
class MediaStats:
    """A media's list statistics: (score bucket, amount) and (status, amount) pairs."""

    scores: list[tuple[int, int]] = field(default_factory=list)
    statuses: list[tuple[MediaListStatus, int]] = field(default_factory=list)


def score_bucket(score: int) -> int:
    """A POINT_100 score's distribution bucket: nearest ten, 10..100 (0 is unscored)."""
    return min(100, max(10, (score + 5) // 10 * 10))


async def media_stats(session: AsyncSession, media_ids: Sequence[int]) -> dict[int, MediaStats]:
    """Score and status distributions per media: one grouped statement for a whole level."""
    stmt = (
        sa.select(ListEntry.media_id, ListEntry.status, ListEntry.score, sa.func.count())
        .where(ListEntry.media_id.in_(list(media_ids)))
        .group_by(ListEntry.media_id, ListEntry.status, ListEntry.score)
    )
    scores: dict[int, dict[int, int]] = {}
    statuses: dict[int, dict[MediaListStatus, int]] = {}
    for media_id, status, score, amount in (await session.execute(stmt)).all():
        per_status = statuses.setdefault(media_id, {})
        per_status[status] = per_status.get(status, 0) + amount
        per_score = scores.setdefault(media_id, {})
        if score:
            bucket = score_bucket(score)
            per_score[bucket] = per_score.get(bucket, 0) + amount
    return {
        media_id: MediaStats(
            scores=sorted(scores.get(media_id, {}).items()),
            statuses=[(s, per_status[s]) for s in STATUS_ORDER if s in per_status],
        )
        for media_id, per_status in statuses.items()
    }


TREND_SORT_COLUMNS: dict[str, Any] = {
    "id": MediaTrend.id,
    "media_id": MediaTrend.media_id,
    "date": MediaTrend.date,
    "score": MediaTrend.average_score,
    "popularity": MediaTrend.popularity,
    "trending": MediaTrend.trending,
    "episode": MediaTrend.episode,
}
# Filterable columns: canonical key -> column (ranges are (greater, lesser, equal, not)).
TREND_RANGE_COLUMNS: dict[str, Any] = {
    "date": MediaTrend.date,
    "trending": MediaTrend.trending,
    "average_score": MediaTrend.average_score,
    "popularity": MediaTrend.popularity,
    "episode": MediaTrend.episode,
}


@dataclass
class TrendQuery:
    """Filters over daily trend rows (AniList ``MediaTrend``/``Page.mediaTrends`` arguments)."""

    media_ids: list[int] | None = None
    media_ids_not: list[int] = field(default_factory=list)
    releasing: bool | None = None
    ranges: dict[str, tuple[Any, Any, Any, Any]] = field(default_factory=dict)
    sort: Sequence[tuple[str, bool]] = ()


def trend_select(q: TrendQuery) -> sa.Select[Any]:
    """SELECT of trend rows matching ``q`` in its order (id by default)."""
    stmt = sa.select(MediaTrend)
    if q.media_ids is not None:
        stmt = stmt.where(in_list(MediaTrend.media_id, q.media_ids))
    if q.media_ids_not:
        stmt = stmt.where(not_in_list(MediaTrend.media_id, q.media_ids_not))
    if q.releasing is not None:
        stmt = stmt.where(MediaTrend.releasing.is_(q.releasing))
    for key, bounds in q.ranges.items():
        stmt = stmt.where(*range_conditions(TREND_RANGE_COLUMNS[key], *bounds))
    return stmt.order_by(*order_terms(q.sort, TREND_SORT_COLUMNS, MediaTrend.id))


async def find_trends(
    session: AsyncSession, q: TrendQuery, page: int, per_page: int
) -> PageResult[MediaTrend]:
    """One page of trend rows matching ``q`` with the total (two statements)."""
    return await paginate(session, trend_select(q), page, per_page)


async def first_trend(session: AsyncSession, q: TrendQuery) -> MediaTrend | None:
    """The first trend row matching ``q``, or None."""
    return (await session.execute(trend_select(q).limit(1))).scalars().first()
