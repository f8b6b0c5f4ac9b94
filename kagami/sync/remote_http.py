"""HTTP to a remote AniList- or MAL-speaking server, within its rate limits.

A 429 is retried after its ``Retry-After``; a response saying ``X-RateLimit-Remaining: 0``
makes the next request wait for ``X-RateLimit-Reset`` (or ``Retry-After``). Waits are capped
so a hostile remote cannot park the job forever. Anything that is not the JSON the caller
expects (HTML error pages, timeouts, refused connections) becomes one ``RemoteError`` with
a message an operator can act on.
"""

from __future__ import annotations

import asyncio
import functools
import json
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

MAX_WAIT = 120.0  # seconds: the longest pause one rate-limit answer can impose
MAX_RETRIES = 5  # 429s in a row before giving up
MAX_BODY = 32 * 1024 * 1024  # bytes of one answer read at most


class RemoteError(Exception):
    """The remote could not be used: unreachable, too slow, or it answered nonsense."""


class RemoteRejected(RemoteError):
    """The remote refused one request (400, 404, 422): that entry fails, the run goes on."""


Sleep = Callable[[float], Awaitable[None]]


@functools.cache
def ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every client: building one reads the CA bundle (~50 ms)."""
    return httpx.create_ssl_context()


def _seconds(value: str | None) -> float | None:
    """A header's number of seconds, or None when missing or not a number."""
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if number >= 0 else None


class RemoteClient:
    """An httpx client for one remote and one token that paces itself by the remote's headers."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 30.0,
        max_body: int = MAX_BODY,
        sleep: Sleep = asyncio.sleep,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"Accept": "application/json"}
        if token:  # the catalogue mirror may go without one
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            verify=ssl_context(),
            timeout=timeout,
            transport=transport,
        )
        self._sleep = sleep
        self._max_body = max_body
        self._not_before = 0.0  # monotonic time before which no request is sent
        self.requests = 0
        self.waited = 0.0  # seconds spent waiting on rate limits

    async def __aenter__(self) -> RemoteClient:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()

    async def _pause(self, seconds: float) -> None:
        seconds = min(seconds, MAX_WAIT)
        if seconds > 0:
            self.waited += seconds
            await self._sleep(seconds)

    def _note_limits(self, response: httpx.Response) -> None:
        """Remember when the next request may go, from the rate-limit headers."""
        remaining = _seconds(response.headers.get("X-RateLimit-Remaining"))
        if remaining is None or remaining > 0:
            return
        retry = _seconds(response.headers.get("Retry-After"))
        reset = _seconds(response.headers.get("X-RateLimit-Reset"))
        if retry is None and reset is not None:
            retry = max(0.0, reset - time.time()) if reset > 1e9 else reset  # epoch or delta
        self._not_before = time.monotonic() + min(retry if retry is not None else 60.0, MAX_WAIT)

    async def _send(self, method: str, path: str, **kwargs: Any) -> tuple[httpx.Response, bytes]:
        """One exchange, reading at most MAX_BODY bytes of the answer."""
        try:
            async with self._client.stream(method, path, **kwargs) as response:
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > self._max_body:
                        limit = self._max_body
                        raise RemoteError(f"{self.base_url} answered more than {limit} bytes")
                return response, bytes(body)
        except httpx.TimeoutException:
            raise RemoteError(f"{self.base_url} did not answer in time ({method} {path})") from None
        except httpx.HTTPError as exc:
            raise RemoteError(f"{self.base_url} is unreachable: {exc}") from None

    async def request(self, method: str, path: str, **kwargs: Any) -> tuple[httpx.Response, bytes]:
        """Send one request (retrying 429s): the response and its body, or RemoteError."""
        for _attempt in range(MAX_RETRIES + 1):
            await self._pause(self._not_before - time.monotonic())
            response, body = await self._send(method, path, **kwargs)
            self.requests += 1
            if response.status_code != 429:
                self._note_limits(response)
                return response, body
            wait = _seconds(response.headers.get("Retry-After"))
            await self._pause(60.0 if wait is None else wait)
        raise RemoteError(f"{self.base_url} kept answering 429 Too Many Requests")

    async def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """The JSON body of a 2xx answer; RemoteError for any other status or a non-JSON body."""
        response, content = await self.request(method, path, **kwargs)
        try:
            body = json.loads(content) if content else None
        except ValueError:
            body = _NOT_JSON
        if not 200 <= response.status_code < 300:
            message = f"{self.base_url} answered {response.status_code} to {method} {path}" + (
                f": {_summary(body)}" if body is not _NOT_JSON and body else ""
            )
            if response.status_code in (401, 403):
                raise RemoteError(f"{message} (is the token right, and still valid?)")
            if response.status_code in (400, 404, 422):
                raise RemoteRejected(message)
            raise RemoteError(message)
        if body is _NOT_JSON:
            raise RemoteError(f"{self.base_url} answered something that is not JSON ({path})")
        return body


_NOT_JSON = object()


def _summary(body: Any) -> str:
    """A short, printable reason from an error body (AniList ``errors``, MAL ``error``)."""
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return str(errors[0].get("message", ""))[:200]
        if "error" in body:
            return f"{str(body.get('error'))[:80]} {str(body.get('message', ''))[:120]}".strip()
    return str(body)[:200]
