"""Filling ``user_stat_breakdowns`` for a database that had entries before it existed.

Migration 0010 creates the table and records a pending backfill in ``kagami_meta``
(:data:`PENDING`, the next user id to fill); :func:`finish_pending` then fills it after
Alembic (``db.migrate.upgrade`` calls it; a start whose database is at the head but has a
backfill pending still upgrades). It works through the users in id order, a batch per
transaction that also moves the marker, behind a Rich progress bar: an interrupted run
keeps what it committed and the next one goes on from there. A batch deletes its users'
rows before filling them, so rows a write made meanwhile are never counted twice.

Set-based: the media keys of the whole catalogue are collected once into a temporary
table (``stat_keys.media_keys``), then a batch is one join of its entries with that
table for the nine media dimensions plus one statement per entry dimension: the same
rows as ``stat_breakdowns.recount``, without scanning the link tables per dimension
and batch. It runs at the head schema, so it uses the current models.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.db.base import now_epoch
from kagami.db.meta import SystemMeta
from kagami.lists import stat_breakdowns, stat_keys
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry, UserStatBreakdown

PENDING = "backfill:user_stat_breakdowns"  # kagami_meta key; value: the next user id to fill
USERS_PER_BATCH = 200  # ~1-2 s of work: a commit (and a resume point) that often

_KEYS = sa.Table(
    "stat_backfill_media_keys",
    sa.MetaData(),
    sa.Column("media_id", sa.Integer, nullable=False),
    sa.Column("dimension", sa.String(16), nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Index("ix_stat_backfill_media_keys", "media_id", "dimension", "key"),
    prefixes=["TEMPORARY"],
)
_COLUMNS = [*stat_breakdowns.PRIMARY_KEY, *stat_breakdowns.SUMS]


async def is_pending(connection: AsyncConnection) -> bool:
    """Whether a backfill was recorded and has not finished (no Alembic needed to tell)."""
    found = await connection.execute(sa.select(SystemMeta.key).where(SystemMeta.key == PENDING))
    return found.first() is not None


async def finish_pending(database: Database, *, quiet: bool = False) -> int:
    """Fill the breakdowns of every user from the recorded position on; users filled.

    A no-op (one read) when nothing is pending.
    """
    async with database.engine.connect() as conn:
        start = await conn.scalar(sa.select(SystemMeta.value).where(SystemMeta.key == PENDING))
        await conn.commit()
        if start is None:
            return 0
        from kagami.progress import make_progress  # Rich: only when there is work to show

        users = list(
            await conn.scalars(
                sa.select(ListEntry.user_id)
                .distinct()
                .where(ListEntry.user_id >= int(start))
                .order_by(ListEntry.user_id)
            )
        )
        await conn.commit()
        await conn.run_sync(lambda sync: _KEYS.create(sync, checkfirst=True))
        try:
            keys = stat_keys.media_keys(sa.select(Media.id))
            await conn.execute(sa.insert(_KEYS).from_select(["media_id", "dimension", "key"], keys))
            await conn.commit()
            with make_progress(quiet=quiet) as progress:
                task = progress.add_task("Statistics breakdowns", total=len(users))
                for i in range(0, len(users), USERS_PER_BATCH):
                    batch = users[i : i + USERS_PER_BATCH]
                    await _fill(conn, batch)
                    progress.advance(task, len(batch))
            await conn.execute(sa.delete(SystemMeta).where(SystemMeta.key == PENDING))
            await conn.commit()
        finally:
            await conn.rollback()
            await conn.run_sync(lambda sync: _KEYS.drop(sync, checkfirst=True))
            await conn.commit()
    return len(users)


async def _fill(conn: AsyncConnection, users: Sequence[int]) -> None:
    """One committed batch: these users' rows from scratch, and the marker past them."""
    low, high = users[0], users[-1]
    b = UserStatBreakdown
    await conn.execute(sa.delete(b).where(b.user_id >= low, b.user_id <= high))
    insert = sa.insert(b)
    await conn.execute(insert.from_select(_COLUMNS, _media_rows(low, high)))
    for dimension in stat_keys.ENTRY_DIMENSIONS:
        await conn.execute(insert.from_select(_COLUMNS, stat_breakdowns.recount(dimension, users)))
    await conn.execute(
        sa.update(SystemMeta)
        .where(SystemMeta.key == PENDING)
        .values(value=str(high + 1), updated_at=now_epoch())
    )
    await conn.commit()


def _media_rows(low: int, high: int) -> Any:
    """What the media dimensions' rows of users ``low``..``high`` hold: PRIMARY_KEY + SUMS."""
    e = ListEntry
    minutes, chapters = stat_breakdowns.consumption()
    facts = (
        sa.select(
            e.user_id,
            e.media_type,
            e.private,
            e.score,
            e.media_id,
            minutes.label("minutes"),
            chapters.label("chapters"),
        )
        .join(Media, Media.id == e.media_id)
        .where(e.user_id >= low, e.user_id <= high, e.status != MediaListStatus.PLANNING)
        .subquery("f")
    )
    k = _KEYS.c
    return (
        sa.select(
            facts.c.user_id,
            facts.c.media_type,
            k.dimension,
            facts.c.private,
            k.key,
            sa.func.count(),
            sa.func.sum(sa.case((facts.c.score > 0, 1), else_=0)),
            sa.func.sum(facts.c.score),
            sa.func.sum(facts.c.minutes),
            sa.func.sum(facts.c.chapters),
        )
        .join(_KEYS, k.media_id == facts.c.media_id)
        .group_by(facts.c.user_id, facts.c.media_type, k.dimension, facts.c.private, k.key)
    )
