"""Failed-login throttle per account and per IP (PW-5), shared by web login and password grant.

In-process memory: each worker counts on its own, which still bounds guessing per worker;
a Redis-backed variant can replace it without changing callers.

Every anonymous request may name a new key, so the store is bounded twice: by time (a key
is dropped once its newest failure has left the window) and by bytes (past the budget the
keys that failed longest ago go first). Keys are kept as 16-byte digests whatever the name's
length, only failures create entries (``check`` never does), and each key keeps at most
``max_failures`` timestamps.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable

from kagami.errors import RateLimited

# Estimated bytes per stored key: the digest (49), the OrderedDict slot and link (~100), the
# list (56 + 8 per slot), plus 32 per timestamp (float + list slot). Generous on purpose.
_ENTRY_BYTES = 224
_FAILURE_BYTES = 32
DEFAULT_MAX_BYTES = 8 * 1024 * 1024


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _wall_clock() -> float:
    """``time.time()``, looked up at each call (so a test can move the module's clock)."""
    return time.time()


class LoginThrottle:
    """Sliding window of failures; N failures lock a key for the rest of the window."""

    def __init__(
        self,
        max_failures: int,
        window: int,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.max_bytes = max_bytes
        self._clock = clock or _wall_clock
        # Least recently failed first: expiry and eviction both pop from the front.
        self._failures: OrderedDict[bytes, list[float]] = OrderedDict()
        self._bytes = 0

    @property
    def stored_bytes(self) -> int:
        """Estimated bytes the store holds (what ``max_bytes`` bounds)."""
        return self._bytes

    @property
    def stored_keys(self) -> int:
        """How many keys currently have recent failures."""
        return len(self._failures)

    def _cost(self, entries: list[float]) -> int:
        return _ENTRY_BYTES + _FAILURE_BYTES * len(entries)

    def _drop(self, digest: bytes) -> None:
        entries = self._failures.pop(digest, None)
        if entries is not None:
            self._bytes -= self._cost(entries)

    def _expire(self, now: float) -> None:
        """Forget keys whose newest failure is older than the window."""
        cutoff = now - self.window
        while self._failures:
            digest, entries = next(iter(self._failures.items()))
            if entries[-1] > cutoff:
                break
            self._drop(digest)

    def check(self, *keys: str) -> None:
        """Raise ``RateLimited`` when any key has too many recent failures; stores nothing."""
        now = self._clock()
        self._expire(now)
        for key in keys:
            entries = self._failures.get(_digest(key))
            if not entries or len(entries) < self.max_failures:
                continue
            oldest = entries[-self.max_failures]
            if oldest > now - self.window:
                raise RateLimited(max(1, int(oldest + self.window - now) + 1))

    def fail(self, *keys: str) -> None:
        """Record one failure against every key, then trim the store to its byte budget."""
        now = self._clock()
        self._expire(now)
        cutoff = now - self.window
        for key in keys:
            digest = _digest(key)
            old = self._failures.get(digest, [])
            self._drop(digest)
            entries = [t for t in old if t > cutoff][-(self.max_failures - 1) :]
            entries = [*entries, now] if self.max_failures > 1 else [now]
            self._failures[digest] = entries
            self._bytes += self._cost(entries)
        while self._bytes > self.max_bytes and self._failures:
            self._drop(next(iter(self._failures)))

    def clear(self, key: str) -> None:
        """Forget an account's failures after a successful login."""
        self._drop(_digest(key))
