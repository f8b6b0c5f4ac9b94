"""`kagami serve --workers 4` on one Redis: the limit is global; losing Redis is no error."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import IO

import httpx
import pytest

from tests.support import free_port
from tests.support import redis as rd

LIMIT = 20
START_TIMEOUT = 120.0


async def _statuses(base_url: str, count: int) -> list[httpx.Response]:
    """``count`` concurrent GraphQL requests, each on a new connection (so any worker takes it)."""
    no_reuse = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, limits=no_reuse, timeout=30) as client:
        query = {"query": "{ Media(id: 1) { id } }"}
        return await asyncio.gather(*(client.post("/graphql", json=query) for _ in range(count)))


def _wait_healthy(process: subprocess.Popen[bytes], base_url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, "kagami serve exited"
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("kagami serve did not become healthy")


def _serve(env: dict[str, str], cwd: Path, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """``kagami serve`` with four workers, its output going to ``log``."""
    command = [sys.executable, "-m", "kagami", "serve", "--workers", "4"]
    out = subprocess.STDOUT
    return subprocess.Popen(
        command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=out
    )


@pytest.mark.redis
async def test_four_workers_share_one_limit_through_redis_and_survive_losing_it(
    own_redis: rd.RedisProcess, tmp_path: Path
) -> None:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "KAGAMI_DATA_DIR": str(tmp_path),
        "KAGAMI_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'kagami.sqlite3'}",
        "KAGAMI_HOST": "127.0.0.1",
        "KAGAMI_PORT": str(port),
        "KAGAMI_IMPORT_BUNDLED_ON_START": "false",
        "KAGAMI_JOBS_INTERVAL_SECONDS": "0",
        "KAGAMI_LOG_LEVEL": "warning",
        "KAGAMI_RATE_LIMIT": f"{LIMIT}/minute",
        "KAGAMI_REDIS_URL": own_redis.url,
    }
    with tempfile.TemporaryFile() as log:
        process = _serve(env, tmp_path, log)
        try:
            _wait_healthy(process, base_url)
            responses = await _statuses(base_url, 4 * LIMIT)
            statuses = Counter(r.status_code for r in responses)
            assert statuses[429] == 3 * LIMIT, statuses  # not 4 x LIMIT allowed: one count
            assert all(r.status_code < 500 for r in responses), statuses
            own_redis.stop()
            after = await _statuses(base_url, 12)
            assert all(r.status_code < 500 for r in after), [r.status_code for r in after]
            assert all("X-RateLimit-Limit" in r.headers for r in after)
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.seek(0)
            output = log.read().decode(errors="replace")
    assert "Traceback" not in output, output[-3000:]
    assert "Redis unavailable" in output
