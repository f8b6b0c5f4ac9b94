"""Site statistics: per-day new rows and running totals of users, media, people and reviews."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Character, Media, Staff, Studio
from kagami.community.models import Review
from kagami.db.paging import PageResult

DAY = 86400


@dataclass(frozen=True, slots=True)
class SiteTrend:
    """One day: its start (epoch seconds), the running total, and the day's new rows."""

    date: int
    count: int
    change: int


def _source(kind: str) -> tuple[Any, list[Any]]:
    """The timestamp column counted for ``kind`` and its row filter.

    Characters, staff and studios keep no creation time, so their last update stands in.
    """
    sources: dict[str, tuple[Any, list[Any]]] = {
        "users": (User.created_at, []),
        "anime": (Media.created_at, [Media.type == MediaType.ANIME]),
        "manga": (Media.created_at, [Media.type == MediaType.MANGA]),
        "characters": (Character.updated_at, []),
        "staff": (Staff.updated_at, []),
        "studios": (Studio.updated_at, []),
        "reviews": (Review.created_at, []),
    }
    return sources[kind]


SITE_TREND_KINDS = ("users", "anime", "manga", "characters", "staff", "studios", "reviews")
_SORT_KEYS = {"date": 0, "count": 1, "change": 2}


def _field(index: int, trend: SiteTrend) -> int:
    return (trend.date, trend.count, trend.change)[index]


async def site_trends(
    session: AsyncSession,
    kind: str,
    sort: Sequence[tuple[str, bool]],
    page: int,
    per_page: int,
) -> PageResult[SiteTrend]:
    """One page of ``kind``'s daily trend (one grouped statement; default newest day first)."""
    column, where = _source(kind)
    day = (column // DAY * DAY).label("day")
    stmt = sa.select(day, sa.func.count()).where(*where).group_by(day).order_by(day)
    total = 0
    days: list[SiteTrend] = []
    for start, amount in (await session.execute(stmt)).all():
        total += amount
        days.append(SiteTrend(date=int(start), count=total, change=amount))
    for key, desc in reversed(list(sort) or [("date", True)]):
        index = _SORT_KEYS.get(key)
        if index is not None:
            days.sort(key=functools.partial(_field, index), reverse=desc)
    window = days[(page - 1) * per_page : page * per_page]
    return PageResult(items=window, total=len(days), page=page, per_page=per_page)
