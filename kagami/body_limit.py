"""Request bodies bounded while they stream in, refused with 413 in each dialect's own shape.

A pure ASGI middleware: a declared ``Content-Length`` over the limit is refused before a
byte is read; otherwise the bytes are counted as the app receives them, so a chunked body
(no length) or one longer than it claimed is cut off at the limit and never held whole.
From then on the app sees the client as gone, whatever it answers is dropped, and the
client gets the 413.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kagami.dialects.anilist_graphql.errors import error_body
from kagami.http import JSONResponse
from kagami.oauth.server import NO_STORE

MESSAGE = "Request body too large."
STATUS = 413


def _json(body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(body, status_code=STATUS, headers=headers)


def _graphql() -> Response:
    return _json(error_body(MESSAGE, STATUS)[1])


def _mal() -> Response:
    # MAL's shape, also on its token endpoints (their OAuth errors use the same two keys).
    return _json({"error": "invalid_request", "message": MESSAGE}, NO_STORE)


def _passport() -> Response:
    # AniList v2's token endpoint answers Laravel Passport's shape.
    body = {"error": "invalid_request", "error_description": MESSAGE, "message": MESSAGE}
    return _json(body, NO_STORE)


def _oauth() -> Response:
    # RFC 6749 §5.2 shape: v1 REST and its token endpoint, revocation and introspection.
    return _json({"error": "invalid_request", "error_description": MESSAGE}, NO_STORE)


def _page() -> Response:
    return PlainTextResponse(MESSAGE, status_code=STATUS)


_EXACT: dict[str, Callable[[], Response]] = {
    "/": _graphql,
    "/graphql": _graphql,
    "/api/v2/oauth/token": _passport,
}
_PREFIXES: tuple[tuple[str, Callable[[], Response]], ...] = (
    ("/api/", _oauth),
    ("/v2/", _mal),
    ("/v1/oauth2/", _mal),
    ("/v0.21/", _mal),
    ("/oauth/", _oauth),
)


def too_large(path: str) -> Response:
    """The 413 answer for ``path``, in the format of the dialect that serves it."""
    if (exact := _EXACT.get(path)) is not None:
        return exact()
    for prefix, make in _PREFIXES:
        if path.startswith(prefix):
            return make()
    return _page()


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class BodyLimitMiddleware:
    """Refuse (413) any request whose body exceeds ``max_bytes``, without buffering it.

    ``per_path`` gives exact paths a limit of their own (the account page's file upload).
    """

    def __init__(
        self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through, counting its body as the app reads it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.max_bytes)
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await too_large(scope["path"])(scope, receive, send)
            return
        received, exceeded, started = 0, False, False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # the app's answer to a body it never got whole
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await too_large(scope["path"])(scope, receive, send)
