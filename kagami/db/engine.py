"""Async engine and session factory, with SQLite tuned for durability and concurrency."""

from __future__ import annotations

import functools
import sqlite3
import time
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from kagami.config import Settings
from kagami.db.like import register_sqlite_functions
from kagami.db.sqlite_writer import BUSY_TIMEOUT_MS, WriterLock, first_word, is_dml, needs_writer


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL for concurrent readers, FULL sync for durability, and enforced foreign keys."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


# Set while a read-only request runs (see inline_reads): SQLite reads skip aiosqlite's thread.
_INLINE_READS: ContextVar[bool] = ContextVar("kagami_inline_reads", default=False)
# sqlite3 calls that only read (commit/rollback outside a transaction are no-ops).
# (Fetches are not here: an inline SELECT's rows are read with it, see _InlineReadConnection.)
_READ_CALLS = frozenset({"cursor", "commit", "rollback"})
# How long one statement may run on the event loop before it is interrupted and run again
# on the connection's thread, and how often (in SQLite VM instructions) that is checked.
INLINE_BUDGET_SECONDS = 0.002
_PROGRESS_EVERY = 1000
# Statements that once overran the budget go straight to the thread (bounded, oldest out).
_SLOW_STATEMENTS: dict[str, None] = {}
_MAX_SLOW_STATEMENTS = 1024


@contextmanager
def inline_reads() -> Iterator[None]:
    """Run cheap SQLite reads of this task on the event loop thread, not aiosqlite's thread.

    aiosqlite hands every call (cursor, execute, fetch, close, commit...) to a worker
    thread and back, ~6 thread round trips per statement and transaction, which cost more
    than a small indexed read itself, and far more on a loaded machine. Under WAL a reader
    never waits for a lock, so a ``SELECT`` outside a write transaction is safe to run
    inline; anything else (a write, or any call once a write has begun the transaction)
    still goes through the thread, so a busy wait never blocks the event loop.

    A read is only cheap until it is not: a ``SELECT`` still running after
    :data:`INLINE_BUDGET_SECONDS` is interrupted (SQLite's progress handler), run again on
    the thread, and its SQL remembered so it goes there directly next time. So one slow
    statement stalls every other request by at most the budget, not by its whole length.
    No effect on PostgreSQL.
    """
    token = _INLINE_READS.set(True)
    try:
        yield
    finally:
        _INLINE_READS.reset(token)


class _Overran(Exception):
    """An inline statement ran past its budget and was interrupted."""


def _run_within_budget(conn: sqlite3.Connection, run: Callable[[], Any]) -> Any:
    """``run()`` on this thread, interrupted (:class:`_Overran`) past the budget."""
    deadline = time.perf_counter() + INLINE_BUDGET_SECONDS
    overran = False

    def check() -> int:
        nonlocal overran
        overran = time.perf_counter() > deadline
        return overran

    conn.set_progress_handler(check, _PROGRESS_EVERY)
    try:
        return run()
    except sqlite3.OperationalError:
        if overran:
            raise _Overran from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


_FETCHES = frozenset({"fetchall", "fetchmany", "fetchone"})
# sqlite3 calls whose first argument is SQL.
_STATEMENTS = frozenset({"execute", "executemany", "executescript", "_execute_insert"})
# Calls inside a write transaction that may run inline besides statements (no commit).
_WRITE_CALLS = frozenset({"cursor", "rollback"}) | _FETCHES


class _InlineReadConnection(aiosqlite.Connection):
    """An aiosqlite connection that runs cheap read calls inline inside :func:`inline_reads`.

    An inline ``SELECT`` is stepped to its last row at once, under the budget, and its
    fetches are served from those rows; a statement that went to the thread is fetched
    there too. Overrides aiosqlite's private ``_execute`` and reads ``_running`` and
    ``_connection`` (pinned version; tests/db/test_engine.py fails if those names change).
    """

    def __init__(
        self,
        connector: Callable[[], sqlite3.Connection],
        iter_chunk_size: int,
        writer: WriterLock,
    ) -> None:
        super().__init__(connector, iter_chunk_size)
        self._prefetched: dict[int, list[Any]] = {}  # id(sqlite3 cursor) -> rows not yet fetched
        self._writer = writer
        self._writing = False  # holds the writer lock (from its first write to the end)
        self._wrote = False  # a write of this transaction ran: it holds SQLite's write lock

    def transaction_open(self) -> bool:
        """Whether the connection is open and inside a transaction (the writer lock asks)."""
        conn = self._connection
        return conn is not None and conn.in_transaction

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        name = getattr(fn, "__name__", "")
        cursor = getattr(fn, "__self__", None)
        if name in _FETCHES and id(cursor) in self._prefetched:
            return _serve(self._prefetched, id(cursor), name, args)
        if name in ("close", "execute"):
            self._prefetched.pop(id(cursor), None)
        sql = args[0] if name in _STATEMENTS and args and isinstance(args[0], str) else None
        if sql is not None and not self._writing and needs_writer(sql):
            await self._writer.acquire(self)
            self._writing = True
        ok = False
        try:
            result = await self._dispatch(fn, name, cursor, sql, args, kwargs)
            ok = True
            return result
        finally:
            if self._writing:
                self._settle(name, cursor, sql, ok)

    def _settle(self, name: str, owner: Any, sql: str | None, ok: bool) -> None:
        """After a call while holding the writer lock: release it once the transaction ended."""
        conn = self._connection
        ended = (
            name in ("commit", "rollback")
            or (name == "close" and not isinstance(owner, sqlite3.Cursor))
            or conn is None
            or not conn.in_transaction
        )
        if ended:
            self._writing = self._wrote = False
            self._writer.release(self)
        elif ok and sql is not None and is_dml(sql):
            self._wrote = True

    async def _dispatch(
        self,
        fn: Callable[..., Any],
        name: str,
        cursor: Any,
        sql: str | None,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        """Run the call inline when that is safe and cheap, else on aiosqlite's thread."""
        conn = self._connection
        if _INLINE_READS.get() and self._running and conn is not None:
            try:
                if not conn.in_transaction and _reads_only(name, cursor, args):
                    if name != "execute":
                        return fn(*args, **kwargs)
                    return _run_within_budget(
                        conn, lambda: self._execute_and_read(fn, args, kwargs)
                    )
                if self._wrote and conn.in_transaction and _inline_in_write(name, cursor, sql):
                    return self._run_in_write(conn, fn, name, sql, args, kwargs)
            except _Overran:
                _remember_slow(args[0])
        return await super()._execute(fn, *args, **kwargs)

    def _run_in_write(
        self,
        conn: sqlite3.Connection,
        fn: Callable[..., Any],
        name: str,
        sql: str | None,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        """A call inside a transaction that holds SQLite's write lock, on the loop thread.

        Holding the write lock, a statement never waits for another connection, so it
        costs only its own work: a SELECT runs under the budget as outside transactions
        (interrupting a SELECT leaves the transaction intact); a write cannot be
        interrupted (that would roll back the whole transaction), so one that overran
        the budget is remembered and runs on the thread from then on.
        """
        if sql is None:
            return fn(*args, **kwargs)
        if name == "execute" and first_word(sql) == "SELECT":
            return _run_within_budget(conn, lambda: self._execute_and_read(fn, args, kwargs))
        start = time.perf_counter()
        try:
            if name == "execute":
                return self._execute_and_read(fn, args, kwargs)
            return fn(*args, **kwargs)
        finally:
            if time.perf_counter() - start > INLINE_BUDGET_SECONDS:
                _remember_slow(sql)

    def _execute_and_read(self, execute: Any, args: Any, kwargs: Any) -> Any:
        """``cursor.execute(...)``, then every row into :attr:`_prefetched` for the fetches."""
        cursor = execute.__self__
        result = execute(*args, **kwargs)
        if cursor.description is not None:
            self._prefetched[id(cursor)] = cursor.fetchall()
        return result


def _serve(store: dict[int, list[Any]], key: int, name: str, args: tuple[Any, ...]) -> Any:
    """A fetch answered from the rows an inline execute already read."""
    rows = store.pop(key)
    if name == "fetchall":
        return rows
    count = 1 if name == "fetchone" else (args[0] if args else 1)
    if len(rows) > count:
        store[key] = rows[count:]
    if name == "fetchone":
        return rows[0] if rows else None
    return rows[:count]


def _remember_slow(sql: str) -> None:
    if len(_SLOW_STATEMENTS) >= _MAX_SLOW_STATEMENTS:
        del _SLOW_STATEMENTS[next(iter(_SLOW_STATEMENTS))]
    _SLOW_STATEMENTS[sql] = None


def _inline_in_write(name: str, owner: Any, sql: str | None) -> bool:
    """Whether a call of a transaction holding the write lock may run inline: not the
    commit (its fsync belongs on the thread), nor a statement that once overran."""
    if sql is not None:
        return name != "executescript" and sql not in _SLOW_STATEMENTS
    if name == "close":
        return isinstance(owner, sqlite3.Cursor)
    return name in _WRITE_CALLS


def _reads_only(name: str, owner: Any, args: tuple[Any, ...]) -> bool:
    """Whether an aiosqlite call may run inline: a SELECT, a cursor's open/close, a no-op end."""
    if name == "execute":
        sql = args[0] if args else None
        return (
            isinstance(sql, str)
            and sql.lstrip()[:6].upper() == "SELECT"
            and sql not in _SLOW_STATEMENTS
        )
    if name == "close":
        return isinstance(owner, sqlite3.Cursor)
    return name in _READ_CALLS


def _open_sqlite(
    database: str, *, writer: WriterLock, iter_chunk_size: int = 64, **kwargs: Any
) -> aiosqlite.Connection:
    """What ``aiosqlite.connect`` does, with the inline-capable connection class."""
    connection = _InlineReadConnection(
        lambda: sqlite3.connect(database, **kwargs), iter_chunk_size, writer
    )
    connection._thread.daemon = True  # as SQLAlchemy's dialect does for aiosqlite's own
    return connection


def _sqlite_connector(writer: WriterLock) -> Callable[..., Any]:
    """``do_connect``: SQLAlchemy's aiosqlite adapter around an inline-capable connection
    that takes the engine's writer lock."""

    def connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        opener = functools.partial(_open_sqlite, writer=writer)
        return dialect.loaded_dbapi.connect(*cargs, async_creator_fn=opener, **cparams)

    return connect


_WRITERS: weakref.WeakKeyDictionary[Any, WriterLock] = weakref.WeakKeyDictionary()


def writer_lock(engine: AsyncEngine) -> WriterLock | None:
    """The SQLite engine's writer lock (kagami/db/sqlite_writer.py); None on PostgreSQL."""
    return _WRITERS.get(engine.sync_engine)


def create_engine(url: str, *, echo: bool = False, pool_size: int = 20) -> AsyncEngine:
    """Create an async engine for ``url`` with backend-appropriate settings.

    The pool keeps ``pool_size`` connections and lends half as many again on bursts.
    An async server holds a connection per in-flight request across its awaits, and
    SQLAlchemy closes an overflow connection on return, so a pool smaller than the usual
    concurrency reconnects on every request (on PostgreSQL a TCP handshake and login).
    """
    pooling: dict[str, Any] = {
        "pool_size": pool_size,
        "max_overflow": max(pool_size // 2, 1),
        # A failing statement's error (and so its log line) names the SQL, never the
        # values: they are clients' input, can be secrets, and can be 10,000-item lists.
        "hide_parameters": True,
    }
    if url.startswith("sqlite"):
        engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30}, **pooling)
        writer = _WRITERS[engine.sync_engine] = WriterLock()
        event.listen(engine.sync_engine, "do_connect", _sqlite_connector(writer))
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "connect", register_sqlite_functions)
        return engine
    engine = create_async_engine(url, echo=echo, **pooling)
    event.listen(engine.sync_engine, "checkin", _checked_in)
    event.listen(engine.sync_engine, "checkout", _check_on_checkout)
    return engine


# A pooled PostgreSQL connection idle longer than this is pinged before it is lent out.
IDLE_PING_SECONDS = 30.0
_IDLE_SINCE = "kagami_idle_since"


def _checked_in(_dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _check_on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """``pool_pre_ping``, without its three round trips on every checkout.

    SQLAlchemy's asyncpg ping is BEGIN, a query and ROLLBACK: 3 of a list save's 10 round
    trips. A connection the server closed (a restart, an idle timeout) is already marked
    closed by asyncpg, which reads the socket's end; only one idle for a while, which a
    network may have dropped silently, gets a real ping. Either way a dead connection is
    replaced before the request uses it (SQLAlchemy reconnects on DisconnectionError).
    """
    if dbapi_connection._connection.is_closed():
        raise DisconnectionError("connection closed by the server")
    since = record.info.get(_IDLE_SINCE)
    if since is not None and time.monotonic() - since > IDLE_PING_SECONDS:
        try:
            dbapi_connection.ping()
        except Exception as exc:
            raise DisconnectionError("connection failed its ping") from exc


class Database:
    """Owns the engine and hands out sessions; one per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        if settings.is_sqlite:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.url = settings.resolved_database_url
        self.engine = create_engine(self.url, pool_size=settings.database_pool_size)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    @property
    def is_sqlite(self) -> bool:
        """Whether this database is SQLite."""
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session whose transaction commits on success and rolls back on any error."""
        async with self.sessionmaker() as session, session.begin():
            yield session

    async def refresh_statistics(self) -> None:
        """After a bulk load: let the planner see new rows and merge pending GIN index entries.

        Without it PostgreSQL keeps freshly imported rows in the trigram index's pending list
        and plans title searches as table scans until autovacuum happens to run.
        """
        if self.is_sqlite:
            async with self.engine.begin() as conn:
                await conn.exec_driver_sql("PRAGMA optimize")
            return
        async with self.engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql("VACUUM (ANALYZE)")

    async def durability(self) -> str:
        """How commits reach the disk, for the start-up line (SECURITY.md DU-1): SQLite's
        journal mode and synchronous level, PostgreSQL's fsync and synchronous_commit."""
        if self.is_sqlite:
            names = ("journal_mode", "synchronous")
            levels = {"0": "off", "1": "normal", "2": "full", "3": "extra"}
        else:
            names, levels = ("fsync", "synchronous_commit"), {}
        async with self.engine.connect() as conn:
            found = []
            for name in names:
                sql = f"PRAGMA {name}" if self.is_sqlite else f"SHOW {name}"
                value = str((await conn.exec_driver_sql(sql)).scalar())
                found.append(f"{name}={levels.get(value, value).lower()}")
        return f"{self.engine.dialect.name} {' '.join(found)}"

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
