"""A list write cut short at any of its statements changes nothing (SECURITY.md DU-3).

The database fails the Nth statement of a write request (as an I/O error or a dropped
connection would) for every N the write has: the entry keeps its value, the request gets
a clean 503, and no derived row (popularity, totals, breakdowns, activity) moved alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from kagami.config import Settings
from kagami.db import Database
from tests.faults import consistency
from tests.faults.checks import assert_unavailable
from tests.faults.inprocess import load_client
from tests.faults.load import DIALECTS, media_of, stored
from tests.faults.load import write_request as write


def _io_error() -> OperationalError:
    """What SQLAlchemy raises when SQLite reports SQLITE_IOERR (a failing disk)."""
    cause = sqlite3.OperationalError("disk I/O error")
    cause.sqlite_errorcode = sqlite3.SQLITE_IOERR  # type: ignore[attr-defined]
    return OperationalError("injected", None, cause)


@contextmanager
def _statements(database: Database, fail_at: int | None = None) -> Iterator[list[str]]:
    """Record the statements run; with ``fail_at``, the database fails that one (1-based)."""
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)
        if len(seen) == fail_at:
            raise _io_error()

    target = database.engine.sync_engine
    event.listen(target, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(target, "before_cursor_execute", before)


async def _cut_everywhere(
    client: Any, database: Database, dialect: str, probe: int, target: int, value: int
) -> None:
    """Count the statements of a write on ``probe``; then fail the same kind of write on
    ``target`` at each of them in turn: every time a 503, and ``target`` keeps its value.

    The probe sets ``value`` and the cut writes ``value + 1``: on an update (probe is
    target) that is the same step forward, on a new entry the same creation."""
    with _statements(database) as seen:
        assert (await write(client, dialect, probe, value)).status_code == 200
    before = (await stored(database)).get(target)
    for fail_at in range(1, len(seen) + 1):
        with _statements(database, fail_at):
            response = await write(client, dialect, target, value + 1)
        assert_unavailable(dialect, response)
        assert (await stored(database)).get(target) == before, (dialect, fail_at, len(seen))


async def test_DU_3_a_list_write_cut_at_any_statement_leaves_entry_and_derived_rows_consistent(
    settings: Settings, database: Database
) -> None:
    async with load_client(settings, database) as client:
        for dialect in DIALECTS:
            updated, probe, created, _ = media_of(dialect)
            assert (await write(client, dialect, updated, 1)).status_code == 200
            await _cut_everywhere(client, database, dialect, updated, updated, 2)  # an update
            await _cut_everywhere(client, database, dialect, probe, created, 3)  # a new entry
    assert await consistency.violations(database) == []
