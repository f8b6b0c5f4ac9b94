"""``kagami backup`` / ``kagami restore``: the database and the secrets tokens need, in one file.

The file is a tar holding a manifest, the database (a SQLite copy made with SQLite's online
backup API while the server keeps serving, or a ``pg_dump`` custom-format dump) and the
data-dir secrets: the JWT signing key, the retired keys that still verify tokens, and the
cookie secret. Restoring both keeps every issued token and session valid.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rich.progress import Progress
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from kagami import __version__
from kagami import backup_postgres as pg
from kagami.config import Settings
from kagami.oauth.keys import keyring_dir, signing_key_file

MANIFEST = "kagami-backup.json"
FORMAT = 1
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
SIGNING_KEY = "secrets/jwt-signing-key.pem"
SESSION_SECRET = "secrets/session-secret"
KEYRING = "secrets/jwt-keys/"
_KEYRING_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")
STEP_PAGES = 16_384  # 64 MiB of 4 KiB pages per step of the SQLite copy
_IGNORED_TABLES = {"alembic_version"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Outcome:
    """What a backup or restore handled."""

    backend: str
    database_bytes: int
    secrets: int


def _backend(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgresql"


def _sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.resolved_database_url).database
    if not database or database == ":memory:":
        raise BackupError("backup needs a SQLite database file, not an in-memory one")
    return Path(database)


def _session_secret_file(settings: Settings) -> Path:
    return settings.session_secret_path or settings.data_dir / "session-secret"


def _secret_files(settings: Settings) -> dict[str, Path]:
    """Archive name -> file, for every data-dir secret that exists."""
    files = {
        SIGNING_KEY: signing_key_file(settings),
        SESSION_SECRET: _session_secret_file(settings),
    }
    directory = keyring_dir(settings)
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.is_file() and _KEYRING_NAME.fullmatch(path.name):
                files[KEYRING + path.name] = path
    return {name: path for name, path in files.items() if path.is_file()}


def _sqlite_copy(source: Path, target: Path, progress: Progress, description: str) -> None:
    """Copy a live SQLite database page by page with SQLite's online backup API."""
    task = progress.add_task(description, total=None)

    def step(_status: int, remaining: int, total: int) -> None:
        progress.update(task, total=total, completed=total - remaining)

    with (
        closing(sqlite3.connect(source, isolation_level=None)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        # A read transaction held through every step: the copy is the snapshot taken here,
        # and writers committing meanwhile (WAL) no longer restart it from the first page.
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        src.backup(dst, pages=STEP_PAGES, progress=step, sleep=0)
        src.execute("COMMIT")
    done = progress.tasks[task].total or 1
    progress.update(task, total=done, completed=done)


def _dump_postgres(settings: Settings, target: Path, progress: Progress) -> None:
    task = progress.add_task("pg_dump", total=None)
    pg.dump(
        settings.resolved_database_url,
        target,
        lambda table: progress.update(task, advance=1, description=f"pg_dump {table}"[:60]),
    )


def backup(settings: Settings, target: Path, progress: Progress) -> Outcome:
    """Write the database and the data-dir secrets to ``target`` (readable by its owner only)."""
    backend = _backend(settings)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".kagami-backup-") as work:
        if backend == "sqlite":
            source = _sqlite_path(settings)
            if not source.is_file():
                raise BackupError(f"no SQLite database at {source}")
            member, copy = SQLITE_MEMBER, Path(work) / SQLITE_MEMBER
            _sqlite_copy(source, copy, progress, "Copying SQLite database")
        else:
            member, copy = POSTGRES_MEMBER, Path(work) / POSTGRES_MEMBER
            _dump_postgres(settings, copy, progress)
        secrets = _secret_files(settings)
        manifest = {
            "format": FORMAT,
            "backend": backend,
            "kagami_version": __version__,
            "created_at": int(time.time()),
            "database": member,
            "secrets": sorted(secrets),
        }
        partial = Path(work) / "backup.tar"
        with _private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            tar.add(copy, arcname=member)
            for name, path in secrets.items():
                _add_bytes(tar, name, path.read_bytes())
        os.replace(partial, target)
    return Outcome(backend, copy_size(target, member), len(secrets))


def copy_size(archive: Path, member: str) -> int:
    """Size of the database inside ``archive``."""
    with tarfile.open(archive) as tar:
        return tar.getmember(member).size


def _private_file(path: Path) -> IO[bytes]:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "wb")


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    tar.addfile(info, io.BytesIO(data))


# -- restore ---------------------------------------------------------------------------------


async def _contents(settings: Settings) -> tuple[bool, bool]:
    """Whether the configured database has tables, and whether any of them holds a row."""
    from kagami.db import Database

    database = Database(settings)
    try:
        async with database.engine.connect() as conn:
            names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
            for name in names:
                if name in _IGNORED_TABLES:
                    continue
                quoted = '"' + name.replace('"', '""') + '"'
                if (await conn.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1"))).first():
                    return True, True
            return bool(names), False
    finally:
        await database.dispose()


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
        handle = tar.extractfile(member)
        assert handle is not None
        manifest = json.loads(handle.read(1 << 20))
    except (KeyError, AssertionError, ValueError) as exc:
        raise BackupError("not a Kagami backup (no readable manifest)") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("unsupported backup format")
    return manifest


def _secret_target(settings: Settings, name: str) -> Path | None:
    """Where the archive member ``name`` goes, or None when it is not a secret we restore."""
    if name == SIGNING_KEY:
        return signing_key_file(settings)
    if name == SESSION_SECRET:
        return _session_secret_file(settings)
    if name.startswith(KEYRING) and _KEYRING_NAME.fullmatch(name[len(KEYRING) :]):
        return keyring_dir(settings) / name[len(KEYRING) :]
    return None


def _write_private(path: Path, source: IO[bytes]) -> None:
    """Replace ``path`` atomically with ``source``'s bytes, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.restoring")
    with _private_file(partial) as out:
        shutil.copyfileobj(source, out)
    os.replace(partial, path)


def restore(settings: Settings, source: Path, progress: Progress, force: bool = False) -> Outcome:
    """Load ``source`` into the configured database and data dir; non-empty needs ``force``."""
    backend = _backend(settings)
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    with tarfile.open(source) as tar:
        manifest = _read_manifest(tar)
        if manifest.get("backend") != backend:
            raise BackupError(
                f"this backup holds a {manifest.get('backend')} database, but the configured "
                f"database (KAGAMI_DATABASE_URL) is {backend}"
            )
        member = SQLITE_MEMBER if backend == "sqlite" else POSTGRES_MEMBER
        if backend == "sqlite" and not _sqlite_path(settings).exists():
            has_tables, has_rows = False, False
        else:
            has_tables, has_rows = asyncio.run(_contents(settings))
        if has_rows and not force:
            raise BackupError(
                "the configured database is not empty; restore into an empty one, or pass "
                "--force to replace everything in it"
            )
        with tempfile.TemporaryDirectory(prefix=".kagami-restore-") as work:
            copy = Path(work) / member
            handle = tar.extractfile(tar.getmember(member))
            if handle is None:
                raise BackupError(f"the backup's {member} is not a file")
            with handle, open(copy, "wb") as out:
                shutil.copyfileobj(handle, out)
            size = copy.stat().st_size
            if backend == "sqlite":
                target = _sqlite_path(settings)
                target.parent.mkdir(parents=True, exist_ok=True)
                _sqlite_copy(copy, target, progress, "Restoring SQLite database")
            else:
                _restore_postgres(settings, copy, has_tables, progress)
        restored = 0
        if force and keyring_dir(settings).is_dir():
            shutil.rmtree(keyring_dir(settings))  # keys the backup does not know must go
        for info in tar.getmembers():
            path = _secret_target(settings, info.name)
            if path is None or not info.isfile():
                continue
            handle = tar.extractfile(info)
            assert handle is not None
            with handle:
                _write_private(path, handle)
            restored += 1
    return Outcome(backend, size, restored)


def _restore_postgres(settings: Settings, dump: Path, clean: bool, progress: Progress) -> None:
    task = progress.add_task("pg_restore", total=pg.table_count(dump))
    pg.restore(
        settings.resolved_database_url,
        dump,
        clean,
        lambda table: progress.update(task, advance=1, description=f"pg_restore {table}"[:60]),
    )
