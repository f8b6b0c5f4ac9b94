"""Write helpers that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def table_of(model: Any) -> sa.Table:
    """The Core table of an ORM model (typed for the statements built on it)."""
    table = model.__table__
    assert isinstance(table, sa.Table)
    return table


def insert_ignoring_conflicts(session: AsyncSession, target: Any) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` into a model or table, on the session's backend."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    return insert(target).on_conflict_do_nothing()


async def insert_or_ignore(session: AsyncSession, model: Any, **values: Any) -> bool:
    """``INSERT ... ON CONFLICT DO NOTHING``: True when the row was added, False when it existed.

    Race-free on both backends: of two concurrent inserts of one key, exactly one adds it.
    """
    result: Any = await session.execute(insert_ignoring_conflicts(session, model).values(**values))
    return bool(result.rowcount == 1)
