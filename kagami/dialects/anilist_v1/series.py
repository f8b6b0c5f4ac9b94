"""Seed 001 "Series": a series, its page, characters, airing times, favourite and search."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.convertors import Convertor, register_url_convertor

from kagami.catalogue import connections
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.catalogue.search import search_media_ids
from kagami.community.reviews import ReviewQuery, find_reviews
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.auth import v1_principal, v1_user_id, v1_viewer_id
from kagami.dialects.anilist_v1.errors import V1Error, V1Route
from kagami.dialects.anilist_v1.models import small_series_by_ids
from kagami.dialects.anilist_v1.payload import MAX_INT, read_payload
from kagami.dialects.anilist_v1.review_models import review_models
from kagami.dialects.anilist_v1.series_models import (
    airing_times,
    characters_with_actors,
    full_series_of,
    page_extras,
    staff_of,
)
from kagami.social.enums import FavouriteKind
from kagami.social.favourite_service import toggle_favourite
from kagami.social.favourites import favourite_ids

SEARCH_LIMIT = 40  # a search answers at most a browse page's worth of series
PAGE_CHARACTERS = PAGE_STAFF = 9
PAGE_REVIEWS = 2


# The {series_type} segment as documented (the path convertor admits only these two).
SeriesType = Literal["anime", "manga"]


class SeriesTypeConvertor(Convertor[str]):
    """``{series_type:series}``: only "anime" or "manga", so other sections' paths stay free."""

    regex = "anime|manga"

    def convert(self, value: str) -> str:
        """The segment as is."""
        return value

    def to_string(self, value: str) -> str:
        """The segment as is."""
        return value


register_url_convertor("series", SeriesTypeConvertor())

router = APIRouter(route_class=V1Route, dependencies=[Depends(v1_principal)])


def series_kind(series_type: str) -> MediaType:
    """The media type of a ``{series_type}`` segment (the path only admits the two words)."""
    kind = mapping.series_type(series_type)
    assert kind is not None
    return kind


async def series_or_404(session: AsyncSession, series_type: str, series_id: int) -> Media:
    """The anime or manga with this id, or v1's 404."""
    media = None
    if 0 < series_id <= MAX_INT:
        media = await session.scalar(
            sa.select(Media).where(Media.id == series_id, Media.type == series_kind(series_type))
        )
    if media is None:
        raise V1Error(404, "not_found", f"No {series_type} with id {series_id}.")
    return media


@router.get("/{series_type:series}/{series_id:int}")
async def series(
    request: Request,
    series_type: SeriesType,
    series_id: int,
    viewer: int | None = Depends(v1_viewer_id),
) -> dict[str, Any]:
    """A series model."""
    async with request.app.state.db.session() as session:
        media = await series_or_404(session, series_type, series_id)
        return await full_series_of(session, media, viewer)


async def _series_with_people(
    session: AsyncSession,
    series_type: SeriesType,
    series_id: int,
    viewer: int | None,
    characters: int | None,
    staff: int | None,
) -> tuple[Media, dict[str, Any]]:
    """The full series model plus its characters (with actors) and staff, each up to a limit."""
    media = await series_or_404(session, series_type, series_id)
    body = await full_series_of(session, media, viewer)
    body["characters"] = await characters_with_actors(session, media, characters)
    body["staff"] = await staff_of(session, media, staff)
    return media, body


@router.get("/{series_type:series}/{series_id:int}/page")
async def series_page(
    request: Request,
    series_type: SeriesType,
    series_id: int,
    viewer: int | None = Depends(v1_viewer_id),
) -> dict[str, Any]:
    """A series model with up to 9 characters (Japanese actors), 9 staff, 2 reviews, relations."""
    async with request.app.state.db.session() as session:
        media, body = await _series_with_people(
            session, series_type, series_id, viewer, PAGE_CHARACTERS, PAGE_STAFF
        )
        q = ReviewQuery(media_id=media.id, viewer_id=viewer, sort=[("rating", True)])
        reviews = await find_reviews(session, q, 1, PAGE_REVIEWS)
        body["reviews"] = await review_models(session, reviews.items, viewer)
        body.update(await page_extras(session, media))
        return body


async def _characters(
    request: Request,
    series_type: SeriesType,
    series_id: int,
    viewer: int | None = Depends(v1_viewer_id),
) -> dict[str, Any]:
    async with request.app.state.db.session() as session:
        _media, body = await _series_with_people(
            session, series_type, series_id, viewer, None, None
        )
        return body


for _alias in ("characters", "staff", "actors"):
    router.add_api_route(
        f"/{{series_type:series}}/{{series_id:int}}/{_alias}",
        _characters,
        methods=["GET"],
        summary=f"Series {_alias}",
        description="A series model with every character (and their actors) and staff member.",
        include_in_schema=_alias == "characters",
    )


@router.get("/anime/{series_id:int}/airing")
async def anime_airing(request: Request, series_id: int) -> dict[str, int]:
    """Episode number -> airing time (epoch seconds) of an anime's schedule."""
    async with request.app.state.db.session() as session:
        media = await series_or_404(session, "anime", series_id)
        slices = await connections.airing(session, [media.id], after=None, page=1, per_page=None)
        return airing_times(slices[media.id].rows if media.id in slices else [])


@router.post("/{series_type:series}/favourite")
async def favourite_series(
    request: Request, series_type: SeriesType, user_id: int = Depends(v1_user_id)
) -> bool:
    """Toggle the series in the user's favourites; answers whether it now is one."""
    payload = await read_payload(request)
    series_id = payload.integer("id", required=True, minimum=1)
    assert series_id is not None
    kind = FavouriteKind(series_kind(series_type).value)
    async with request.app.state.db.session() as session:
        await toggle_favourite(session, user_id, targets={kind: series_id})
        return bool(await favourite_ids(session, user_id, kind, [series_id]))


@router.get("/{series_type:series}/search/{query}")
async def search_series(
    request: Request, series_type: SeriesType, query: str
) -> list[dict[str, Any]]:
    """Small series models whose titles match ``query``, best match first (at most 40)."""
    async with request.app.state.db.session() as session:
        ids = await search_media_ids(
            session, query, media_type=series_kind(series_type), limit=SEARCH_LIMIT
        )
        found = await small_series_by_ids(session, ids)
        return [found[i] for i in ids if i in found]
