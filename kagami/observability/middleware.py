"""The outermost middleware: request id, access log, metrics, and the generic 500.

Pure ASGI and small on purpose: it runs for every request, before the rate limiter.
"""

from __future__ import annotations

import time
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kagami.http import JSONResponse
from kagami.logs import redact
from kagami.observability.context import REQUEST_ID, SQL_STATEMENTS, request_id_from
from kagami.observability.events import SAMPLER, security_event
from kagami.observability.metrics import Metrics, dialect_of

MAX_LOGGED_PATH = 512
MAX_LOGGED_AGENT = 200
_access = structlog.get_logger("kagami.access")
_errors = structlog.get_logger("kagami.errors")
_GENERIC = "Internal Server Error"


def internal_error_body(scope: Scope, request_id: str | None) -> dict[str, Any]:
    """A 500 in the dialect's shape holding only a generic message and the request id."""
    if dialect_of(scope) == "anilist_graphql":
        error = {"message": _GENERIC, "status": 500, "request_id": request_id}
        return {"data": None, "errors": [error]}
    return {"error": "internal_server_error", "message": _GENERIC, "request_id": request_id}


def internal_error_response(scope: Scope) -> JSONResponse:
    """The generic 500 for the request being served (sub-apps' handlers use it too)."""
    return JSONResponse(internal_error_body(scope, REQUEST_ID.get()), status_code=500)


def _logged_path(scope: Scope) -> str:
    path: str = scope["path"]
    if query := scope.get("query_string"):
        path = f"{path}?{query.decode('latin-1')}"
    if len(path) > MAX_LOGGED_PATH:
        path = path[:MAX_LOGGED_PATH] + "..."
    return redact(path)


def _peer(scope: Scope) -> str | None:
    client = scope.get("client")
    return client[0] if client else None


class ObservabilityMiddleware:
    """Give each request an id (echoed as ``X-Request-ID``), then log and count it."""

    def __init__(self, app: ASGIApp, metrics: Metrics | None, access_log: bool = True) -> None:
        self.app = app
        self.metrics = metrics
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request inside its context; a crash becomes the generic 500."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started_at = time.perf_counter()
        request_id = request_id_from(scope["headers"])
        id_header = (b"x-request-id", request_id.encode("ascii"))
        statements = [0]
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                message = {**message, "headers": [*message.get("headers", ()), id_header]}
            await send(message)

        id_token, sql_token = REQUEST_ID.set(request_id), SQL_STATEMENTS.set(statements)
        bound = structlog.contextvars.bind_contextvars(request_id=request_id, ip=_peer(scope))
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            status = 500
            self._log_crash(scope)
            if not response_started:
                await internal_error_response(scope)(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started_at
            try:
                self._finish(scope, status, elapsed, statements[0])
            finally:
                structlog.contextvars.reset_contextvars(**bound)
                REQUEST_ID.reset(id_token)
                SQL_STATEMENTS.reset(sql_token)

    def _log_crash(self, scope: Scope) -> None:
        """One line per crash with its request id; tracebacks only within the sample budget."""
        admitted = SAMPLER.admit("unhandled_error_trace")
        _errors.error(
            "unhandled_error",
            method=scope["method"],
            path=_logged_path(scope),
            exc_info=admitted is not None,
        )

    def _finish(self, scope: Scope, status: int, elapsed: float, statements: int) -> None:
        if self.metrics is not None:
            self.metrics.observe(scope, status, elapsed, statements)
        if status == 429:
            security_event("rate_limited", sampled=True, path=scope["path"][:MAX_LOGGED_PATH])
        if self.access_log:
            agent = next((v for k, v in scope["headers"] if k == b"user-agent"), b"")
            _access.info(
                "request",
                method=scope["method"],
                path=_logged_path(scope),
                status=status,
                duration_ms=round(elapsed * 1000, 2),
                sql=statements,
                user_agent=agent[:MAX_LOGGED_AGENT].decode("latin-1"),
            )
