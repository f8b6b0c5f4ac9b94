"""Airing schedule look-ups: every id/episode/time filter and sort AniList offers."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import AiringSchedule
from kagami.db.filters import in_list, not_in_list
from kagami.db.paging import PageResult, paginate

AIRING_SORT_COLUMNS: dict[str, Any] = {
    "id": AiringSchedule.id,
    "media_id": AiringSchedule.media_id,
    "time": AiringSchedule.airing_at,
    "episode": AiringSchedule.episode,
}


@dataclass
class IntFilter:
    """Constraints on one integer column (all optional)."""

    equal: int | None = None
    not_equal: int | None = None
    within: list[int] | None = None
    not_within: list[int] = field(default_factory=list)
    greater: int | None = None
    lesser: int | None = None

    def conditions(self, column: Any) -> list[Any]:
        """SQL conditions on ``column``."""
        conds: list[Any] = []
        if self.equal is not None:
            conds.append(column == self.equal)
        if self.not_equal is not None:
            conds.append(column != self.not_equal)
        if self.within is not None:
            conds.append(in_list(column, self.within))
        if self.not_within:
            conds.append(not_in_list(column, self.not_within))
        if self.greater is not None:
            conds.append(column > self.greater)
        if self.lesser is not None:
            conds.append(column < self.lesser)
        return conds


@dataclass
class AiringQuery:
    """Filters over airing schedule rows."""

    id: IntFilter = field(default_factory=IntFilter)
    media_id: IntFilter = field(default_factory=IntFilter)
    episode: IntFilter = field(default_factory=IntFilter)
    airing_at: IntFilter = field(default_factory=IntFilter)
    not_yet_aired: bool | None = None
    sort: Sequence[tuple[str, bool]] = ()


def airing_select(q: AiringQuery, now: int | None = None) -> sa.Select[Any]:
    """SELECT of schedule rows matching ``q`` (by air time when unsorted)."""
    conds = [
        *q.id.conditions(AiringSchedule.id),
        *q.media_id.conditions(AiringSchedule.media_id),
        *q.episode.conditions(AiringSchedule.episode),
        *q.airing_at.conditions(AiringSchedule.airing_at),
    ]
    if q.not_yet_aired is not None:
        moment = int(time.time()) if now is None else now
        aired = AiringSchedule.airing_at <= moment
        conds.append(sa.not_(aired) if q.not_yet_aired else aired)
    sort = list(q.sort) or [("time", False)]
    order = [
        AIRING_SORT_COLUMNS[k].desc() if desc else AIRING_SORT_COLUMNS[k].asc()
        for k, desc in sort
        if k in AIRING_SORT_COLUMNS
    ]
    return sa.select(AiringSchedule).where(*conds).order_by(*order, AiringSchedule.id)


async def find_airing(
    session: AsyncSession, q: AiringQuery, page: int, per_page: int
) -> PageResult[AiringSchedule]:
    """One page of schedule rows matching ``q``."""
    return await paginate(session, airing_select(q), page, per_page)
