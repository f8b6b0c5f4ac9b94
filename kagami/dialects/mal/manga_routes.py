"""MAL v2 manga reads: search, details, ranking."""

from __future__ import annotations

from typing import Any, Final

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request

from kagami.catalogue.enums import MediaFormat, MediaSource, MediaType
from kagami.catalogue.models import Media
from kagami.dialects.mal import docs
from kagami.dialects.mal.anime_routes import (
    BY_FAVOURITES,
    BY_POPULARITY,
    BY_SCORE,
    SCORED,
    media_detail,
    ranking_list,
    ranking_select,
)
from kagami.dialects.mal.auth import MalCaller, mal_caller
from kagami.dialects.mal.mapping import MANGA_COUNTRIES
from kagami.dialects.mal.media_query import search_list

router = APIRouter(tags=["MyAnimeList manga"])
MANGA: Final = MediaType.MANGA

_COMIC: Final = Media.format == MediaFormat.MANGA
_NOT_DOUJIN: Final = sa.func.coalesce(Media.source, "") != MediaSource.DOUJINSHI.value
_NOVEL: Final = Media.format == MediaFormat.NOVEL


def _country(name: str) -> Any:
    return Media.country_of_origin.in_(MANGA_COUNTRIES[name])


# ranking_type -> (conditions, order); "lightnovels" is sent by some clients for novels.
MANGA_RANKINGS: Final[dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]]] = {
    "all": ((SCORED,), BY_SCORE),
    "manga": (
        (SCORED, _COMIC, _NOT_DOUJIN, sa.or_(Media.country_of_origin.is_(None), _country("manga"))),
        BY_SCORE,
    ),
    "novels": ((SCORED, _NOVEL), BY_SCORE),
    "lightnovels": ((SCORED, _NOVEL), BY_SCORE),
    "oneshots": ((SCORED, Media.format == MediaFormat.ONE_SHOT), BY_SCORE),
    "doujin": ((SCORED, Media.source == MediaSource.DOUJINSHI), BY_SCORE),
    "manhwa": ((SCORED, _COMIC, _NOT_DOUJIN, _country("manhwa")), BY_SCORE),
    "manhua": ((SCORED, _COMIC, _NOT_DOUJIN, _country("manhua")), BY_SCORE),
    "bypopularity": ((), BY_POPULARITY),
    "favorite": ((), BY_FAVOURITES),
}


@router.get("/manga", openapi_extra=docs.SEARCH)
async def manga_search(request: Request, caller: MalCaller = Depends(mal_caller)) -> Any:
    """Search manga by title (``q`` required, 3+ characters); limit ≤ 100."""
    return await search_list(request, caller, MANGA)


@router.get(
    "/manga/ranking",
    openapi_extra=docs.RANKING,
)
async def manga_ranking(request: Request, caller: MalCaller = Depends(mal_caller)) -> Any:
    """Top manga by ``ranking_type`` (all, manga, novels, oneshots, doujin, manhwa, ...)."""
    return await ranking_list(request, caller, ranking_select(request, MANGA, MANGA_RANKINGS))


@router.get("/manga/{manga_id}", openapi_extra=docs.DETAIL)
async def manga_detail(request: Request, manga_id: str) -> Any:
    """One manga: id, title, main_picture, plus every requested field we hold data for."""
    return await media_detail(request, MANGA, manga_id)
