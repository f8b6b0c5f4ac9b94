"""MAL's mobile-app API v0.21 (seed 002), a sub-app mounted at ``/v0.21``.

Seed 002 shows title search (``/anime?q=``), the airing-status listing
(``/anime/search?status=``), ``fields=`` with ``my_list_status{...}``, absolute
``paging.next`` URLs and the error object ``{"message": "invalid q", "error": "bad_request"}``.
Its password grant (``/v0.21/auth/token``) is a route of the main app (oauth_routes.py),
which a mount at the same prefix does not shadow.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import sqlalchemy as sa
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kagami import __version__
from kagami.catalogue.enums import MediaStatus, MediaType
from kagami.catalogue.models import Media
from kagami.catalogue.queries import MediaQuery, media_select
from kagami.dialects.mal import docs, legacy_writes, mapping, openapi
from kagami.dialects.mal.auth import MalCaller, mal_caller
from kagami.dialects.mal.errors import MalError
from kagami.dialects.mal.fields import parse_fields
from kagami.dialects.mal.legacy_nodes import node
from kagami.dialects.mal.paging import Page, envelope, page_of
from kagami.dialects.mal.v2_app import InlineReads
from kagami.http import JSONResponse
from kagami.lists.queries import entries_for_media
from kagami.unavailable import install as install_unavailable

router = APIRouter(tags=["MyAnimeList v0.21"])

Q_LENGTH: Final = (3, 64)  # MAL answers 400 "invalid q" outside these bounds
# /anime/search?status=: MAL's airing status -> the canonical statuses shown under it.
AIRING: Final[dict[str, list[MediaStatus]]] = {}
for _status, _name in mapping.ANIME_STATUS.items():
    AIRING.setdefault(_name, []).append(_status)
_TRUE: Final = frozenset({"true", "1"})


def _bad(message: str) -> MalError:
    return MalError(400, "bad_request", message)


def _nsfw_allowed(request: Request) -> bool:
    """``nsfw=true`` (any case; clients send Python's ``True``) shows gray/black works."""
    return request.query_params.get("nsfw", "").strip().lower() in _TRUE


async def _anime_page(request: Request, caller: MalCaller, query: MediaQuery) -> dict[str, Any]:
    """One page of anime matching ``query`` as ``{"data": [{"node"}], "paging"}``."""
    wanted = parse_fields(request.query_params.get("fields"))
    page: Page = page_of(request)
    query.type = MediaType.ANIME.value
    async with request.app.state.db.session() as session:
        stmt = media_select(query, session.get_bind().dialect.name)
        if not _nsfw_allowed(request):
            stmt = stmt.where(
                Media.is_adult.is_(False),
                sa.func.coalesce(Media.age_rating, "").not_in(("rx", "r+")),
            )
        rows = list(
            (await session.execute(stmt.offset(page.offset).limit(page.limit + 1))).scalars()
        )
        media = rows[: page.limit]
        as_user = caller.principal is not None and caller.principal.user_id is not None
        entries = {}
        if as_user and "my_list_status" in wanted and caller.principal is not None:
            user_id = caller.principal.user_id or 0
            entries = await entries_for_media(session, user_id, [m.id for m in media])
        items = [{"node": node(m, wanted, entries.get(m.id), as_user)} for m in media]
    return envelope(request, page, items, has_more=len(rows) > page.limit)


@router.get("/anime/search", openapi_extra=docs.AIRING_SEARCH)
async def anime_by_airing_status(
    request: Request, caller: MalCaller = Depends(mal_caller)
) -> dict[str, Any]:
    """Anime by airing status (``not_yet_aired``, ``currently_airing``, ``finished_airing``),
    most popular first; ``q`` is ignored, as the app's API did."""
    status = request.query_params.get("status", "").strip()
    if status not in AIRING:
        raise _bad("invalid status")
    query = MediaQuery(statuses=[s.value for s in AIRING[status]], sort=[("popularity", True)])
    return await _anime_page(request, caller, query)


@router.get("/anime", openapi_extra=docs.SEARCH)
async def anime_search(request: Request, caller: MalCaller = Depends(mal_caller)) -> dict[str, Any]:
    """Title search: ``q`` of 3 to 64 characters, best matches first."""
    q = request.query_params.get("q", "").strip()
    if not Q_LENGTH[0] <= len(q) <= Q_LENGTH[1]:
        raise _bad("invalid q")
    return await _anime_page(request, caller, MediaQuery(search=q))


def _as_mal_error(exc: Exception) -> MalError:
    """Any error the sub-app renders, as a MalError (framework errors get MAL's codes)."""
    if isinstance(exc, MalError):
        return exc
    if isinstance(exc, StarletteHTTPException):
        code = {401: "invalid_token", 403: "forbidden", 404: "not_found"}.get(exc.status_code)
        return MalError(exc.status_code, code or "bad_request", "", dict(exc.headers or {}))
    return _bad("invalid parameters")  # RequestValidationError: a malformed path parameter


async def _render(_request: Request, exc: Exception) -> JSONResponse:
    """Seed 002's error object; its 400s are ``bad_request`` (v2 says invalid_parameters)."""
    error = _as_mal_error(exc)
    return JSONResponse(
        {"message": error.message, "error": "bad_request" if error.status == 400 else error.error},
        status_code=error.status,
        headers=error.headers,
    )


def build_legacy_app(parent: FastAPI, routers: Iterable[APIRouter]) -> FastAPI:
    """The v0.21 sub-app: its own routes (reads, list writes) first, then ``routers`` (v2's),
    sharing the parent's state; every error in seed 002's shape, even routing ones."""
    app = FastAPI(
        title="Kagami — MyAnimeList API v0.21 (mobile app)",
        version=__version__,
        default_response_class=JSONResponse,
        docs_url="/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state = parent.state
    install_unavailable(app, "mal")
    for kind in (MalError, StarletteHTTPException, RequestValidationError):
        app.add_exception_handler(kind, _render)
    for included in (router, legacy_writes.router, *routers):
        app.include_router(included)
    app.add_middleware(InlineReads)
    openapi.install(app)
    return app
