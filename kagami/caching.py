"""A least-recently-used cache bounded by bytes and by age, for caches anonymous requests fill."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """LRU whose entries count their estimated size against ``max_bytes`` and expire.

    An entry larger than an eighth of the budget is not stored (one request must not
    flush everything else); a read of an entry older than ``max_age`` seconds misses, and
    expired entries at the cold end are dropped whenever something new is stored, so
    entries nobody asks for again do not outlive their age by much.
    """

    def __init__(
        self,
        max_bytes: int,
        max_age: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_bytes = max_bytes
        self.max_age = max_age
        self._clock = clock
        self._items: OrderedDict[K, tuple[V, int, float]] = OrderedDict()
        self._bytes = 0
        self._lock = Lock()

    def get(self, key: K) -> V | None:
        """The fresh value for ``key``, marked as recently used; None on a miss."""
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            if self._clock() - entry[2] > self.max_age:
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return entry[0]

    def put(self, key: K, value: V, size: int) -> None:
        """Store ``value`` (``size`` estimated bytes), evicting the least recently used."""
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._items:
                self._drop(key)
            now = self._clock()
            self._items[key] = (value, size, now)
            self._bytes += size
            while self._items:
                coldest = next(iter(self._items))
                if self._bytes <= self.max_bytes and now - self._items[coldest][2] <= self.max_age:
                    break
                self._drop(coldest)

    def _drop(self, key: K) -> None:
        _value, size, _at = self._items.pop(key)
        self._bytes -= size

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._items.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        """Estimated bytes held."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)
