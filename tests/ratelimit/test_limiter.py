"""The limiter itself: lock-out length, bounded memory, and Redis shared, lost and regained."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

import pytest

from kagami.ratelimit import limiter as limiter_module
from kagami.ratelimit.limiter import OVERFLOW_KEY, RateLimiter
from tests.support import redis as rd


async def test_RL_2_caller_is_let_in_again_after_the_lockout() -> None:
    limiter = RateLimiter("1/second", lockout_seconds=2)
    assert (await limiter.check("k")).allowed
    refused = await limiter.check("k")
    assert not refused.allowed and refused.retry_after == 2
    await asyncio.sleep(1.2)  # the window is over, the lock-out is not
    assert not (await limiter.check("k")).allowed
    await asyncio.sleep(1.0)
    assert (await limiter.check("k")).allowed


async def test_RL_7_memory_holds_at_most_max_keys_and_newcomers_then_share_one_bucket() -> None:
    limiter = RateLimiter("3/minute", max_keys=100)
    for n in range(1000):
        await limiter.check(f"ip:{n}")
    storage = limiter.memory_storage
    # The cap, plus the overflow bucket and its lock-out.
    assert len(storage.storage) + len(storage.events) <= 102
    assert limiter.item.key_for(OVERFLOW_KEY) in storage.storage
    # A known caller keeps its own bucket; every newcomer shares the spent overflow bucket.
    assert (await limiter.check("ip:0")).allowed
    assert not (await limiter.check("ip:new")).allowed


async def test_RL_7_memory_buckets_go_away_when_their_window_ends() -> None:
    limiter = RateLimiter("100/second")
    for n in range(500):
        await limiter.check(f"ip:{n}")
    assert len(limiter.memory_storage.storage) == 500
    await asyncio.sleep(1.1)
    await limiter.check("ip:late")  # schedules the storage's expiry pass
    await asyncio.sleep(0.2)
    assert len(limiter.memory_storage.storage) <= 1


async def test_RL_7_many_distinct_callers_cost_linear_cpu() -> None:
    # limits' own memory storage rescans every key after each count: 20k callers took ~19 s.
    limiter = RateLimiter("90/minute")
    started = time.process_time()
    for n in range(20_000):
        await limiter.check(f"ip:{n}")
        await asyncio.sleep(0)  # as between requests: the storage's expiry pass gets to run
    assert time.process_time() - started < 3.0


async def test_RL_5_two_processes_share_one_limit_through_redis(redis_url: str) -> None:
    first, second = RateLimiter("5/minute", redis_url), RateLimiter("5/minute", redis_url)
    try:
        decisions = [await (first, second)[n % 2].check("token:t") for n in range(10)]
    finally:
        await first.aclose()
        await second.aclose()
    assert [d.allowed for d in decisions] == [True] * 5 + [False] * 5


async def test_burst_beyond_the_connection_pool_still_counts_in_redis(redis_url: str) -> None:
    # 300 checks in flight at once in one process (more than redis-py's default pool of 100
    # connections): each waits for a connection instead of failing over to memory, so the
    # burst is counted once, in Redis, and another process sees it.
    key = f"token:burst-{uuid.uuid4().hex}"
    first, second = RateLimiter("250/minute", redis_url), RateLimiter("250/minute", redis_url)
    try:
        burst = await asyncio.gather(*(first.check(key) for _ in range(300)))
        after = await second.check(key)
    finally:
        await first.aclose()
        await second.aclose()
    assert sum(d.allowed for d in burst) == 250
    assert not after.allowed


@pytest.mark.redis
async def test_RL_6_lost_redis_falls_back_to_memory_and_comes_back(
    own_redis: rd.RedisProcess, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limiter_module, "REDIS_RETRY_SECONDS", 0.0)
    limiter = RateLimiter("2/minute", own_redis.url)
    try:
        assert (await limiter.check("ip:a")).allowed
        own_redis.stop()
        with caplog.at_level(logging.WARNING, logger=limiter_module.__name__):
            decisions = [await limiter.check("ip:a") for _ in range(3)]
        # Counted in memory meanwhile: the same limit still holds, per process.
        assert [d.allowed for d in decisions] == [True, True, False]
        assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
        assert "Redis unavailable" in caplog.records[0].message
        restarted = rd._start_on(rd.find_binary() or "", own_redis.port)
        try:
            back = await limiter.check("ip:a")
            # Counted in the new (empty) Redis again, not in memory, where "ip:a" is locked out.
            assert back.allowed and back.remaining == 1
        finally:
            restarted.stop()
    finally:
        await limiter.aclose()
