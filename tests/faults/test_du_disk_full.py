"""Disk full: writes get a clean 503 in each dialect's format, reads go on, writes resume
once space returns, and nothing is corrupted (SECURITY.md DU-4).

SQLite: the running server's file-size limit (RLIMIT_FSIZE, set from outside with
prlimit) drops to 0, so every write to its database files fails as on a full disk (EFBIG;
CPython ignores SIGXFSZ), and is lifted again without restarting the server.
"""

from __future__ import annotations

import asyncio
import resource
import time
from pathlib import Path

import httpx

from kagami.testing.harness import KagamiServer
from tests.faults import consistency
from tests.faults.checks import assert_unavailable, read_request, write_status
from tests.faults.load import DIALECTS, media_of, prepare, serve, verify
from tests.faults.load import write_request as write

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
