"""Bulk-fill the trigram search documents instead of one trigger call per inserted row.

Migration 0003 keeps ``search_<table>`` in step with per-row triggers; for a bulk seed that
costs ~15x the insert itself on SQLite. While seeding, each insert trigger is set aside and
afterwards its own document expression fills the new rows in one ``INSERT ... SELECT``.
Everything happens inside the seeding transaction, so an interrupted run restores the
triggers too. A trigger whose shape is not recognised is simply left in place.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.importers.synthetic.context import session_dialect

SEARCHED_TABLES = ("media", "characters", "staff", "studios", "users")

_SQLITE_INSERT = re.compile(
    r"INSERT INTO (?P<search>\w+) \(rowid, doc\) VALUES \(new\.id, (?P<doc>.*)\);\s*END\s*$",
    re.DOTALL,
)
_POSTGRES_INSERT = re.compile(
    r"INSERT INTO (?P<search>\w+) \(id, doc\) VALUES \(NEW\.id, (?P<doc>.*?)\) ON CONFLICT",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class _Deferred:
    table: str
    trigger: str
    recreate: str  # SQLite: the CREATE TRIGGER statement; PostgreSQL: unused
    fill: str  # INSERT ... SELECT for rows with id > :after
    after: int


async def _sqlite_defer(session: AsyncSession, table: str, after: int) -> _Deferred | None:
    name = f"search_{table}_ai"
    sql = await session.scalar(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"), {"n": name}
    )
    match = _SQLITE_INSERT.search(sql or "")
    if match is None:
        return None
    fill = (
        f"INSERT INTO {match['search']} (rowid, doc) SELECT new.id, {match['doc']}"
        f' FROM {table} AS "new" WHERE new.id > :after'
    )
    await session.execute(sa.text(f"DROP TRIGGER {name}"))
    return _Deferred(table, name, sql or "", fill, after)


async def _postgres_defer(session: AsyncSession, table: str, after: int) -> _Deferred | None:
    name = f"search_{table}_sync"
    source = await session.scalar(
        sa.text("SELECT prosrc FROM pg_proc WHERE proname = :n"), {"n": name}
    )
    match = _POSTGRES_INSERT.search(source or "")
    if match is None:
        return None
    fill = (
        f"INSERT INTO {match['search']} (id, doc) SELECT new.id, {match['doc']}"
        f' FROM {table} AS "new" WHERE new.id > :after'
        " ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc"
    )
    await session.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER {name}"))
    return _Deferred(table, name, "", fill, after)


@asynccontextmanager
async def search_documents_deferred(session: AsyncSession) -> AsyncIterator[None]:
    """Inside the block, inserts skip the search triggers; on exit new rows get their documents."""
    sqlite = session_dialect(session).name == "sqlite"
    deferred: list[_Deferred] = []
    for table in SEARCHED_TABLES:
        after = await session.scalar(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}"))
        defer = _sqlite_defer if sqlite else _postgres_defer
        item = await defer(session, table, int(after or 0))
        if item is not None:
            deferred.append(item)
    yield
    for item in deferred:
        await session.execute(sa.text(item.fill), {"after": item.after})
        if sqlite:
            await session.execute(sa.text(item.recreate))
        else:
            await session.execute(
                sa.text(f"ALTER TABLE {item.table} ENABLE TRIGGER {item.trigger}")
            )
