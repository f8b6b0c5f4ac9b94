"""`kagami serve --workers 4` on one Redis: the limit is global; losing Redis is no error."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import httpx
import pytest

from kagami.testing.harness import start_server
from tests.support import redis as rd

LIMIT = 20


async def _statuses(base_url: str, count: int) -> list[httpx.Response]:
    """``count`` concurrent GraphQL requests, each on a new connection (so any worker takes it)."""
    no_reuse = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, limits=no_reuse, timeout=30) as client:
        query = {"query": "{ Media(id: 1) { id } }"}
        return await asyncio.gather(*(client.post("/graphql", json=query) for _ in range(count)))


@pytest.mark.redis
async def test_RL_5_four_workers_share_one_limit_through_redis_and_RL_6_survive_losing_it(
    own_redis: rd.RedisProcess, tmp_path: Path
) -> None:
    env = {
        "KAGAMI_RATE_LIMIT": f"{LIMIT}/minute",
        "KAGAMI_RATE_LIMIT_BURST": "0",  # the concurrent requests below come in one second
        "KAGAMI_REDIS_URL": own_redis.url,
    }
    server = start_server(tmp_path, catalogue=False, extra_env=env, args=["--workers", "4"])
    try:
        responses = await _statuses(server.url, 4 * LIMIT)
        statuses = Counter(r.status_code for r in responses)
        assert statuses[429] == 3 * LIMIT, statuses  # not 4 x LIMIT allowed: one count
        assert all(r.status_code < 500 for r in responses), statuses
        own_redis.stop()
        after = await _statuses(server.url, 12)
        assert all(r.status_code < 500 for r in after), [r.status_code for r in after]
        assert all("X-RateLimit-Limit" in r.headers for r in after)
    finally:
        server.stop()
    output = (tmp_path / "server.log").read_text(errors="replace")
    assert "Traceback" not in output, output[-3000:]
    assert "Redis unavailable" in output
