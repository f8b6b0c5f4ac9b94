"""Consistency SQL for list entries and the rows derived from them (SECURITY.md DU-3).

A list write moves, in one transaction, the entry, the media's popularity (MAL's
``num_list_users``), the owner's ``user_list_totals`` and ``user_stat_breakdowns``, and
adds or extends a list activity. After any crash each derived row must still match a
recount from the entries; every function here returns the violations (empty when sound).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.lists import stat_breakdowns, totals
from kagami.lists.models import ListEntry, UserListTotals, UserStatBreakdown
from kagami.social.models import Activity


def _nonzero(rows: Any, key_length: int) -> dict[tuple[Any, ...], tuple[int, ...]]:
    """``{key: sums}`` without all-zero rows (a maintained row may linger at zero)."""
    out = {}
    for row in rows:
        key, sums = tuple(row[:key_length]), tuple(int(v or 0) for v in row[key_length:])
        if any(sums):
            out[key] = sums
    return out


def _differences(kind: str, stored: dict[Any, Any], recounted: dict[Any, Any]) -> list[str]:
    return [
        f"{kind} {key}: stored {stored.get(key)} recounted {recounted.get(key)}"
        for key in sorted(set(stored) | set(recounted), key=repr)
        if stored.get(key) != recounted.get(key)
    ]


async def popularity_violations(session: AsyncSession) -> list[str]:
    """Media whose popularity is not the number of entries on it."""
    entries = (
        sa.select(ListEntry.media_id, sa.func.count().label("n"))
        .group_by(ListEntry.media_id)
        .subquery()
    )
    stmt = (
        sa.select(Media.id, Media.popularity, sa.func.coalesce(entries.c.n, 0))
        .outerjoin(entries, entries.c.media_id == Media.id)
        .where(Media.popularity != sa.func.coalesce(entries.c.n, 0))
    )
    return [f"media {m}: popularity {p}, entries {n}" for m, p, n in await session.execute(stmt)]


async def totals_violations(session: AsyncSession) -> list[str]:
    """``user_list_totals`` rows that differ from a recount of the entries."""
    columns = [UserListTotals.user_id, UserListTotals.media_type, UserListTotals.private]
    sums = [getattr(UserListTotals, name) for name in totals.SUMS]
    stored = _nonzero(await session.execute(sa.select(*columns, *sums)), 3)
    recounted = _nonzero(await session.execute(totals.recount()), 3)
    return _differences("totals", stored, recounted)


async def breakdown_violations(session: AsyncSession) -> list[str]:
    """``user_stat_breakdowns`` rows that differ from a recount, in every dimension."""
    keys = [getattr(UserStatBreakdown, name) for name in stat_breakdowns.PRIMARY_KEY]
    sums = [getattr(UserStatBreakdown, name) for name in stat_breakdowns.SUMS]
    stored = _nonzero(await session.execute(sa.select(*keys, *sums)), len(keys))
    recounted: dict[tuple[Any, ...], tuple[int, ...]] = {}
    for dimension in stat_breakdowns.DIMENSIONS:
        rows = await session.execute(stat_breakdowns.recount(dimension))
        recounted.update(_nonzero(rows, len(keys)))
    return _differences("breakdown", stored, recounted)


async def activity_violations(session: AsyncSession) -> list[str]:
    """Public entries without any list activity (each was created with a status change)."""
    has_activity = sa.exists().where(
        Activity.user_id == ListEntry.user_id, Activity.media_id == ListEntry.media_id
    )
    stmt = sa.select(ListEntry.id).where(ListEntry.private.is_(False), ~has_activity)
    return [f"entry {entry_id}: no list activity" for entry_id in await session.scalars(stmt)]


async def violations(database: Database) -> list[str]:
    """Every consistency violation between entries and their derived rows."""
    async with database.session() as session:
        found: list[str] = []
        for check in (
            popularity_violations,
            totals_violations,
            breakdown_violations,
            activity_violations,
        ):
            found += await check(session)
        return found


def sqlite_integrity(path: Path) -> tuple[str, list[Any]]:
    """``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` of a SQLite file."""
    connection = sqlite3.connect(path)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    return integrity, foreign
