"""The breakdowns backfill after migration 0010: batched, resumable, exactly a recount."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import MediaGenre, MediaStaff
from kagami.db import Database
from kagami.db.meta import get_meta
from kagami.db.migrate import is_at_head, upgrade
from kagami.lists import stat_backfill
from kagami.lists.models import UserStatBreakdown
from kagami.lists.stat_breakdowns import DIMENSIONS, PRIMARY_KEY, SUMS, recount
from tests.db.test_migrations import _add_old_entries
from tests.factories import make_media, make_staff, make_user


class _Interrupted(Exception):
    """Stands for a kill in the middle of the backfill."""


async def _rows(database: Database) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """The maintained rows, and what a from-scratch recount says they must be."""
    async with database.session() as s:
        columns = [getattr(UserStatBreakdown, n) for n in (*PRIMARY_KEY, *SUMS)]
        kept = {tuple(row) for row in await s.execute(sa.select(*columns))}
        fresh = {tuple(row) for d in DIMENSIONS for row in await s.execute(recount(d))}
    return kept, fresh


async def test_an_interrupted_backfill_keeps_its_batches_and_goes_on_from_there(
    empty_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await upgrade(empty_database, "0009")
    async with empty_database.session() as s:
        show = await make_media(s, episodes=12, duration=24, start_year=2001)
        book = await make_media(s, type=MediaType.MANGA, chapters=40, volumes=4)
        plan = await make_media(s)
        director = await make_staff(s)
        s.add(MediaGenre(media_id=show.id, genre="Drama"))
        s.add(MediaStaff(media_id=show.id, staff_id=director.id, role="Director"))
        users = [(await make_user(s)).id for _ in range(3)]
        for user_id in users:
            _add_old_entries(s, user_id, show, book, plan, started_year=2020)
    monkeypatch.setattr(stat_backfill, "USERS_PER_BATCH", 1)
    fill = stat_backfill._fill
    batches = 0

    async def second_batch_dies(conn: AsyncConnection, batch: Sequence[int]) -> None:
        nonlocal batches
        batches += 1
        if batches == 2:
            raise _Interrupted
        await fill(conn, batch)

    monkeypatch.setattr(stat_backfill, "_fill", second_batch_dies)
    with pytest.raises(_Interrupted):
        await upgrade(empty_database, quiet=True)
    # The first user's batch is committed and the marker points past it; the start sees
    # the database unfinished although Alembic is at its head.
    kept, fresh = await _rows(empty_database)
    assert {row[0] for row in kept} == {users[0]}
    assert kept == {row for row in fresh if row[0] == users[0]}
    async with empty_database.session() as s:
        assert await get_meta(s, stat_backfill.PENDING) == str(users[0] + 1)
    assert not await is_at_head(empty_database)

    await upgrade(empty_database, quiet=True)
    assert batches == 2 + 2  # the two users left, not the first again
    kept, fresh = await _rows(empty_database)
    assert kept == fresh and {row[0] for row in kept} == set(users)
    async with empty_database.session() as s:
        assert await get_meta(s, stat_backfill.PENDING) is None
    assert await is_at_head(empty_database)


async def test_a_new_database_has_no_backfill_to_run(empty_database: Database) -> None:
    await upgrade(empty_database)
    async with empty_database.session() as s:
        assert await get_meta(s, stat_backfill.PENDING) is None
    assert await is_at_head(empty_database)
