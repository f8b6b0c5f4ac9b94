"""Which database failures mean "try again later" (503) rather than a bug (500).

A database that is down, restarting, out of disk or out of pooled connections is an
outage, not a defect of the request: every dialect answers it with 503 and
``Retry-After`` (see kagami/unavailable.py) instead of a 500 and a logged traceback, so an
outage shows as one clear state to clients and operators, not a storm of 500s.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

RETRY_AFTER_SECONDS = 5
# SQLite primary result codes: locked past the busy timeout, disk full (or max_page_count
# reached), an I/O error (EFBIG, EIO, ENOSPC on the journal), the file cannot be opened.
_SQLITE_CODES = frozenset(
    {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN}
)
# PostgreSQL SQLSTATE classes 08 (connection exception), 53 (insufficient resources:
# disk full, out of memory, too many connections) and 58 (system error: I/O).
_PG_CLASSES = ("08", "53", "58")
# Operator intervention: admin shutdown, crash shutdown, cannot connect now (starting up).
_PG_STATES = frozenset({"57P01", "57P02", "57P03"})
_CHAIN_DEPTH = 8  # wrapped errors nest a few levels; a hostile chain cannot loop us


def _sqlstate(error: BaseException) -> str | None:
    code = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    return code if isinstance(code, str) else None


def _one_is_unavailable(error: BaseException) -> bool:
    if isinstance(error, PoolTimeout):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF in _SQLITE_CODES
        return "database is locked" in str(error)  # the writer queue's own timeout
    # asyncpg raises these itself while connecting (refused, reset, timed out).
    if isinstance(error, ConnectionError | TimeoutError):
        return True
    state = _sqlstate(error)
    return state is not None and (state.startswith(_PG_CLASSES) or state in _PG_STATES)


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or what it wraps) says the database cannot serve right now."""
    seen: BaseException | None = error
    for _ in range(_CHAIN_DEPTH):
        if seen is None:
            return False
        if _one_is_unavailable(seen):
            return True
        orig = getattr(seen, "orig", None)
        seen = orig if isinstance(orig, BaseException) else seen.__cause__ or seen.__context__
    return False


def reason(error: BaseException) -> str:
    """A short, secret-free name for the outage, for the log line (the class of the cause)."""
    orig = getattr(error, "orig", None)
    return type(orig if isinstance(orig, BaseException) else error).__name__
