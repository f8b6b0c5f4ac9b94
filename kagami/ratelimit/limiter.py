"""The limiter: ``limits`` fixed windows plus AniList's 1-minute lock-out, in Redis or memory.

Two windows count each caller: the configured one (``90/minute``) and a one-second burst
window; going over either locks the caller out. A burst window opens at the caller's
first request (not on a clock second), so more than ``burst`` requests within any one
second of it are refused.

With Redis every worker shares the counters. When Redis fails, this process counts in its
own memory (a throttled warning says so) and tries Redis again a few seconds later, so a
lost Redis never turns into errors. The memory storage holds at most ``max_keys`` buckets:
past that, new callers share one overflow bucket until old windows expire.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from limits import RateLimitItem, RateLimitItemPerSecond, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter
from limits.errors import StorageError

logger = logging.getLogger(__name__)
LOCKOUT_SECONDS = 60  # AniList: going over the limit locks the caller out for a minute
REDIS_RETRY_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0
REDIS_TIMEOUT_SECONDS = 2.0
REDIS_CONNECTIONS = 100  # per process; a check past that many in flight waits for one
EXPIRY_PASS_SECONDS = 1.0
COMPACT_FROM = 4096  # counters: smaller tables are not worth copying
OVERFLOW_KEY = "overflow"
T = TypeVar("T")


class _MemoryStorage(MemoryStorage):
    """``limits``' memory storage, its expiry pass (a scan of every key) at most once a second.

    Upstream starts a new pass after every count once the last one ended: with many distinct
    callers that is a full scan per request (quadratic: ~1 ms a request at 20k keys).
    Expired counters are still dropped when read, so only the memory is freed later.
    A pass that leaves the tables far smaller than they were copies them: a Python dict
    never shrinks its table, so 100k expired callers would otherwise hold ~12 MB for good.
    """

    _next_pass = 0.0
    _high_water = 0

    async def _MemoryStorage__schedule_expiry(self) -> None:  # overrides the private scheduler
        now = time.monotonic()
        if now >= self._next_pass:
            self._next_pass = now + EXPIRY_PASS_SECONDS
            self._high_water = max(self._high_water, self.size)
            await super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]
            if self.timer is not None and not self.timer.done():
                self.timer.add_done_callback(lambda _task: self._compact())

    @property
    def size(self) -> int:
        """Counters and lock-outs held."""
        return len(self.storage) + len(self.events)

    def _compact(self) -> None:
        """Copy the tables into right-sized ones once most of their entries have expired."""
        if self._high_water < COMPACT_FROM or self.size * 4 > self._high_water:
            return
        self.storage = Counter(self.storage)
        self.expirations = dict(self.expirations)
        self.events = dict(self.events)
        self.locks = defaultdict(asyncio.Lock, self.locks)
        self._high_water = self.size


@dataclass(frozen=True)
class Decision:
    """Whether a request may pass, and the numbers its rate-limit headers carry."""

    allowed: bool
    limit: int
    remaining: int
    reset: int = 0  # Unix time the lock-out ends (refusals only)
    retry_after: int = 0


class _Backend:
    """One storage with its two strategies: the request window and the lock-out."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.window = FixedWindowRateLimiter(storage)
        self.lockout = MovingWindowRateLimiter(storage)


class RateLimiter:
    """Decides each request against ``limit``, keyed by the caller's bucket."""

    def __init__(
        self,
        limit: str,
        redis_url: str | None = None,
        max_keys: int = 100_000,
        lockout_seconds: int = LOCKOUT_SECONDS,
        burst: int = 0,
    ) -> None:
        self.item: RateLimitItem = parse(limit)
        # 0: no burst window (the configured window alone).
        self.burst_item = RateLimitItemPerSecond(burst, 1, namespace="BURST") if burst else None
        self.lock_item = RateLimitItemPerSecond(1, lockout_seconds, namespace="LOCKOUT")
        self.lockout_seconds = lockout_seconds
        self.max_keys = max_keys
        self.memory_storage = _MemoryStorage()
        self.memory = _Backend(self.memory_storage)
        self.redis: _Backend | None = None
        if redis_url:
            self.redis = _Backend(_redis_storage(redis_url))
        self._redis_retry_at = 0.0
        self._warned_at = -math.inf
        self._overflow_warned_at = -math.inf

    async def check(self, key: str, cost: int = 1) -> Decision:
        """Count ``cost`` requests for ``key`` (one, or the writes of a batch) and decide."""
        if self.redis is not None and time.monotonic() >= self._redis_retry_at:
            try:
                return await self._decide(self.redis, key, cost)
            except _failures() as exc:
                self._redis_failed(exc)
        return await self._decide(self.memory, self._memory_key(key), cost)

    def _redis_failed(self, exc: BaseException) -> None:
        now = time.monotonic()
        self._redis_retry_at = now + REDIS_RETRY_SECONDS
        if now - self._warned_at >= WARN_EVERY_SECONDS:
            self._warned_at = now
            logger.warning(
                "rate limits: Redis unavailable (%s); counting in this process's memory "
                "and retrying Redis every %.0f s",
                type(exc).__name__,
                REDIS_RETRY_SECONDS,
            )

    def _memory_key(self, key: str) -> str:
        """``key``, or the shared overflow bucket when memory already holds ``max_keys``."""
        storage = self.memory_storage
        if storage.size < self.max_keys:
            return key
        if self.item.key_for(key) in storage.storage:
            return key
        if self.lock_item.key_for(key) in storage.events:
            return key
        now = time.monotonic()
        if now - self._overflow_warned_at >= WARN_EVERY_SECONDS:
            self._overflow_warned_at = now
            logger.warning(
                "rate limits: %d buckets in memory; new callers share one", self.max_keys
            )
        return OVERFLOW_KEY

    async def _decide(self, backend: _Backend, key: str, cost: int) -> Decision:
        amount = self.item.amount
        now = time.time()
        if not await backend.lockout.test(self.lock_item, key):
            stats = await backend.lockout.get_window_stats(self.lock_item, key)
            return self._refused(stats.reset_time, now)
        allowed = await backend.window.hit(self.item, key, cost=cost)
        if allowed and self.burst_item is not None:
            allowed = await backend.window.hit(self.burst_item, key, cost=cost)
        if allowed:
            stats = await backend.window.get_window_stats(self.item, key)
            return Decision(True, amount, max(0, stats.remaining))
        await backend.lockout.hit(self.lock_item, key)
        return self._refused(now + self.lockout_seconds, now)

    def _refused(self, reset: float, now: float) -> Decision:
        return Decision(
            allowed=False,
            limit=self.item.amount,
            remaining=0,
            reset=math.ceil(reset),
            retry_after=max(1, math.ceil(reset - now)),
        )

    async def aclose(self) -> None:
        """Close the Redis connections (the memory storage needs nothing)."""
        if self.redis is not None:
            await _guarded(self._close_redis)

    async def _close_redis(self) -> None:
        assert self.redis is not None
        storage = self.redis.storage
        client = getattr(getattr(storage, "bridge", None), "storage", None)
        if client is not None:
            await client.aclose()
            await client.connection_pool.disconnect()  # a pool handed in is not closed with it


def _failures() -> tuple[type[BaseException], ...]:
    """What a lost Redis raises. Evaluated only when something was raised: redis-py is slow
    to import, and a server without ``KAGAMI_REDIS_URL`` never needs it."""
    from redis.exceptions import RedisError

    return (StorageError, RedisError, OSError, asyncio.TimeoutError)


async def _guarded(call: Callable[[], Awaitable[T]]) -> T | None:
    try:
        return await call()
    except _failures():
        return None


def _redis_storage(url: str) -> RedisStorage:
    """A ``limits`` Redis storage over redis-py, with short timeouts so a dead server is cheap.

    Its pool makes a check wait (up to the timeout) when every connection is busy: redis-py's
    default pool raises at once, which sent each burst of over 100 requests in flight to
    this process's memory, where the other workers do not see the count.
    """
    from redis.asyncio import BlockingConnectionPool

    pool = BlockingConnectionPool.from_url(
        url.replace("redis+unix://", "unix://", 1),
        max_connections=REDIS_CONNECTIONS,
        timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    pooled: dict[str, Any] = {"connection_pool": pool}  # limits types its options as scalars
    return RedisStorage("async+" + url, implementation="redispy", wrap_exceptions=True, **pooled)
