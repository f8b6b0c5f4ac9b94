"""Wiring into the app: the SQL statement counter, ``/metrics``, the generic 500 everywhere."""

from __future__ import annotations

from fastapi import FastAPI, Request
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from kagami.config import Settings
from kagami.http import JSONResponse
from kagami.observability.context import count_statement
from kagami.observability.metrics import metrics_endpoint
from kagami.observability.middleware import internal_error_response


def count_statements(engine: AsyncEngine) -> None:
    """Tally each statement against the request that ran it (the access log's ``sql``)."""
    if not event.contains(engine.sync_engine, "before_cursor_execute", count_statement):
        event.listen(engine.sync_engine, "before_cursor_execute", count_statement)


async def _internal_error(request: Request, _exc: Exception) -> JSONResponse:
    return internal_error_response(request.scope)


def generic_500(*apps: FastAPI) -> None:
    """Mounted sub-apps answer their own crashes: in the same generic, id-carrying 500."""
    for app in apps:
        app.add_exception_handler(Exception, _internal_error)


def route_metrics(app: FastAPI, settings: Settings) -> None:
    """Serve ``/metrics`` when metrics are on (access is checked per request)."""
    if settings.metrics:
        app.add_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
