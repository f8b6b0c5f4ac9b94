"""A minimal per-request DataLoader: loads issued in one tick become one batch call.

All loaders of a request share one lock, because an ``AsyncSession`` runs one
statement at a time; batches therefore run one after another, never interleaved.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any

BatchFn = Callable[[Sequence[Any]], Awaitable[Mapping[Any, Any]]]


class DataLoader:
    """Collects keys until the event loop is idle for a moment, then resolves them in one call."""

    def __init__(self, batch_fn: BatchFn, lock: asyncio.Lock, default: Any = None) -> None:
        self._batch_fn = batch_fn
        self._lock = lock
        self._default = default
        self._cache: dict[Hashable, asyncio.Future[Any]] = {}
        self._pending: list[Hashable] = []
        self._tasks: set[asyncio.Task[None]] = set()

    def load(self, key: Hashable) -> asyncio.Future[Any]:
        """A future for ``key``'s value (shared by every caller asking the same key)."""
        future = self._cache.get(key)
        if future is not None:
            return future
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._cache[key] = future
        if not self._pending:
            loop.call_soon(self._schedule)
        self._pending.append(key)
        return future

    def prime(self, key: Hashable, value: Any) -> None:
        """Seed the cache with a value already fetched (e.g. by a parent level's query)."""
        if key not in self._cache:
            future = asyncio.get_running_loop().create_future()
            future.set_result(value)
            self._cache[key] = future

    def _schedule(self) -> None:
        keys, self._pending = self._pending, []
        task = asyncio.ensure_future(self._dispatch(keys))
        self._tasks.add(task)  # keep a reference until it finishes
        task.add_done_callback(self._tasks.discard)

    async def _dispatch(self, keys: list[Hashable]) -> None:
        """Run the batch function once and settle every waiting future."""
        try:
            async with self._lock:
                values = await self._batch_fn(keys)
        except Exception as exc:
            for key in keys:
                if not self._cache[key].done():
                    self._cache[key].set_exception(exc)
            return
        for key in keys:
            if not self._cache[key].done():
                self._cache[key].set_result(values.get(key, self._default))
