"""SECURITY.md RL-7: 100k distinct anonymous callers leave the limiter's memory bounded."""

from __future__ import annotations

import asyncio
import gc
import resource
import sys
from typing import Any

from kagami.ratelimit.limiter import RateLimiter

CALLERS = 100_000
MAX_KEYS = 100_000  # the default KAGAMI_RATE_LIMIT_MEMORY_KEYS


def _rss_mib() -> float:
    """This process's resident set size now (Linux /proc), in MiB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _table_bytes(storage: Any) -> int:
    """Bytes held by the memory storage's own tables (dicts never shrink unless copied)."""
    tables = (storage.storage, storage.expirations, storage.events, storage.locks)
    return sum(sys.getsizeof(table) for table in tables)


async def test_RL_7_100k_anonymous_callers_stay_capped_and_memory_returns_after_expiry() -> None:
    limiter = RateLimiter("90/second", max_keys=MAX_KEYS, burst=30)
    storage = limiter.memory_storage
    await limiter.check("ip:warm")
    gc.collect()
    baseline = _rss_mib()
    for n in range(CALLERS):
        await limiter.check(f"ip:{n:08x}")
    assert storage.size <= MAX_KEYS + 3  # the cap, plus the overflow bucket (3 counters)
    assert len(storage.locks) <= MAX_KEYS + 3 and len(storage.expirations) <= MAX_KEYS + 3
    peak = _rss_mib() - baseline
    peak_tables = _table_bytes(storage)
    await asyncio.sleep(1.1)  # every window is over
    await limiter.check("ip:late")  # runs the expiry pass
    await asyncio.sleep(0.3)
    gc.collect()
    assert storage.size <= 3 and len(storage.locks) <= 3 and len(storage.expirations) <= 3
    after = _rss_mib() - baseline
    # The tables themselves are copied small (deterministic); the process's RSS follows
    # (measured ~28 MiB at the cap, ~0.2 MiB after expiry when run alone). Other tests in the
    # same process can leave the allocator's arenas fragmented, so RSS is bounded loosely.
    assert _table_bytes(storage) < peak_tables / 50, (peak_tables, _table_bytes(storage))
    assert after < max(4.0, peak / 2), (peak, after)
