"""Engine construction: the pool follows Settings; statements' values stay out of errors;
SQLite inline reads stay cheap."""

from __future__ import annotations

import asyncio
import inspect
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from kagami.config import Settings
from kagami.db import Database
from kagami.db.engine import inline_reads
from tests.support import postgres as pg
from tests.support.loop_lag import loop_lag_probe


async def test_pool_size_comes_from_settings(tmp_path: Path) -> None:
    database = Database(Settings(data_dir=tmp_path, database_pool_size=7, _env_file=None))
    try:
        pool = database.engine.pool
        assert pool.size() == 7  # type: ignore[attr-defined]
        assert pool._max_overflow == 3  # type: ignore[attr-defined]
    finally:
        await database.dispose()


async def test_a_failing_statement_does_not_carry_its_bound_values(database: Database) -> None:
    """Errors (and so the log lines quoting them) name the SQL, never clients' values."""
    secret = "client-secret-value"
    with pytest.raises(DBAPIError) as failure:
        async with database.session() as session:
            await session.execute(
                sa.text("SELECT no_such_column FROM media WHERE title_romaji = :title"),
                {"title": secret},
            )
    assert "no_such_column" in str(failure.value)
    assert secret not in str(failure.value)


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(Settings(data_dir=tmp_path, _env_file=None))
    yield database
    await database.dispose()


# ~3 M rows of a recursive CTE: a few hundred ms of SQLite work, all of it in one step.
SLOW = (
    "SELECT (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) "
    "SELECT count(*) FROM c)"
)


async def test_slow_inline_read_moves_to_the_thread_and_never_holds_the_loop(
    sqlite: Database,
) -> None:
    async with loop_lag_probe() as lag, sqlite.engine.connect() as conn:
        with inline_reads():
            for _ in range(2):  # the second time it goes to the thread straight away
                assert (await conn.execute(sa.text(SLOW))).scalar_one() == 3_000_000
    assert lag.cpu < 0.05, lag


async def test_cheap_inline_reads_run_on_the_loop_thread(sqlite: Database) -> None:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.create_function("thread_id", 0, threading.get_ident)

    event.listen(sqlite.engine.sync_engine, "connect", on_connect)
    async with sqlite.engine.connect() as conn:
        with inline_reads():
            inline = (await conn.execute(sa.text("SELECT thread_id()"))).scalar_one()
        threaded = (await conn.execute(sa.text("SELECT thread_id()"))).scalar_one()
    assert inline == threading.get_ident() != threaded


async def test_inline_reads_serve_every_fetch_style(sqlite: Database) -> None:
    values = sa.text("SELECT value FROM json_each(:numbers)").bindparams(
        numbers=str(list(range(1, 251)))
    )
    async with sqlite.engine.connect() as conn:
        with inline_reads():
            everything = (await conn.execute(values)).all()
            first = (await conn.execute(values)).first()
            stream = await conn.stream(values)
            parts = [len(p) async for p in stream.partitions(100)]
    assert [r[0] for r in everything] == list(range(1, 251))
    assert first is not None and first[0] == 1
    assert parts == [100, 100, 50]


def test_aiosqlite_private_names_inline_reads_relies_on_are_there() -> None:
    # kagami.db.engine overrides Connection._execute and reads _running/_connection;
    # if an aiosqlite release renames them, this fails before inline reads silently break.
    execute = aiosqlite.Connection._execute
    assert inspect.iscoroutinefunction(execute)
    assert list(inspect.signature(execute).parameters) == ["self", "fn", "args", "kwargs"]
    init = inspect.signature(aiosqlite.Connection.__init__).parameters
    assert list(init)[:3] == ["self", "connector", "iter_chunk_size"]
    connection = aiosqlite.Connection(lambda: sqlite3.connect(":memory:"), 64)
    assert connection._running is True and connection._connection is None


@pytest.mark.postgres
async def test_a_pooled_connection_the_server_closed_is_replaced_before_use(
    postgres_admin_url: str, tmp_path: Path
) -> None:
    """What pool_pre_ping did, without its round trips: a terminated backend's connection
    is noticed at checkout and replaced, so the request never sees the dead one."""
    url = await pg.create_database(postgres_admin_url)
    settings = Settings(data_dir=tmp_path, database_url=url, database_pool_size=1, _env_file=None)
    database = Database(settings)
    try:
        async with database.engine.connect() as conn:
            first = (await conn.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        killer = Database(settings)
        async with killer.engine.connect() as other:
            await other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        await killer.dispose()
        await asyncio.sleep(0.3)  # the loop reads the closed socket
        async with database.engine.connect() as conn:
            second = (await conn.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()
        assert second != first
    finally:
        await database.dispose()
        await pg.drop_database(postgres_admin_url, url)
