"""The MAL v2 API as a sub-application mounted at ``/v2``, with its own docs at ``/v2/docs``.

A sub-app (rather than routes on the main app) gives MAL its own OpenAPI document and its
own error rendering: every error under ``/v2`` — unknown route, wrong method, bad query —
answers ``{"error", "message"}`` as MAL does, never FastAPI's default shapes.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from kagami import __version__
from kagami.db.engine import inline_reads
from kagami.dialects.mal import (
    anime_routes,
    characters,
    errors,
    forum,
    list_write,
    manga_routes,
    openapi,
    suggestions,
    user_lists,
    users,
)
from kagami.dialects.mal.auth import KNOWN_CLIENTS_STATE, known_clients_cache
from kagami.dialects.mal.detail_cache import DETAIL_CACHE_STATE, DetailCache
from kagami.errors import DomainError
from kagami.http import JSONResponse
from kagami.unavailable import install as install_unavailable

# Order matters: fixed paths (``/anime/ranking``) before ``/anime/{anime_id}``.
ROUTERS = (
    users.router,
    user_lists.router,
    list_write.router,
    suggestions.router,
    characters.router,
    anime_routes.router,
    manga_routes.router,
    forum.router,
)
# A service error that reaches the route unhandled, as MAL would answer it.
_DOMAIN = {
    "not_found": (404, "not_found"),
    "forbidden": (403, "forbidden"),
    "unauthorized": (401, "invalid_token"),
    "invalid_token": (401, "invalid_token"),
    "rate_limited": (403, "forbidden"),  # MAL signals throttling with 403
}
_CODES = {400: "invalid_parameters", 401: "invalid_token", 403: "forbidden", 404: "not_found"}


class InlineReads:
    """Run the app's SQLite SELECTs on the event loop (``inline_reads``), as GraphQL does.

    A detail read is ~9 small indexed SELECTs; through aiosqlite's thread each costs
    several thread round trips, more than the read itself. Writes still use the thread.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with inline_reads():
            await self.app(scope, receive, send)


def _install_fallbacks(app: FastAPI) -> None:
    """Render framework errors (404/405 routing, validation) in MAL's error shape."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _CODES.get(exc.status_code, "bad_request" if exc.status_code < 500 else "error")
        return JSONResponse(
            {"error": code, "message": ""}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(DomainError)
    async def _domain(_request: Request, exc: DomainError) -> JSONResponse:
        status, code = _DOMAIN.get(exc.kind, (400, "invalid_parameters"))
        return JSONResponse({"error": code, "message": exc.message}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, _exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": "invalid_parameters", "message": ""}, status_code=400)


def build_v2_app(parent: FastAPI) -> FastAPI:
    """A MAL sub-app sharing the parent's state (database, settings, token keys)."""
    app = FastAPI(
        title="Kagami — MyAnimeList API v2",
        version=__version__,
        default_response_class=JSONResponse,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state = parent.state
    setattr(app.state, KNOWN_CLIENTS_STATE, known_clients_cache())
    settings = parent.state.settings
    detail_cache = DetailCache(
        parent.state.db.engine.sync_engine,
        settings.mal_detail_cache_bytes,
        settings.mal_detail_cache_seconds,
    )
    setattr(app.state, DETAIL_CACHE_STATE, detail_cache)
    errors.install(app)
    _install_fallbacks(app)
    install_unavailable(app, "mal")
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(InlineReads)
    openapi.install(app)
    return app
