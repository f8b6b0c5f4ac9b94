"""Failed-login throttle per account and per IP (PW-5), shared by web login and password grant.

In-process memory: each worker counts on its own, which still bounds guessing per worker;
a Redis-backed variant can replace it without changing callers.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque

from kagami.errors import RateLimited


class LoginThrottle:
    """Sliding window of failures; N failures lock a key for the rest of the window."""

    def __init__(self, max_failures: int, window: int) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str, now: float) -> deque[float]:
        entries = self._failures[key]
        while entries and entries[0] <= now - self.window:
            entries.popleft()
        return entries

    def check(self, *keys: str) -> None:
        """Raise ``RateLimited`` when any key has too many recent failures."""
        now = time.time()
        for key in keys:
            entries = self._recent(key, now)
            if len(entries) >= self.max_failures:
                raise RateLimited(max(1, int(entries[0] + self.window - now) + 1))

    def fail(self, *keys: str) -> None:
        """Record one failure against every key."""
        now = time.time()
        for key in keys:
            self._recent(key, now).append(now)

    def clear(self, key: str) -> None:
        """Forget an account's failures after a successful login."""
        self._failures.pop(key, None)
