"""The MAL v2 API as a sub-application mounted at ``/v2``, with its own docs at ``/v2/docs``.

A sub-app (rather than routes on the main app) gives MAL its own OpenAPI document and its
own error rendering: every error under ``/v2`` — unknown route, wrong method, bad query —
answers ``{"error", "message"}`` as MAL does, never FastAPI's default shapes.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kagami import __version__
from kagami.dialects.mal import errors
from kagami.http import JSONResponse

_CODES = {400: "invalid_parameters", 401: "invalid_token", 403: "forbidden", 404: "not_found"}


def _install_fallbacks(app: FastAPI) -> None:
    """Render framework errors (404/405 routing, validation) in MAL's error shape."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _CODES.get(exc.status_code, "bad_request" if exc.status_code < 500 else "error")
        return JSONResponse(
            {"error": code, "message": ""}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, _exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": "invalid_parameters", "message": ""}, status_code=400)


def build_v2_app(parent: FastAPI, routers: Iterable[APIRouter]) -> FastAPI:
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
    errors.install(app)
    _install_fallbacks(app)
    for router in routers:
        app.include_router(router)
    return app
