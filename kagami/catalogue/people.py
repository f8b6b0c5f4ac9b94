"""Look-ups of characters, staff and studios: id filters, name search, birthdays, sorts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Character, Staff, Studio
from kagami.catalogue.search import SearchKind, search_clause
from kagami.db.filters import in_list, not_in_list
from kagami.db.paging import PageResult, paginate

PersonModel = type[Character] | type[Staff] | type[Studio]


@dataclass
class PeopleQuery:
    """Filters shared by characters, staff and studios."""

    ids: list[int] | None = None
    ids_not: list[int] = field(default_factory=list)
    search: str | None = None
    is_birthday: bool | None = None
    sort: Sequence[tuple[str, bool]] = ()


_SEARCH_KIND: dict[Any, SearchKind] = {Character: "character", Staff: "staff", Studio: "studio"}


def people_select(
    model: PersonModel, q: PeopleQuery, dialect_name: str, today: dt.date | None = None
) -> sa.Select[Any]:
    """SELECT of ``model`` rows matching ``q`` in its order (id when unsorted)."""
    conds: list[Any] = []
    stmt = sa.select(model)
    if q.ids is not None:
        conds.append(in_list(model.id, q.ids))
    if q.ids_not:
        conds.append(not_in_list(model.id, q.ids_not))
    rank = None
    match = search_clause(dialect_name, _SEARCH_KIND[model], q.search) if q.search else None
    if match is not None:
        stmt = stmt.join(match, match.c.id == model.id)
        rank = match.c.score.desc()
    if q.is_birthday is not None and not issubclass(model, Studio):
        day = today or dt.datetime.now(dt.UTC).date()
        born_today = sa.and_(model.birth_month == day.month, model.birth_day == day.day)
        conds.append(born_today if q.is_birthday else sa.not_(sa.func.coalesce(born_today, False)))
    columns = {
        "id": model.id,
        "favourites": model.favourites,
        "name": model.name if issubclass(model, Studio) else model.name_full,
    }
    order: list[Any] = []
    for key, desc in q.sort or ([("search_match", False)] if q.search else []):
        if key == "search_match":
            if rank is not None:
                order.extend([rank, model.favourites.desc()])
        elif key in columns:
            order.append(columns[key].desc() if desc else columns[key].asc())
    return stmt.where(*conds).order_by(*order, model.id)


async def find_people(
    session: AsyncSession, model: PersonModel, q: PeopleQuery, page: int, per_page: int
) -> PageResult[Any]:
    """One page of characters, staff or studios matching ``q``."""
    stmt = people_select(model, q, session.get_bind().dialect.name)
    return await paginate(session, stmt, page, per_page)


async def first_person(session: AsyncSession, model: PersonModel, q: PeopleQuery) -> Any | None:
    """The first character/staff/studio matching ``q``, or None."""
    stmt = people_select(model, q, session.get_bind().dialect.name).limit(1)
    return (await session.execute(stmt)).scalars().first()
