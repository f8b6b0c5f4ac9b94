"""Security events (OB-4): who, which client, from where, in which request; never a secret.

Events anyone can trigger anonymously (failed logins, 429s) are sampled: each event name
writes at most ``BURST`` lines per ``WINDOW_SECONDS``; the next line written says how many
were left out. Names are constants in the code, so the sampler's memory is fixed.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any

import structlog

BURST = 20
WINDOW_SECONDS = 10.0
_log = structlog.get_logger("kagami.security")


def fingerprint(token: str) -> str:
    """A token's identity in logs: the first 8 hex digits of its SHA-256, never the token."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()[:8]


class Sampler:
    """Fixed-window line budget per key; counts what it drops so the next line can say so."""

    def __init__(
        self,
        burst: int = BURST,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.window, self._clock = burst, window, clock
        self._windows: dict[str, list[float]] = {}  # key -> [window start, written, dropped]
        self._lock = threading.Lock()

    def admit(self, key: str) -> int | None:
        """None to drop this line, else how many lines of ``key`` were dropped before it."""
        now = self._clock()
        with self._lock:
            state = self._windows.setdefault(key, [now, 0, 0])
            if now - state[0] >= self.window:
                state[0], state[1] = now, 0
            if state[1] >= self.burst:
                state[2] += 1
                return None
            state[1] += 1
            dropped, state[2] = int(state[2]), 0
            return dropped

    def reset(self) -> None:
        """Forget every window (a fresh budget, e.g. for a test that counts lines)."""
        with self._lock:
            self._windows.clear()


SAMPLER = Sampler()


def security_event(
    event: str,
    *,
    user_id: int | None = None,
    client_id: int | str | None = None,
    sampled: bool = False,
    level: str = "warning",
    **fields: Any,
) -> None:
    """Log one security event; ``ip`` and ``request_id`` come from the request's context."""
    if sampled:
        dropped = SAMPLER.admit(event)
        if dropped is None:
            return
        if dropped:
            fields["suppressed"] = dropped
    getattr(_log, level)(event, security=True, user_id=user_id, client_id=client_id, **fields)
