"""User reads shared by every dialect: look-ups by id or name, batches, filtered pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from kagami.accounts.models import User, normalize_name
from kagami.catalogue.enums import MediaType
from kagami.catalogue.search import search_clause
from kagami.db.paging import PageResult, paginate
from kagami.lists.models import UserListTotals


@dataclass
class UserQuery:
    """Filters and sorts over users (AniList ``User``/``Page.users`` arguments)."""

    ids: list[int] | None = None
    name: str | None = None
    is_moderator: bool | None = None
    search: str | None = None
    sort: Sequence[tuple[str, bool]] = ()


async def users_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, User]:
    """Users keyed by id, for loaders."""
    rows = (await session.execute(sa.select(User).where(User.id.in_(list(ids))))).scalars()
    return {u.id: u for u in rows}


async def find_user(session: AsyncSession, user_id: int | None, name: str | None) -> User | None:
    """An active user by id or (case-insensitive) name."""
    stmt = sa.select(User).where(User.is_active.is_(True))
    if user_id is not None:
        stmt = stmt.where(User.id == user_id)
    if name is not None:
        stmt = stmt.where(User.name_lower == normalize_name(name))
    if user_id is None and name is None:
        return None
    return (await session.execute(stmt.limit(1))).scalars().first()


def _public_total(media_type: MediaType, column: str) -> Any:
    """One of a user's maintained public list totals (``lists/totals.py``), 0 when none.

    The same figure others see in the user's statistics: PLANNING and private entries
    excluded, rewatches included.
    """
    return sa.func.coalesce(
        sa.select(getattr(UserListTotals, column))
        .where(
            UserListTotals.user_id == User.id,
            UserListTotals.media_type == media_type,
            UserListTotals.private.is_(False),
        )
        .scalar_subquery(),
        0,
    )


_TOTAL_SORTS = {
    "watched_time": (MediaType.ANIME, "minutes_watched"),
    "chapters_read": (MediaType.MANGA, "chapters_read"),
}


def user_order(
    sort: Sequence[tuple[str, bool]], rank: Any = None, joined: dict[str, Any] | None = None
) -> list[Any]:
    """ORDER BY for canonical user sort keys (id, username, watched_time, ...), then id.

    ``joined`` holds total columns the caller outer-joined (see ``user_select``); other
    total sorts read them through a correlated subquery.
    """
    columns: dict[str, Any] = {"id": User.id, "username": User.name_lower, **(joined or {})}
    order: list[Any] = []
    for key, desc in sort:
        if key == "search_match":
            if rank is not None:
                order.append(rank.desc())
            continue
        column = columns.get(key)
        if column is None and key in _TOTAL_SORTS:
            column = _public_total(*_TOTAL_SORTS[key])
        if column is not None:
            order.append(column.desc() if desc else column.asc())
    return [*order, User.id]


def user_select(q: UserQuery, dialect_name: str) -> sa.Select[Any]:
    """SELECT of active users matching ``q`` in its order (best match first when searching)."""
    stmt = sa.select(User).where(User.is_active.is_(True))
    if q.ids is not None:
        stmt = stmt.where(User.id.in_(q.ids))
    if q.name is not None:
        stmt = stmt.where(User.name_lower == normalize_name(q.name))
    if q.is_moderator is not None:
        # A JSON list holding at least one role (NULL, JSON null and [] all mean none).
        has_role = sa.func.coalesce(sa.cast(User.moderator_roles, sa.Text).like('%"%'), False)
        stmt = stmt.where(has_role if q.is_moderator else sa.not_(has_role))
    rank = None
    match = search_clause(dialect_name, "user", q.search) if q.search else None
    if match is not None:
        stmt = stmt.join(match, match.c.id == User.id)
        rank = match.c.score
    sort = list(q.sort) or ([("search_match", False)] if q.search else [])
    joined: dict[str, Any] = {}
    for key, _desc in sort:
        if key in _TOTAL_SORTS and key not in joined:
            # An outer join (PostgreSQL hash-joins it) rather than a lookup per user.
            media_type, column = _TOTAL_SORTS[key]
            t = aliased(UserListTotals)
            on = sa.and_(t.user_id == User.id, t.media_type == media_type, t.private.is_(False))
            stmt = stmt.outerjoin(t, on)
            joined[key] = sa.func.coalesce(getattr(t, column), 0)
    return stmt.order_by(*user_order(sort, rank, joined))


async def find_users(
    session: AsyncSession, q: UserQuery, page: int, per_page: int
) -> PageResult[User]:
    """One page of users matching ``q`` with the total count."""
    return await paginate(session, user_select(q, session.get_bind().dialect.name), page, per_page)


async def first_user(session: AsyncSession, q: UserQuery) -> User | None:
    """The first user matching ``q``, or None."""
    stmt = user_select(q, session.get_bind().dialect.name).limit(1)
    return (await session.execute(stmt)).scalars().first()
