"""MAL v2 anime reads: search, details, ranking, seasonal."""

from __future__ import annotations

from typing import Any, Final

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from kagami.catalogue.enums import MediaFormat, MediaStatus, MediaType
from kagami.catalogue.models import Media
from kagami.dialects.mal import docs, loaders, mapping
from kagami.dialects.mal.auth import MalCaller, caller_in, mal_caller
from kagami.dialects.mal.detail_cache import (
    DETAIL_CACHE_STATE,
    MY_LIST_STATUS,
    DetailCache,
    split_detail,
)
from kagami.dialects.mal.errors import MalError
from kagami.dialects.mal.list_status import render_list_status
from kagami.dialects.mal.media_query import (
    fields_of,
    media_by_mal_id,
    media_list,
    nsfw_allowed,
    parse_mal_id,
    safe_condition,
    search_list,
    user_of,
)
from kagami.dialects.mal.media_view import columns_for, detail_names, render_media
from kagami.dialects.mal.paging import page_of
from kagami.digits import ascii_digits

router = APIRouter(tags=["MyAnimeList anime"])
ANIME: Final = MediaType.ANIME

BY_SCORE: Final = (Media.average_score.desc(), Media.popularity.desc(), Media.id)
BY_POPULARITY: Final = (Media.popularity.desc(), Media.id)
BY_FAVOURITES: Final = (Media.favourites.desc(), Media.popularity.desc(), Media.id)
SCORED: Final = Media.average_score.is_not(None)

# ranking_type -> (conditions, order): what each of MAL's anime rankings lists.
ANIME_RANKINGS: Final[dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]]] = {
    "all": ((SCORED,), BY_SCORE),
    "airing": ((SCORED, Media.status == MediaStatus.RELEASING), BY_SCORE),
    "upcoming": ((Media.status == MediaStatus.NOT_YET_RELEASED,), BY_POPULARITY),
    "tv": ((SCORED, Media.format.in_((MediaFormat.TV, MediaFormat.TV_SHORT))), BY_SCORE),
    "ova": ((SCORED, Media.format == MediaFormat.OVA), BY_SCORE),
    "movie": ((SCORED, Media.format == MediaFormat.MOVIE), BY_SCORE),
    "special": ((SCORED, Media.format == MediaFormat.SPECIAL), BY_SCORE),
    "bypopularity": ((), BY_POPULARITY),
    "favorite": ((), BY_FAVOURITES),
}
SEASONAL_SORTS: Final = {"anime_score": BY_SCORE, "anime_num_list_users": BY_POPULARITY}


def ranking_select(
    request: Request, media_type: MediaType, rankings: dict[str, Any]
) -> sa.Select[Any]:
    """The SELECT behind ``ranking_type`` (required; 400 when missing or unknown)."""
    kind = request.query_params.get("ranking_type", "")
    if kind not in rankings:
        raise MalError(400, "invalid_parameters", "invalid ranking_type")
    conditions, order = rankings[kind]
    stmt = sa.select(Media).where(Media.type == media_type, *conditions)
    if not nsfw_allowed(request):
        stmt = stmt.where(safe_condition())
    return stmt.order_by(*order)


async def ranking_list(request: Request, caller: MalCaller, stmt: sa.Select[Any]) -> Any:
    """A ranking page: each item gets ``ranking.rank`` from its position."""
    page = page_of(request, cap=500)
    body = await media_list(request, caller, stmt, page)
    for position, item in enumerate(body["data"], start=page.offset + 1):
        item["ranking"] = {"rank": position}
    return body


@router.get("/anime", openapi_extra=docs.SEARCH)
async def anime_search(request: Request, caller: MalCaller = Depends(mal_caller)) -> Any:
    """Search anime by title (``q`` required, 3+ characters); limit ≤ 100."""
    return await search_list(request, caller, ANIME)


@router.get(
    "/anime/ranking",
    openapi_extra=docs.RANKING,
)
async def anime_ranking(request: Request, caller: MalCaller = Depends(mal_caller)) -> Any:
    """Top anime by ``ranking_type`` (all, airing, upcoming, tv, ova, movie, special, ...)."""
    return await ranking_list(request, caller, ranking_select(request, ANIME, ANIME_RANKINGS))


def _season(year: str, season: str) -> tuple[int, str]:
    if not ascii_digits(year) or not 1900 <= int(year) <= 2999 or season not in mapping.SEASONS:
        raise MalError(400, "invalid_parameters", "invalid season")
    return int(year), season


@router.get(
    "/anime/season/{year}/{season}",
    openapi_extra=docs.SEASON,
)
async def anime_season(
    request: Request, year: str, season: str, caller: MalCaller = Depends(mal_caller)
) -> Any:
    """Anime airing in a season: those starting in it and carry-overs still airing."""
    number, name = _season(year, season)
    first, last = mapping.SEASON_MONTHS[name]
    start, end = number * 10000 + first * 100, number * 10000 + last * 100 + 99
    sort = request.query_params.get("sort") or "anime_num_list_users"
    if sort not in SEASONAL_SORTS:
        raise MalError(400, "invalid_parameters", "invalid sort")
    began_in_season = sa.and_(Media.season_year == number, Media.season == mapping.SEASONS[name])
    carried_over = sa.and_(
        Media.start_date_int < start,
        sa.or_(
            Media.end_date_int >= start,
            sa.and_(Media.end_date_int.is_(None), Media.status == MediaStatus.RELEASING),
        ),
        Media.format.in_((MediaFormat.TV, MediaFormat.TV_SHORT, MediaFormat.ONA)),
    )
    stmt = sa.select(Media).where(
        Media.type == ANIME,
        sa.or_(began_in_season, carried_over),
        sa.or_(Media.start_date_int.is_(None), Media.start_date_int <= end),
    )
    if not nsfw_allowed(request):
        stmt = stmt.where(safe_condition())
    stmt = stmt.order_by(*SEASONAL_SORTS[sort])
    extra = {"season": {"year": number, "season": name}}
    return await media_list(request, caller, stmt, page_of(request, cap=500), extra)


async def media_detail(request: Request, media_type: MediaType, raw_id: str) -> Response:
    """One anime or manga by MAL id with the requested fields (detail-only ones included).

    The public part comes from the detail cache when it holds it; ``my_list_status`` is
    the caller's own and read on every request. One session (no commit: it only reads)
    serves the caller's token check and the reads.
    """
    async with request.app.state.db.sessionmaker() as session:
        caller = await caller_in(request, session)  # auth errors first, as with mal_caller
        fields = fields_of(request)
        names = detail_names(fields)
        key = (media_type, parse_mal_id(raw_id), names)
        cache: DetailCache = getattr(request.app.state, DETAIL_CACHE_STATE)
        detail = cache.get(key)
        if detail is None:
            version = cache.version
            columns = columns_for(fields, detail=True)
            media = await media_by_mal_id(session, media_type, raw_id, columns)
            (node,) = await render_media(session, [media], fields, detail=True)
            detail = split_detail(node, names, media.id, media.type, version)
            cache.put(key, detail)
        status = None
        user_id = user_of(caller)
        if user_id is not None and MY_LIST_STATUS in names:
            found = await loaders.entries(session, user_id, [detail.media_id])
            entry = found.get(detail.media_id)
            if entry is not None:
                status = render_list_status(entry, detail.media_type, fields.sub(MY_LIST_STATUS))
    return Response(detail.body(status), media_type="application/json")


@router.get("/anime/{anime_id}", openapi_extra=docs.DETAIL)
async def anime_detail(request: Request, anime_id: str) -> Any:
    """One anime: id, title, main_picture, plus every requested field we hold data for."""
    return await media_detail(request, ANIME, anime_id)
