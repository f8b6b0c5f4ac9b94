"""Rate limits at the edge: a pure ASGI middleware that decides before any parsing or SQL.

Every limited answer carries ``X-RateLimit-Limit`` and ``X-RateLimit-Remaining``; a refused
one is a 429 in its dialect's format with ``Retry-After`` and ``X-RateLimit-Reset`` too.
"""

from __future__ import annotations

import logging
import math

from limits import parse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kagami.config import Settings
from kagami.http.surfaces import surface_of_scope
from kagami.ratelimit.keys import bucket_key, is_limited
from kagami.ratelimit.limiter import Decision, RateLimiter
from kagami.ratelimit.responses import too_many

logger = logging.getLogger(__name__)
MIN_DEFAULT_BURST = 10


def build_limiter(settings: Settings) -> RateLimiter:
    """The limiter ``settings`` describe; warns when workers would each count on their own."""
    if settings.workers > 1 and not settings.redis_url:
        logger.warning(
            "rate limits: %d workers without KAGAMI_REDIS_URL each count separately",
            settings.workers,
        )
    return RateLimiter(
        settings.rate_limit,
        settings.redis_url,
        max_keys=settings.rate_limit_memory_keys,
        burst=burst_limit(settings),
    )


def burst_limit(settings: Settings) -> int:
    """Requests allowed per caller in one second: the setting, else a third of a minute's."""
    if settings.rate_limit_burst is not None:
        return settings.rate_limit_burst
    item = parse(settings.rate_limit)
    per_minute = item.amount * 60 / item.get_expiry()
    return max(MIN_DEFAULT_BURST, math.ceil(per_minute / 3))


STATE_KEY = "kagami.rate_limit"  # in the request's state: the limiter and the caller's bucket


class OverLimit(Exception):
    """A request's further units went over its caller's limit; carries the 429's headers."""

    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("rate limit")
        self.headers = headers


def refusal_headers(decision: Decision) -> dict[str, str]:
    """The headers of a 429: AniList's two, plus when to come back."""
    return {
        "X-RateLimit-Limit": str(decision.limit),
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(decision.reset),
        "Retry-After": str(decision.retry_after),
    }


async def charge(scope: Scope, units: int) -> None:
    """Count ``units`` more requests for this request's caller (aliased mutations: one per
    write); raises :class:`OverLimit` when that is over the limit. Unlimited paths: nothing."""
    entry = scope.get("state", {}).get(STATE_KEY)
    if entry is None or units <= 0:
        return
    limiter, key = entry
    decision = await limiter.check(key, units)
    if not decision.allowed:
        raise OverLimit(refusal_headers(decision))


class RateLimitMiddleware:
    """Count each API request against its caller's bucket; refuse with 429 when it is spent."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass pages and logins through; decide API calls and add the headers."""
        if scope["type"] != "http" or not is_limited(scope):
            await self.app(scope, receive, send)
            return
        key = bucket_key(scope)
        decision = await self.limiter.check(key)
        if not decision.allowed:
            refusal = too_many(surface_of_scope(scope), refusal_headers(decision))
            await refusal(scope, receive, send)
            return
        scope.setdefault("state", {})[STATE_KEY] = (self.limiter, key)
        extra = [
            (b"x-ratelimit-limit", str(decision.limit).encode()),
            (b"x-ratelimit-remaining", str(decision.remaining).encode()),
        ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
