"""Serving-level durability: two SQLite workers never meet "database is locked" (DU-6),
and SIGTERM under load finishes in-flight writes and exits 0 (DU-12)."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import httpx

from kagami.testing.harness import KagamiServer
from tests.faults.load import DIALECTS, WriteLoad, media_of, prepare, serve, verify
from tests.faults.load import write_request as write

CONCURRENT_WRITES = 50


async def _fifty_writes_at_once(server: KagamiServer) -> list[int]:
    limits = httpx.Limits(max_connections=CONCURRENT_WRITES)
    async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as client:
        calls = [
            write(client, dialect, media_of(dialect)[i % 4], 100 + i)
            for i in range(CONCURRENT_WRITES)
            for dialect in (DIALECTS[i % 3],)
        ]
        return [r.status_code for r in await asyncio.gather(*calls)]


def test_DU_6_fifty_concurrent_writes_to_two_sqlite_workers_never_meet_a_lock(
    tmp_path: Path, server_cache: Path
) -> None:
    server = serve(tmp_path / "data", server_cache, args=["--workers", "2"])
    try:
        prepare(server)
        statuses = asyncio.run(_fifty_writes_at_once(server))
        log = server.log_tail(10_000)
    finally:
        server.stop()
    assert statuses == [200] * CONCURRENT_WRITES, statuses
    assert "database is locked" not in log


async def _terminate_under_load(server: KagamiServer) -> tuple[WriteLoad, int]:
    load = WriteLoad(server.url)
    running = await load.start_warm()
    await asyncio.sleep(0.3)
    os.kill(server.process.pid, signal.SIGTERM)
    code = await asyncio.to_thread(server.process.wait, 60)
    await asyncio.wait_for(running, 30)
    return load, code


def test_DU_12_sigterm_under_load_finishes_in_flight_writes_and_exits_0(
    tmp_path: Path, server_cache: Path
) -> None:
    data_dir = tmp_path / "data"
    server = serve(data_dir, server_cache)
    try:
        prepare(server)
        load, code = asyncio.run(_terminate_under_load(server))
    finally:
        server.stop()
    assert code == 0, (code, (data_dir / "server.log").read_text(errors="replace")[-3000:])
    assert load.acked and {s for (_d, s) in load.statuses} == {200}, load.statuses
    assert verify(server, load.acked) == ({}, [])  # read from the stopped server's file
