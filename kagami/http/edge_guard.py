"""One edge guard for every dialect: NUL, lone surrogates and oversized values → 400.

No database stores U+0000 in text and PostgreSQL refuses lone UTF-16 surrogates, so such
input would otherwise surface as a 500 deep inside a write (SECURITY.md IV-3). A pure ASGI
middleware checks the path, every query value and every urlencoded form field or JSON
string (keys included) before any route runs, and answers in the format of the dialect
that serves the path. The work is linear in the request: the body is already bounded by
the body-limit middleware, and bodies that cannot hold a bad value skip parsing.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kagami.dialects.anilist_graphql.errors import error_body
from kagami.dialects.anilist_v1.errors import invalid, render
from kagami.http import JSONResponse
from kagami.http.surfaces import Surface, surface_of_scope
from kagami.oauth.server import NO_STORE

NUL_MESSAGE = "The request may not contain the NUL character."
SURROGATE_MESSAGE = "The request may not contain unpaired UTF-16 surrogates."
STATUS = 400

# U+0000 and the surrogate block; a valid pair decodes to one astral character, never these.
_BAD = re.compile("[\x00\ud800-\udfff]")
_JSON_TYPES = ("application/json",)
_FORM_TYPES = ("application/x-www-form-urlencoded",)


def too_long_message(limit: int) -> str:
    """The 400 message for a value over ``limit`` characters."""
    return f"A single value may be at most {limit} characters long."


def text_problem(text: str, limit: int | None = None) -> str | None:
    """Why one value is refused (longer than ``limit``, NUL, lone surrogate), else None."""
    if limit is not None and len(text) > limit:
        return too_long_message(limit)
    bad = _BAD.search(text)
    if bad is None:
        return None
    return NUL_MESSAGE if bad.group() == "\x00" else SURROGATE_MESSAGE


def fields_problem(fields: Iterable[tuple[str, str]], limit: int) -> str | None:
    """The first problem among form or query ``(name, value)`` pairs, else None."""
    for name, value in fields:
        problem = text_problem(name, limit) or text_problem(value, limit)
        if problem is not None:
            return problem
    return None


def json_problem(value: Any, limit: int) -> str | None:
    """The first problem among a decoded JSON value's strings and keys (iterative walk)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if (problem := text_problem(item, limit)) is not None:
                return problem
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def body_problem(content_type: str, body: bytes, limit: int) -> str | None:
    """The first problem in a JSON or urlencoded body; other bodies are the route's concern."""
    if content_type in _JSON_TYPES:
        # NUL and surrogates can only arrive as \u escapes (raw ones are invalid JSON or
        # UTF-8, which the dialect refuses itself), and no string outgrows a short body.
        if b"\\u" not in body and len(body) <= limit:
            return None
        try:
            decoded = json.loads(body)
        except (ValueError, RecursionError):
            return None  # the dialect answers malformed JSON in its own words
        return json_problem(decoded, limit)
    if content_type in _FORM_TYPES:
        if b"%00" not in body and b"\x00" not in body and len(body) <= limit:
            return None
        pairs = parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
        return fields_problem(pairs, limit)
    return None


def url_problem(scope: Scope, limit: int) -> str | None:
    """The first problem in the path or the query string."""
    problem = text_problem(scope.get("path", ""), limit)
    query: bytes = scope.get("query_string", b"")
    if problem is None and (b"%00" in query or b"\x00" in query or len(query) > limit):
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
        problem = fields_problem(pairs, limit)
    return problem


# -- answers in each dialect's format ----------------------------------------------------


def _graphql(message: str) -> Response:
    return JSONResponse(error_body(message, STATUS)[1], status_code=STATUS)


def _v1(message: str) -> Response:
    return render(invalid({"request": [message]}))  # v1 validation: Laravel's 422


def _oauth(message: str) -> Response:
    body = {"error": "invalid_request", "error_description": message}
    return JSONResponse(body, status_code=STATUS, headers=NO_STORE)


def _passport(message: str) -> Response:
    body = {"error": "invalid_request", "error_description": message, "message": message}
    return JSONResponse(body, status_code=STATUS, headers=NO_STORE)


def _mal_v2(message: str) -> Response:
    return JSONResponse({"error": "invalid_parameters", "message": message}, status_code=STATUS)


def _mal_token(message: str) -> Response:
    body = {"error": "invalid_request", "message": message}
    return JSONResponse(body, status_code=STATUS, headers=NO_STORE)


def _mal_legacy(message: str) -> Response:
    return JSONResponse({"message": message, "error": "bad_request"}, status_code=STATUS)


def _page(message: str) -> Response:
    text = html.escape(message)
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad request</title>'
        f"</head><body><h1>Bad request</h1><p>{text}</p></body></html>"
    )
    return HTMLResponse(page, status_code=STATUS)


# Each token endpoint answers in its own dialect's OAuth error shape.
_TOKENS: dict[str, Callable[[str], Response]] = {
    "/api/v2/oauth/token": _passport,
    "/api/auth/access_token": _oauth,
    "/v1/oauth2/token": _mal_token,
    "/v0.21/auth/token": _mal_legacy,
}
_BY_SURFACE: dict[Surface, Callable[[str], Response]] = {
    Surface.GRAPHQL: _graphql,
    Surface.V1: _v1,
    Surface.MAL_V2: _mal_v2,
    Surface.MAL_LEGACY: _mal_legacy,
    Surface.OAUTH_API: _oauth,
}


def bad_request(scope: Scope, message: str) -> Response:
    """The 400 answer for a request, in the format of the dialect that serves it."""
    surface = surface_of_scope(scope)
    if surface is Surface.TOKEN:
        return _TOKENS[scope["path"]](message)
    return _BY_SURFACE.get(surface, _page)(message)


def _content_type(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return value.decode("latin-1").split(";")[0].strip().lower()
    return ""


class EdgeGuardMiddleware:
    """Refuse (400) a request with a NUL, a lone surrogate or an oversized value anywhere."""

    def __init__(self, app: ASGIApp, max_value_chars: int) -> None:
        self.app = app
        self.limit = max_value_chars

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the URL, then a JSON or form body (held whole, then replayed to the app)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = url_problem(scope, self.limit)
        if problem is not None:
            await bad_request(scope, problem)(scope, receive, send)
            return
        content_type = _content_type(scope)
        if content_type not in _JSON_TYPES and content_type not in _FORM_TYPES:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # gone, or cut off by the body limit (which answers the 413)
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = body_problem(content_type, body, self.limit)
        if problem is not None:
            await bad_request(scope, problem)(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
