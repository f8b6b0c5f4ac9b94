"""Write helpers that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_or_ignore(session: AsyncSession, model: Any, **values: Any) -> bool:
    """``INSERT ... ON CONFLICT DO NOTHING``: True when the row was added, False when it existed.

    Race-free on both backends: of two concurrent inserts of one key, exactly one adds it.
    """
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    result: Any = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount == 1)
