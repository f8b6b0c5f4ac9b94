"""Cross-origin access to AniList's APIs, as AniList allows it, for apps that run in a browser.

Browser apps and userscripts call AniList's GraphQL API from their own origins, which works
because AniList answers ``Access-Control-Allow-Origin: *``. Kagami does the same on the
AniList surfaces (GraphQL and v1): any origin, never with credentials (tokens travel in the
``Authorization`` header, which a page must set itself; cookies are never honoured by the
APIs, SECURITY.md BT-4), and the origin is never reflected (WP-7). MyAnimeList's API sends no
CORS headers, so neither does the MAL dialect, and the site's pages stay same-origin.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kagami.http.surfaces import Surface, surface_of_scope

_SURFACES = frozenset({Surface.GRAPHQL, Surface.V1})
# Rate-limit headers a browser app must be able to read to back off.
_EXPOSE = b"X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After"
_METHODS = b"GET, POST, PUT, PATCH, DELETE, OPTIONS"
_DEFAULT_HEADERS = b"Authorization, Content-Type, Accept"
_HEADER_LIST = re.compile(rb"^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$")
_MAX_REQUESTED = 512  # bytes of Access-Control-Request-Headers echoed back, at most
_ALLOW_ANY = [(b"access-control-allow-origin", b"*")]


def _requested_headers(scope: Scope) -> bytes:
    """The header names a preflight asks for, when they are a plain bounded list."""
    for name, value in scope["headers"]:
        if name == b"access-control-request-headers":
            if len(value) <= _MAX_REQUESTED and _HEADER_LIST.match(value.strip()):
                return value.strip()
            break
    return _DEFAULT_HEADERS


def _is_preflight(scope: Scope) -> bool:
    return scope["method"] == "OPTIONS" and any(
        name == b"access-control-request-method" for name, _ in scope["headers"]
    )


class ApiCorsMiddleware:
    """``Access-Control-Allow-Origin: *`` on the AniList APIs; their preflights answered 204."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a preflight at once; add the CORS headers to every other API answer."""
        if scope["type"] != "http" or surface_of_scope(scope) not in _SURFACES:
            await self.app(scope, receive, send)
            return
        if _is_preflight(scope):
            headers = [
                *_ALLOW_ANY,
                (b"access-control-allow-methods", _METHODS),
                (b"access-control-allow-headers", _requested_headers(scope)),
                (b"access-control-max-age", b"86400"),
                (b"content-length", b"0"),
            ]
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [*_ALLOW_ANY, (b"access-control-expose-headers", _EXPOSE)]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_cors)
