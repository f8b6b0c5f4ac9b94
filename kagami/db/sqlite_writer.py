"""One SQLite writer at a time per process, queued in arrival order on the event loop.

SQLite lets one connection write at a time; the others wait in its busy handler, which
sleeps and retries with growing pauses (up to 100 ms). Under load a waiting writer keeps
missing the moment the lock is free while newer ones take it: a save's p99 was seconds
(writer starvation). So before its first write a connection takes this lock, a FIFO
``asyncio.Lock``, and gives it back when its transaction ends: writers queue and each
starts the moment the previous one commits. It is held exactly as long as SQLite's own
write lock (first write to commit or rollback), so it adds no holding of its own.

The lock lives in the connection class (kagami/db/engine.py), so every write path takes
it: GraphQL, MAL, v1, web forms, jobs, migrations. A task may hold it through several
connections (it is re-entrant per task), and a wait gives up after SQLite's own busy
timeout with SQLite's own error, so nesting never hangs. Other processes writing the
same file (a CLI import next to the server) still meet SQLite's busy handler.
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from typing import Protocol

BUSY_TIMEOUT_MS = 10_000  # SQLite's busy_timeout, and the longest wait for this lock
# First words of statements that write and so need the lock. (SELECT and PRAGMA do not
# start a transaction: a PRAGMA that writes meets SQLite's busy handler as before.)
_WRITING_WORDS = frozenset(
    {"INSERT", "UPDATE", "DELETE", "REPLACE", "WITH", "BEGIN", "SAVEPOINT"}
    | {"CREATE", "DROP", "ALTER", "VACUUM", "ANALYZE", "REINDEX"}
)
# Statements after which the transaction holds SQLite's write lock (not a bare BEGIN).
_DML_WORDS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE"})


def first_word(sql: str) -> str:
    """The statement's leading keyword, upper-cased."""
    head = sql.lstrip()[:10]
    return head.split(None, 1)[0].upper() if head else ""


def needs_writer(sql: str) -> bool:
    """Whether a statement may write (and so must hold the writer lock)."""
    return first_word(sql) in _WRITING_WORDS


def is_dml(sql: str) -> bool:
    """Whether a statement that succeeded holds SQLite's write lock for its transaction."""
    return first_word(sql) in _DML_WORDS


class Holder(Protocol):
    """What the lock asks of a connection holding it: is its transaction still open?"""

    def transaction_open(self) -> bool:
        """Whether the connection is open and inside a transaction."""
        ...


class WriterLock:
    """A FIFO lock for one database file, re-entrant per task, with SQLite's timeout."""

    def __init__(self, timeout: float = BUSY_TIMEOUT_MS / 1000) -> None:
        self.timeout = timeout
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[object] | None = None
        self._holders: weakref.WeakSet[Holder] = weakref.WeakSet()

    @property
    def locked(self) -> bool:
        """Whether some connection holds the lock."""
        return self._lock.locked()

    async def acquire(self, holder: Holder) -> None:
        """Hold the lock for ``holder`` (at once if its task already holds it)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop and not self._lock.locked():
            self._lock, self._loop = asyncio.Lock(), loop  # an engine used by a new loop
        task = asyncio.current_task()
        if self._lock.locked() and task is not None and task is self._task:
            self._holders.add(holder)
            return
        try:
            await asyncio.wait_for(self._lock.acquire(), self.timeout)
        except TimeoutError:
            if not self._abandoned():
                raise sqlite3.OperationalError("database is locked") from None
            self._hand_back()  # its holders went away without ending their transactions
            await asyncio.wait_for(self._lock.acquire(), self.timeout)
        self._task = task
        self._holders.add(holder)

    def release(self, holder: Holder) -> None:
        """Give the lock back for ``holder``; it is free once no holder of its task is left."""
        if holder not in self._holders:
            return
        self._holders.discard(holder)
        if not self._holders:
            self._hand_back()

    def _abandoned(self) -> bool:
        """Whether no holder has an open transaction (a connection dropped without ending it)."""
        return not any(h.transaction_open() for h in list(self._holders))

    def _hand_back(self) -> None:
        self._holders = weakref.WeakSet()
        self._task = None
        if self._lock.locked():
            self._lock.release()
