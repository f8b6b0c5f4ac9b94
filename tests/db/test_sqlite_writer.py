"""The SQLite writer lock: writers queue on it instead of SQLite's busy handler, it never
deadlocks when nested, and statements of a transaction holding the write lock run inline."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from kagami.config import Settings
from kagami.db import Database
from kagami.db.engine import inline_reads, writer_lock
from kagami.db.sqlite_writer import WriterLock
from kagami.lists.models import ListEntry, UserListTotals
from tests.dialects.anilist_graphql import conftest as graphql_conftest
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.dialects.anilist_v1 import conftest as v1_conftest
from tests.dialects.anilist_v1.conftest import V1Client
from tests.dialects.mal import conftest as mal_conftest
from tests.dialects.mal.conftest import MalClient
from tests.factories import make_media, make_user

# The dialects' client fixtures, on the same test database.
gql, mal, v1 = graphql_conftest.gql, mal_conftest.mal, v1_conftest.v1


def _no_busy_wait(dbapi_connection: Any, _record: Any) -> None:
    """SQLite answers "database is locked" at once instead of waiting in its busy handler."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.close()


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Database]:
    """A SQLite database whose connections never busy-wait, with a table to write."""
    database = Database(Settings(data_dir=tmp_path, _env_file=None))
    event.listen(database.engine.sync_engine, "connect", _no_busy_wait)
    async with database.engine.begin() as conn:
        await conn.execute(sa.text("CREATE TABLE t (n INTEGER)"))
    yield database
    await database.dispose()


def _lock(database: Database) -> WriterLock:
    lock = writer_lock(database.engine)
    assert lock is not None
    return lock


async def _insert(database: Database, n: int, pause: float = 0.01) -> None:
    """A write transaction that awaits between its writes, as a request does."""
    async with database.session() as s:
        await s.execute(sa.text("INSERT INTO t VALUES (:n)"), {"n": n})
        await asyncio.sleep(pause)
        await s.execute(sa.text("UPDATE t SET n = n WHERE n = :n"), {"n": n})


async def test_concurrent_writers_queue_instead_of_meeting_sqlite_locked(
    sqlite: Database,
) -> None:
    # Without the lock the second writer would get SQLITE_BUSY at once (busy_timeout=0).
    await asyncio.gather(*(_insert(sqlite, n) for n in range(12)))
    async with sqlite.session() as s:
        assert await s.scalar(sa.text("SELECT count(*) FROM t")) == 12
    assert not _lock(sqlite).locked


async def test_the_lock_is_held_from_the_first_write_to_commit_or_rollback(
    sqlite: Database,
) -> None:
    lock = _lock(sqlite)
    async with sqlite.session() as s:
        await s.execute(sa.text("SELECT count(*) FROM t"))
        assert not lock.locked  # reads take nothing
        await s.execute(sa.text("INSERT INTO t VALUES (1)"))
        assert lock.locked
    assert not lock.locked  # committed
    session = sqlite.sessionmaker()
    await session.execute(sa.text("INSERT INTO t VALUES (2)"))
    with pytest.raises(OperationalError):
        await session.execute(sa.text("INSERT INTO no_such_table VALUES (1)"))
    assert lock.locked  # a failed statement leaves its transaction (and the lock) open
    await session.rollback()
    assert not lock.locked
    await session.close()
    async with sqlite.engine.connect() as conn:  # an autocommit write ends at once
        await conn.execute(sa.text("CREATE TABLE u (n INTEGER)"))
        assert not lock.locked


async def test_nested_sessions_of_one_task_never_deadlock(sqlite: Database) -> None:
    lock = _lock(sqlite)
    lock.timeout = 2  # were the nested write to wait on the lock, it would fail, not hang
    async with sqlite.session() as outer:
        await outer.execute(sa.text("SELECT count(*) FROM t"))  # reads only: no lock
        async with sqlite.session() as inner:
            await inner.execute(sa.text("INSERT INTO t VALUES (1)"))
        await outer.execute(sa.text("INSERT INTO t VALUES (2)"))  # the inner one committed
    async with sqlite.session() as outer:
        await outer.execute(sa.text("INSERT INTO t VALUES (3)"))
        # A nested writer of the same task holding the lock passes it (re-entrant) and
        # meets SQLite's own lock, as without the writer lock: an error, not a hang.
        with pytest.raises(OperationalError, match="locked"):
            async with sqlite.session() as inner:
                await inner.execute(sa.text("INSERT INTO t VALUES (4)"))
        assert lock.locked
    assert not lock.locked
    async with sqlite.session() as s:
        assert list(await s.scalars(sa.text("SELECT n FROM t ORDER BY n"))) == [1, 2, 3]


async def test_a_writer_waiting_on_its_own_caller_gives_up_after_the_busy_timeout(
    sqlite: Database,
) -> None:
    """A task that holds the lock and awaits another task's write: that write fails with
    SQLite's "database is locked" after the timeout instead of waiting forever."""
    _lock(sqlite).timeout = 0.2
    async with sqlite.session() as s:
        await s.execute(sa.text("INSERT INTO t VALUES (1)"))
        child = asyncio.create_task(_insert(sqlite, 2, pause=0))
        with pytest.raises(OperationalError, match="database is locked"):
            await asyncio.wait_for(child, 5)
    await _insert(sqlite, 3, pause=0)  # the lock is free again


async def test_a_lock_whose_holder_vanished_is_taken_back(sqlite: Database) -> None:
    """A connection dropped without ending its transaction does not block writers forever."""
    lock = _lock(sqlite)
    lock.timeout = 0.2

    class Gone:
        def transaction_open(self) -> bool:
            return False

    holder = Gone()
    await lock.acquire(holder)
    await asyncio.create_task(_insert(sqlite, 1, pause=0))  # another task, after the timeout
    lock.release(holder)  # a late release of the vanished holder is harmless
    assert not lock.locked


@pytest.fixture
async def threaded(tmp_path: Path) -> AsyncIterator[Database]:
    """A SQLite database whose SQL can call ``thread_id()``: the thread running a statement."""
    database = Database(Settings(data_dir=tmp_path, _env_file=None))

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.create_function("thread_id", 0, threading.get_ident)

    event.listen(database.engine.sync_engine, "connect", on_connect)
    async with database.engine.begin() as conn:
        await conn.execute(sa.text("CREATE TABLE t (n INTEGER, thread INTEGER)"))
    yield database
    await database.dispose()


async def test_statements_after_the_first_write_run_on_the_loop_thread(
    threaded: Database,
) -> None:
    with inline_reads():
        async with threaded.session() as s:
            await s.execute(sa.text("INSERT INTO t VALUES (1, thread_id())"))  # the thread
            await s.execute(sa.text("INSERT INTO t VALUES (2, thread_id())"))  # inline
            inside = await s.scalar(sa.text("SELECT thread_id()"))
    async with threaded.session() as s:
        rows = list(await s.execute(sa.text("SELECT n, thread FROM t ORDER BY n")))
    loop_thread = threading.get_ident()
    assert rows[0][1] != loop_thread  # the first write may wait for the lock: the thread
    assert rows[1][1] == inside == loop_thread


async def test_an_inline_write_that_overran_the_budget_goes_to_the_thread_next_time(
    threaded: Database,
) -> None:
    slow = (
        "INSERT INTO t SELECT x, thread_id() FROM (WITH RECURSIVE c(x) AS "
        "(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT x FROM c)"
    )
    with inline_reads():
        async with threaded.session() as s:
            await s.execute(sa.text("INSERT INTO t VALUES (0, 0)"))
            await s.execute(sa.text(slow))  # inline, and over the budget
            await s.execute(sa.text(slow))  # remembered: on the thread
    async with threaded.session() as s:
        threads = list(await s.scalars(sa.text("SELECT DISTINCT thread FROM t WHERE n > 0")))
    assert len(threads) == 2 and threading.get_ident() in threads


async def test_concurrent_list_writes_from_the_three_dialects_all_land(
    gql: GraphQLClient, mal: MalClient, v1: V1Client, database: Database
) -> None:
    """GraphQL, MAL and v1 saves at once: on SQLite (busy wait off) each queues on the
    writer lock, so none meets "database is locked"; on both backends every one lands."""
    if database.is_sqlite:
        event.listen(database.engine.sync_engine, "connect", _no_busy_wait)
        await database.engine.dispose()  # pooled connections reopen without busy waits
    per_dialect = 5
    async with database.session() as s:
        user = (await make_user(s)).id
        media = [
            (await make_media(s, id_mal=7000 + i, episodes=50)).id for i in range(3 * per_dialect)
        ]
    graphql_auth = await bearer(gql, database, user)
    mal_auth = await mal.token_for(database, user)
    save = "mutation ($m: Int, $p: Int) { SaveMediaListEntry(mediaId: $m, progress: $p) { id } }"

    async def via_graphql(i: int) -> int:
        status, body = await gql(save, {"m": media[i], "p": i + 1}, **graphql_auth)
        return status if "errors" not in body else 500

    async def via_mal(i: int) -> int:
        form = {"status": "watching", "num_watched_episodes": str(i + 1)}
        path = f"/v2/anime/{7000 + i}/my_list_status"
        return (await mal.http.patch(path, data=form, headers=mal_auth)).status_code

    async def via_v1(i: int) -> int:
        form = {"id": str(media[i]), "list_status": "watching", "episodes_watched": str(i + 1)}
        return (await v1.post("animelist", user, data=form)).status_code

    calls = [
        write(i)
        for start, write in enumerate((via_graphql, via_mal, via_v1))
        for i in range(start * per_dialect, (start + 1) * per_dialect)
    ]
    assert await asyncio.gather(*calls) == [200] * len(calls)
    async with database.session() as s:
        rows = await s.execute(sa.select(ListEntry.media_id, ListEntry.progress))
        progress = {media_id: value for media_id, value in rows}
        totals = await s.scalar(
            sa.select(UserListTotals.episodes_watched).where(UserListTotals.user_id == user)
        )
    assert progress == {m: i + 1 for i, m in enumerate(media)}
    assert totals == sum(range(1, len(media) + 1))
