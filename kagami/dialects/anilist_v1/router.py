"""The v1 REST API under ``/api``: one router for every seed 001 section, docs at /api/docs.

Each section module defines ``router = APIRouter(route_class=V1Route)``; only finished,
tested sections are included below.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from kagami import __version__
from kagami.dialects.anilist_v1 import (
    activity,
    browse,
    docs,
    favourites,
    forum,
    lists,
    people,
    reviews,
    series,
    users,
)
from kagami.dialects.anilist_v1.errors import V1Error, V1Route, render

PREFIX = "/api"
# Paths under /api that belong to other dialects (AniList v2's OAuth).
_OTHER_DIALECTS = ("/api/v2/",)

router = APIRouter(prefix=PREFIX, route_class=V1Route, tags=["AniList v1"])
# Section routers. Literal paths (user/activity, user/search/...) before user/{ident}, and
# the user sections before series': {series_type}/{id} would otherwise answer user/5.
router.include_router(activity.router)
router.include_router(favourites.router)
router.include_router(users.router)
router.include_router(lists.router)
router.include_router(series.router)
router.include_router(browse.router)
router.include_router(people.router)
router.include_router(reviews.router)
router.include_router(forum.router)

docs_router = APIRouter(prefix=PREFIX, include_in_schema=False)


def v1_paths(spec: dict[str, Any]) -> dict[str, Any]:
    """The v1 part of the app's OpenAPI document (the OAuth routes included)."""
    return {
        path: item
        for path, item in spec.get("paths", {}).items()
        if path.startswith(PREFIX + "/") and not path.startswith(_OTHER_DIALECTS)
    }


@docs_router.get("/openapi.json")
async def v1_openapi(request: Request) -> dict[str, Any]:
    """OpenAPI for the v1 dialect alone (built once per app)."""
    app: FastAPI = request.app
    cached: dict[str, Any] | None = getattr(app.state, "v1_openapi", None)
    if cached is None:
        full = app.openapi()
        cached = {
            **full,
            "info": {
                "title": "Kagami: AniList v1 API (2017)",
                "version": __version__,
                "description": "The 2017 AniList JSON API (seed 001), served from Kagami's data.",
            },
            "paths": docs.with_bodies(v1_paths(full)),
        }
        app.state.v1_openapi = cached
    return cached


@docs_router.get("/docs")
async def v1_docs() -> HTMLResponse:
    """Swagger UI over the v1 OpenAPI document."""
    return get_swagger_ui_html(openapi_url=f"{PREFIX}/openapi.json", title="AniList v1 API")


# Routing errors (no route for the path, or not for this method) as v1 error words.
_ROUTING_ERRORS = {404: "not_found", 405: "method_not_allowed"}


def is_v1_path(path: str) -> bool:
    """Whether ``path`` belongs to the v1 dialect (under /api, not another dialect's)."""
    return path.startswith(PREFIX + "/") and not path.startswith(_OTHER_DIALECTS)


async def _routing_error(request: Request, exc: Exception) -> Response:
    """v1's error shape for a v1 path no route matched (e.g. ``anime/abc``); others unchanged."""
    assert isinstance(exc, HTTPException)
    if not is_v1_path(request.url.path):
        return await http_exception_handler(request, exc)
    error = _ROUTING_ERRORS.get(exc.status_code, "http_error")
    headers = dict(exc.headers or {})
    return render(V1Error(exc.status_code, error, str(exc.detail), headers))


def install(app: FastAPI) -> None:
    """Mount the v1 resource routes and their docs."""
    app.include_router(docs_router)
    app.include_router(router)
    app.add_exception_handler(HTTPException, _routing_error)
