"""Named snapshots of the whole database, for resetting test data in well under a second.

SQLite: SQLite's online backup copies the live database into ``DATA_DIR/snapshots/NAME.sqlite3``
(a consistent, checkpointed copy even while a server writes) and back again; restoring
through SQLite's own locking lets a running server's open connections see the restored
data at once. PostgreSQL: a snapshot is a database created with the live one as its
TEMPLATE, and a restore drops the live database and re-creates it from the snapshot
(sessions on it are ended first; the server's pool reconnects, it pings before use).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path

from kagami.config import Settings

_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")
_PG_RETRIES = 5  # a pooled connection may come back between ending sessions and copying


class SnapshotError(Exception):
    """A snapshot name that is malformed or unknown, or a database that cannot be copied."""


def check_name(name: str) -> str:
    """``name`` if it is 1-32 letters, digits, ``-`` or ``_`` (it names a file or database)."""
    if not _NAME.fullmatch(name):
        raise SnapshotError("a snapshot name is 1-32 letters, digits, '-' or '_'")
    return name


def _database_name(settings: Settings) -> str:
    """The SQLite file or PostgreSQL database; SQLAlchemy is imported here, not for a listing."""
    from sqlalchemy.engine import make_url

    return make_url(settings.resolved_database_url).database or ""


def _sqlite_file(settings: Settings) -> Path:
    return Path(_database_name(settings))


def _snapshot_file(settings: Settings, name: str) -> Path:
    return settings.data_dir / "snapshots" / f"{check_name(name)}.sqlite3"


def _copy(source: Path, target: Path) -> None:
    """SQLite online backup of ``source`` into ``target``, then a WAL checkpoint of the target."""
    with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(target, timeout=30) as dst:
        src.backup(dst)
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    src.close()
    dst.close()


async def save_snapshot(settings: Settings, name: str) -> None:
    """Save the database as snapshot ``name`` (replacing one of that name)."""
    if settings.is_sqlite:
        target = _snapshot_file(settings, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        await asyncio.to_thread(_copy, _sqlite_file(settings), partial)
        partial.replace(target)
        return
    live = _pg_name(settings)
    await _pg_copy(settings, source=live, target=_pg_snapshot(live, name))


async def restore_snapshot(settings: Settings, name: str) -> None:
    """Make the database what it was when snapshot ``name`` was saved."""
    if settings.is_sqlite:
        source = _snapshot_file(settings, name)
        if not source.is_file():
            raise SnapshotError(f"no snapshot named {name!r}")
        await asyncio.to_thread(_copy, source, _sqlite_file(settings))
        return
    live = _pg_name(settings)
    await _pg_copy(settings, source=_pg_snapshot(live, name), target=live)


def list_snapshots(settings: Settings) -> list[str]:
    """Names of the saved snapshots (SQLite; PostgreSQL snapshots are databases)."""
    folder = settings.data_dir / "snapshots"
    return sorted(p.stem for p in folder.glob("*.sqlite3")) if folder.is_dir() else []


def _pg_name(settings: Settings) -> str:
    return _database_name(settings)


def _pg_snapshot(live: str, name: str) -> str:
    snapshot = f"{live}__snap_{check_name(name)}"
    if len(snapshot.encode()) > 63:
        raise SnapshotError("database name plus snapshot name is longer than PostgreSQL allows")
    return snapshot


async def _pg_copy(settings: Settings, *, source: str, target: str) -> None:
    """``DROP DATABASE target`` and re-create it with ``source`` as its template."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    url = make_url(settings.resolved_database_url).set(database="postgres")
    engine = create_async_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    quote = engine.dialect.identifier_preparer.quote
    try:
        async with engine.connect() as conn:
            exists = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": source}
            )
            if exists is None:
                raise SnapshotError(f"no snapshot database {source!r}")
            version = int(await conn.scalar(text("SHOW server_version_num")) or 0)
            # FILE_COPY (PostgreSQL 15+) copies files instead of writing every block to the WAL.
            strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""
            for attempt in range(_PG_RETRIES):
                await conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname IN (:s, :t) AND pid <> pg_backend_pid()"
                    ),
                    {"s": source, "t": target},
                )
                try:
                    await conn.execute(text(f"DROP DATABASE IF EXISTS {quote(target)}"))
                    await conn.execute(
                        text(f"CREATE DATABASE {quote(target)} TEMPLATE {quote(source)}{strategy}")
                    )
                    return
                except DBAPIError:
                    if attempt == _PG_RETRIES - 1:
                        raise
                    await asyncio.sleep(0.05)
    finally:
        await engine.dispose()
