"""Seed 001 "Browse": filtered, sorted pages of small series models, and the genre list."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from kagami.catalogue import connections
from kagami.catalogue.enums import MediaStatus, MediaType
from kagami.catalogue.queries import MediaQuery, find_media, genre_collection
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.auth import v1_principal
from kagami.dialects.anilist_v1.errors import V1Route, invalid
from kagami.dialects.anilist_v1.models import genres_of, small_series
from kagami.dialects.anilist_v1.payload import Payload
from kagami.dialects.anilist_v1.series import SeriesType, series_kind
from kagami.dialects.anilist_v1.series_models import next_airing

PER_PAGE = 40  # "Returns up to 40 small series models if paginating."
# full_page answers "all" results of one season or of what airs now; this bounds "all".
FULL_PAGE_MAX = 1000
MAX_GENRES = 30

router = APIRouter(route_class=V1Route, dependencies=[Depends(v1_principal)])


def _word(table: dict[str, Any], name: str, value: str | None) -> Any:
    """A table's value for ``value`` (any case), None when absent, 422 when unknown."""
    if value is None or not value.strip():
        return None
    found = mapping.lookup_word(table, value)
    if found is None:
        raise invalid({name: [f"The selected {name} is invalid."]})
    return found


def _sort(value: str | None) -> list[tuple[str, bool]]:
    """``score`` / ``score-desc`` ... as (canonical key, descending); id ascending by default."""
    if value is None or not value.strip():
        return [("id", False)]
    word = value.strip().lower()
    desc = word.endswith(mapping.DESCENDING_SUFFIX)
    key = word.removesuffix(mapping.DESCENDING_SUFFIX)
    if key not in mapping.BROWSE_SORTS:
        raise invalid({"sort": [f"The sort must be one of: {', '.join(mapping.BROWSE_SORTS)}."]})
    return [(key, desc)]


def browse_query(kind: MediaType, p: Payload) -> tuple[MediaQuery, bool]:
    """The MediaQuery for browse's URL parameters, and whether a full page was asked for."""
    q = MediaQuery(type=kind, sort=_sort(p.text("sort", max_length=32)))
    year = p.integer("year", minimum=1000, maximum=9999)
    season = _word(mapping.SEASON_WORDS, "season", p.text("season", max_length=16))
    if season is not None:
        q.season, q.season_year = season, year
    elif year is not None:
        q.date_like = {"start_date": f"{year}%"}
    status: MediaStatus | None = _word(
        mapping.BROWSE_STATUSES, "status", p.text("status", max_length=32)
    )
    if status is not None:
        q.statuses = [status]
    type_word = p.text("type", max_length=32)
    if type_word is not None and type_word.strip():
        found = mapping.browse_type(type_word)
        if found is None:
            raise invalid({"type": ["The selected type is invalid."]})
        q.formats = [found[0]]
        if found[1] is not None:
            q.countries = [found[1]]
    q.genres_all = [g for g in p.csv("genres", max_items=MAX_GENRES) or [] if g]
    q.genres_not = [g for g in p.csv("genres_exclude", max_items=MAX_GENRES) or [] if g]
    full = p.flag("full_page") is True and (status is MediaStatus.RELEASING or season is not None)
    return q, full


@router.get("/browse/{series_type:series}")
async def browse(
    request: Request,
    series_type: SeriesType,
    year: str | None = Query(None, description='4 digit year e.g. "2014"'),
    season: str | None = Query(None, description='"winter" || "spring" || "summer" || "fall"'),
    type: str | None = Query(None, description="A media type string or its id"),
    status: str | None = Query(None, description='A status string e.g. "currently airing"'),
    genres: str | None = Query(None, description="Comma separated genres: series with ALL"),
    genres_exclude: str | None = Query(None, description="Comma separated: exclude ANY"),
    sort: str | None = Query(
        None, description='id, score, popularity, start_date, end_date; "-desc"'
    ),
    airing_data: str | None = Query(None, description='"true": anime airing data'),
    full_page: str | None = Query(None, description='"true": all results (season or airing)'),
    page: str | None = Query(None, description="Page number"),
) -> list[dict[str, Any]]:
    """Up to 40 small series models matching the filters (every one with ``full_page``)."""
    p = Payload(dict(request.query_params))
    kind = series_kind(series_type)
    q, full = browse_query(kind, p)
    number = 1 if full else p.integer("page", minimum=1, maximum=100_000) or 1
    with_airing = kind is MediaType.ANIME and p.flag("airing_data") is True
    async with request.app.state.db.session() as session:
        found = await find_media(session, q, number, FULL_PAGE_MAX if full else PER_PAGE)
        ids = [m.id for m in found.items]
        genre_map = await genres_of(session, ids)
        now = int(time.time())
        upcoming = {}
        if with_airing and ids:
            upcoming = await connections.airing(session, ids, after=now, page=1, per_page=1)
    out = []
    for media in found.items:
        model = small_series(media, genre_map[media.id])
        if with_airing:
            rows = upcoming[media.id].rows if media.id in upcoming else []
            model["airing"] = next_airing(rows[0] if rows else None, now)
        out.append(model)
    return out


@router.get("/genre_list")
async def genre_list(request: Request) -> list[dict[str, Any]]:
    """Every genre in the catalogue, for browse's ``genres`` and ``genres_exclude``."""
    async with request.app.state.db.session() as session:
        names = await genre_collection(session)
    return [{"genre": name, "id": i} for i, name in enumerate(names, start=1)]
