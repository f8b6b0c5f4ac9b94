"""One user's vote on a review or recommendation, replaced atomically on both backends.

A vote change is "delete the old row, insert the new one"; the caller turns exactly the
rows these statements changed into counter deltas, so totals stay exact even when the
same user's requests race (the losing INSERT does nothing and so counts nothing).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.db.writes import insert_ignoring_conflicts


async def replace_vote(
    session: AsyncSession, table: sa.Table, key: dict[str, int], new: str | None
) -> tuple[str | None, str | None]:
    """Set the ``rating`` row at ``key`` to ``new`` (None removes it): (removed, inserted)."""
    where = [table.c[name] == value for name, value in key.items()]
    removed = await session.scalar(sa.delete(table).where(*where).returning(table.c.rating))
    inserted = None
    if new is not None:
        stmt = insert_ignoring_conflicts(session, table).values(**key, rating=new)
        inserted = await session.scalar(stmt.returning(table.c.rating))
    return _plain(removed), _plain(inserted)


def _plain(value: Any) -> str | None:
    """A stored enum value as its plain string (either backend may return the member)."""
    return None if value is None else str(getattr(value, "value", value))
