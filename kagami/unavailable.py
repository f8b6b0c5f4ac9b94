"""503 with ``Retry-After`` in each dialect's own format while the database cannot serve.

Installed as an exception handler on the main app and on the MAL sub-apps (each FastAPI
app renders its own errors). A database failure that is an outage (kagami/db/faults.py:
down, restarting, disk full, pool exhausted) becomes a 503 the client may retry, and one
warning line without a traceback; any other failure is re-raised to the usual 500.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any, Literal

from fastapi import FastAPI, Request
from sqlalchemy.exc import SQLAlchemyError
from starlette.responses import PlainTextResponse, Response
from starlette.types import Scope

from kagami.db.faults import RETRY_AFTER_SECONDS, is_unavailable, reason
from kagami.http import JSONResponse
from kagami.http.surfaces import Surface, surface_of_scope

logger = logging.getLogger(__name__)
STATUS = 503
MESSAGE = "Service Unavailable."
DESCRIPTION = "The service is temporarily unavailable; please retry shortly."
HEADERS = {"Retry-After": str(RETRY_AFTER_SECONDS)}
Dialect = Literal["graphql", "mal", "v1", "oauth", "page"]
# The error value of each dialect's body, as its other errors name theirs.
GRAPHQL_BODY: dict[str, Any] = {
    "data": None,
    "errors": [{"message": MESSAGE, "status": STATUS, "locations": None}],
}
MAL_BODY = {"error": "service_unavailable", "message": DESCRIPTION}
V1_BODY = {"error": "service_unavailable", "error_description": DESCRIPTION}
OAUTH_BODY = {"error": "temporarily_unavailable", "error_description": DESCRIPTION}


# OAuth endpoints of every dialect answer RFC 6749's temporarily_unavailable.
_DIALECTS: dict[Surface, Dialect] = {
    Surface.GRAPHQL: "graphql",
    Surface.V1: "v1",
    Surface.MAL_V2: "mal",
    Surface.MAL_LEGACY: "mal",
    Surface.TOKEN: "oauth",
    Surface.OAUTH_API: "oauth",
    Surface.OAUTH_PAGE: "oauth",
}


def dialect_of(scope: Scope) -> Dialect:
    """The dialect whose error format a request expects (pages get plain text)."""
    return _DIALECTS.get(surface_of_scope(scope), "page")


def unavailable_response(dialect: Dialect) -> Response:
    """The 503 a client of ``dialect`` gets while the database is out."""
    bodies = {"graphql": GRAPHQL_BODY, "mal": MAL_BODY, "v1": V1_BODY, "oauth": OAUTH_BODY}
    body = bodies.get(dialect)
    if body is None:
        return PlainTextResponse(DESCRIPTION, status_code=STATUS, headers=HEADERS)
    return JSONResponse(body, status_code=STATUS, headers=HEADERS)


def log_outage(error: BaseException, where: str) -> None:
    """One warning line per refused request: what failed, never a traceback or SQL."""
    logger.warning("database unavailable (%s) on %s: answered 503", reason(error), where[:200])


def install(app: FastAPI, dialect: Dialect | None = None) -> None:
    """Answer database outages on ``app`` with a 503 (in ``dialect``'s format, else by path)."""

    async def _unavailable(request: Request, exc: Exception) -> Response:
        if not is_unavailable(exc):
            raise exc
        path = request.scope["path"]
        log_outage(exc, path)
        return unavailable_response(dialect or dialect_of(request.scope))

    for kind in (SQLAlchemyError, sqlite3.Error, ConnectionError, TimeoutError):
        app.add_exception_handler(kind, _unavailable)
