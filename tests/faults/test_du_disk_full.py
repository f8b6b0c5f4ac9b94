"""Disk full: writes get a clean 503 in each dialect's format, reads go on, writes resume
once space returns, and nothing is corrupted (SECURITY.md DU-4).

SQLite: the running server's file-size limit (RLIMIT_FSIZE, set from outside with
prlimit) drops to 0, so every write to its database files fails as on a full disk (EFBIG;
CPython ignores SIGXFSZ), and is lifted again without restarting the server.
PostgreSQL: the database lives in a tablespace on a small tmpfs that a filler file fills
(a real ENOSPC, SQLSTATE 53100), then space returns; the WAL stays on the cluster's disk,
as on a server whose data volume filled up.
"""

from __future__ import annotations

import asyncio
import errno
import os
import resource
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx
import pytest

from kagami.config import Settings
from kagami.db import Database
from kagami.testing.harness import KagamiServer
from tests.faults import consistency
from tests.faults.checks import assert_unavailable, read_request, write_status
from tests.faults.inprocess import load_client
from tests.faults.load import (
    DIALECTS,
    lost_writes,
    media_of,
    prepare,
    serve,
    verify,
)
from tests.faults.load import write_request as write
from tests.support import postgres as pg

# Only the soft limit moves: raising a hard limit again needs CAP_SYS_RESOURCE.
FULL = (0, resource.RLIM_INFINITY)
UNLIMITED = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)


async def _through_a_full_disk(server: KagamiServer) -> dict[int, int]:
    """Writes before, during and after the disk is full; returns the acknowledged ones."""
    acked: dict[int, int] = {}
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        for dialect in DIALECTS:
            media = media_of(dialect)[0]
            assert await write_status(client, dialect, media, 1) == 200
            acked[media] = 1
        resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, FULL)
        try:
            for dialect in DIALECTS:
                started = time.monotonic()
                response = await write(client, dialect, media_of(dialect)[1], 2)
                assert time.monotonic() - started < 5, f"{dialect} write hung on a full disk"
                assert_unavailable(dialect, response)
                update = await write(client, dialect, media_of(dialect)[0], 2)
                assert_unavailable(dialect, update)
                read = await read_request(client, dialect, media_of(dialect)[0])
                assert read.status_code == 200, (dialect, read.text[:300])
            assert server.process.poll() is None, "the server died on a full disk"
        finally:
            resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, UNLIMITED)
        for dialect in DIALECTS:
            for media in media_of(dialect)[:2]:
                assert await write_status(client, dialect, media, 3) == 200, dialect
                acked[media] = 3
    return acked


def test_DU_4_sqlite_disk_full_is_a_503_per_dialect_and_writes_resume(
    tmp_path: Path, server_cache: Path
) -> None:
    data_dir = tmp_path / "data"
    server = serve(data_dir, server_cache)
    try:
        prepare(server)
        acked = asyncio.run(_through_a_full_disk(server))
        assert verify(server, acked) == ({}, [])
    finally:
        server.stop()
    integrity, foreign = consistency.sqlite_integrity(data_dir / "kagami.sqlite3")
    assert integrity == "ok" and foreign == []


# --- PostgreSQL: the database's tablespace on a small tmpfs, filled up --------------------


@contextmanager
def _small_tmpfs() -> Iterator[Path]:
    """A 64 MiB tmpfs owned by the PostgreSQL OS user (skip without root), in the system temp
    dir: PostgreSQL must reach it, and pytest's own temp dirs are private to us."""
    path = Path(tempfile.mkdtemp(prefix="kagami-du4-"))
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mount.returncode != 0:
        path.rmdir()
        pytest.skip(f"cannot mount a tmpfs (needs root/CAP_SYS_ADMIN): {mount.stderr.strip()}")
    try:
        if os.geteuid() == 0:
            shutil.chown(path, user="postgres", group=None)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True)
        shutil.rmtree(path, ignore_errors=True)


def _fill(directory: Path) -> Path:
    """Write a file into ``directory`` until its file system has no byte left."""
    filler = directory / "filler"
    with filler.open("wb", buffering=0) as out:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    return filler


async def _admin(admin_url: str, *statements: str) -> None:
    connection = await asyncpg.connect(admin_url)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@pytest.mark.postgres
async def test_DU_4_postgres_disk_full_is_a_503_per_dialect_and_writes_resume(
    tmp_path: Path, postgres_admin_url: str, _postgres_migrated_template: str
) -> None:
    space = f"du4_{uuid.uuid4().hex[:10]}"
    with _small_tmpfs() as directory:
        await _admin(postgres_admin_url, f"CREATE TABLESPACE {space} LOCATION '{directory}'")
        url = await pg.create_database(postgres_admin_url, template=_postgres_migrated_template)
        name = url.rsplit("/", 1)[1]
        try:
            await _admin(postgres_admin_url, f"ALTER DATABASE {name} SET TABLESPACE {space}")
            settings = Settings(
                data_dir=tmp_path / "data",
                database_url=url,
                import_bundled_on_start=False,
                _env_file=None,
            )
            database = Database(settings)
            try:
                await _postgres_run(database, settings, directory)
            finally:
                await database.dispose()
        finally:
            await pg.drop_database(postgres_admin_url, url)
            await _admin(postgres_admin_url, f"DROP TABLESPACE IF EXISTS {space}")


async def _postgres_run(database: Database, settings: Settings, directory: Path) -> None:
    acked: dict[int, int] = {}
    async with load_client(settings, database) as client:
        filler = _fill(directory)
        for dialect in DIALECTS:
            response = await write(client, dialect, media_of(dialect)[0], 1)
            assert_unavailable(dialect, response)
            read = await read_request(client, dialect, media_of(dialect)[0])
            assert read.status_code == 200, (dialect, read.text[:300])
        filler.unlink()  # space returns
        for dialect in DIALECTS:
            for media in media_of(dialect)[:2]:
                assert await write_status(client, dialect, media, 2) == 200, dialect
                acked[media] = 2
    assert await lost_writes(database, acked) == {}
    assert await consistency.violations(database) == []
