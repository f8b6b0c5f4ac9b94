"""HTTP endpoints of the AniList v2 dialect: ``/`` and ``/graphql``, POST and GET, GraphiQL."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from graphql import GraphQLError

from kagami.db.engine import inline_reads
from kagami.db.faults import is_unavailable
from kagami.dialects.anilist_graphql.context import RequestContext, resolve_viewer
from kagami.dialects.anilist_graphql.errors import (
    envelope,
    error_body,
    format_error,
    internal_error,
)
from kagami.dialects.anilist_graphql.executor import Executor
from kagami.dialects.anilist_graphql.graphiql import GRAPHIQL_CSP, GRAPHIQL_HTML
from kagami.errors import DomainError
from kagami.http.surfaces import Surface
from kagami.ratelimit.middleware import OverLimit, charge
from kagami.ratelimit.responses import too_many
from kagami.unavailable import GRAPHQL_BODY, log_outage
from kagami.unavailable import HEADERS as UNAVAILABLE_HEADERS
from kagami.unavailable import STATUS as UNAVAILABLE_STATUS

router = APIRouter(tags=["AniList GraphQL v2"])
logger = logging.getLogger(__name__)


def _json(status: int, body: dict[str, Any]) -> Response:
    # 405 is only a mutation sent over GET (GraphQL over HTTP): name the method that works.
    headers = {"Allow": "POST"} if status == 405 else None
    if status == UNAVAILABLE_STATUS:
        headers = UNAVAILABLE_HEADERS  # the database is out: when to try again
    return Response(
        orjson.dumps(body), status_code=status, media_type="application/json", headers=headers
    )


def _executor(request: Request) -> Executor:
    """The app's executor, built on first use so apps that never serve GraphQL skip the schema."""
    executor = getattr(request.app.state, "anilist_graphql", None)
    if executor is None:
        settings = request.app.state.settings
        executor = request.app.state.anilist_graphql = Executor(
            introspection=settings.graphql_introspection, timeout=settings.graphql_timeout_seconds
        )
    return executor


async def _serve(request: Request, payload: Any, *, allow_mutations: bool = True) -> Response:
    """Authenticate, execute in one transaction, and render the envelope."""
    database = request.app.state.db
    # SQLite SELECTs run on the loop thread, no aiosqlite round trips; writes (and any call
    # once a write began the transaction) still go through aiosqlite's thread.
    with inline_reads():
        return await _serve_in(request, database, payload, allow_mutations)


async def _serve_in(
    request: Request, database: Any, payload: Any, allow_mutations: bool
) -> Response:
    """One session per request, committed only when something wrote and nothing failed.

    Writes come from mutations (the Mutation guard marks the context) and the few reads
    that write (``resetNotificationCount``). An answer with any error rolls back all of
    them, so a failed operation leaves no trace. Everything else ends with the session's
    close, a rollback of nothing, which skips a commit's bookkeeping on the hot path
    (~6% of a ``Media(id)``). An exception leaves nothing written.
    """
    async with database.sessionmaker() as session:
        try:
            viewer = await resolve_viewer(request, session)
        except DomainError as exc:
            return _json(*envelope(None, [GraphQLError(str(exc), original_error=exc)]))
        settings = request.app.state.settings
        context = RequestContext(session=session, settings=settings, viewer=viewer)
        executor = _executor(request)
        try:
            status, body = await executor.run(
                payload,
                context,
                allow_mutations=allow_mutations,
                charge=partial(charge, request.scope),
            )
        except OverLimit as refused:
            return too_many(Surface.GRAPHQL, refused.headers)
        if context.writes:
            status, body = await _finish(session, status, body)
    return _json(status, body)


async def _finish(session: Any, status: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Commit a writing request that succeeded, roll back one that did not."""
    if "errors" in body:
        await session.rollback()
        return status, body
    try:
        await session.commit()
    except Exception as exc:  # the database refused the writes at commit
        if is_unavailable(exc):  # down, or its disk full: nothing was written, retry later
            log_outage(exc, "commit")
            return UNAVAILABLE_STATUS, dict(GRAPHQL_BODY)
        logger.exception("GraphQL request failed to commit")  # a bug: AniList's bare 500
        await session.rollback()
        return 500, {"data": None, "errors": [internal_error()]}
    return status, body


# The content types an HTML form (or a "simple" cross-site request) can send: a request
# in one of them is refused, so no page elsewhere can make a signed-in browser write (IV-7).
FORM_TYPES = frozenset({"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"})
UNSUPPORTED_TYPE = "Unsupported Media Type: send the request as application/json."


async def graphql_post(request: Request) -> Response:
    """Execute a GraphQL request sent as JSON ``{query, variables, operationName}``."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in FORM_TYPES:
        return _json(*error_body(UNSUPPORTED_TYPE, 415))
    raw = await request.body()
    try:
        payload = orjson.loads(raw) if raw else None
    except orjson.JSONDecodeError:
        return _json(*error_body("POST body sent invalid JSON."))
    return await _serve(request, payload)


async def graphql_get(request: Request) -> Response:
    """GraphiQL for browsers; otherwise execute ``?query=&variables=&operationName=``."""
    params = request.query_params
    if "query" not in params and "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(GRAPHIQL_HTML, headers={"Content-Security-Policy": GRAPHIQL_CSP})
    payload: dict[str, Any] = {
        "query": params.get("query"),
        "operationName": params.get("operationName"),
    }
    if params.get("variables"):
        try:
            payload["variables"] = orjson.loads(params["variables"])
        except orjson.JSONDecodeError:
            return _json(*error_body("Variables are invalid JSON."))
    return await _serve(request, payload, allow_mutations=False)


# Plain Starlette routes: the endpoints take the raw Request, so FastAPI's per-request
# dependency solving and response wrapping would be pure overhead on the hottest path.
for _path in ("/", "/graphql"):
    router.add_route(_path, graphql_post, methods=["POST"], include_in_schema=False)
    router.add_route(_path, graphql_get, methods=["GET"], include_in_schema=False)

__all__ = ["format_error", "router"]
