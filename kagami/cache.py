"""A cache bounded by bytes and by time, for values that anonymous requests can create."""

from __future__ import annotations

import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """str-keyed cache that holds at most ``max_bytes`` and forgets entries after ``ttl`` seconds.

    Sizes are what the interpreter holds (``sys.getsizeof`` of key and value), so non-ASCII
    text counts at its real width. Keys of more than ``max_entry_bytes`` are never stored:
    one huge input cannot push out every useful entry. Eviction is first-in, first-out, so
    the oldest entry is always at the front and expiry is exact.
    """

    def __init__(
        self,
        *,
        max_bytes: int,
        max_entry_bytes: int,
        ttl: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_bytes, self.max_entry_bytes, self.ttl = max_bytes, max_entry_bytes, ttl
        self._clock = clock
        self._items: OrderedDict[str, tuple[V, float, int]] = OrderedDict()
        self._bytes = 0
        self._lock = Lock()

    def get(self, key: str) -> V | None:
        """The live value for ``key``, or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if item[1] <= self._clock():
                self._drop(key)
                return None
            return item[0]

    def put(self, key: str, value: V) -> None:
        """Remember ``value`` unless the key is too large; evict the oldest to stay in bounds."""
        size = sys.getsizeof(key) + sys.getsizeof(value)
        if sys.getsizeof(key) > self.max_entry_bytes or size > self.max_bytes:
            return
        with self._lock:
            if key in self._items:
                self._drop(key)
            now = self._clock()
            while self._items and (
                self._bytes + size > self.max_bytes or next(iter(self._items.values()))[1] <= now
            ):
                self._drop(next(iter(self._items)))
            self._items[key] = (value, now + self.ttl, size)
            self._bytes += size

    def _drop(self, key: str) -> None:
        self._bytes -= self._items.pop(key)[2]

    @property
    def size_bytes(self) -> int:
        """Bytes currently held (keys and values)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)
