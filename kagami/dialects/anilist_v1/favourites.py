"""Seed 001 "User" favourites and airing: a user's favourites, the viewer's airing anime."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query, Request

from kagami.catalogue.enums import MediaStatus, MediaType
from kagami.catalogue.models import Media
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.auth import v1_user_id
from kagami.dialects.anilist_v1.errors import V1Route
from kagami.dialects.anilist_v1.lists import entry_model
from kagami.dialects.anilist_v1.models import genres_of, small_series, small_series_by_ids
from kagami.dialects.anilist_v1.people_models import small_character, small_staff, studio_model
from kagami.dialects.anilist_v1.users import resolve_user
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.lists.queries import custom_list_names, list_options
from kagami.social.enums import FavouriteKind
from kagami.social.favourites import favourites_of

router = APIRouter(route_class=V1Route, tags=["User"])

MAX_FAVOURITES = 500  # per kind; AniList users keep far fewer
MAX_AIRING = 500


@router.get("/user/airing")
async def airing(
    request: Request,
    limit: int = Query(MAX_AIRING, ge=1, le=MAX_AIRING),
    user_id: int = Depends(v1_user_id),
) -> list[dict[str, Any]]:
    """The viewer's list entries (small anime model) of anime airing that they are watching."""
    async with request.app.state.db.session() as session:
        user = await resolve_user(session, str(user_id))
        stmt = (
            sa.select(ListEntry)
            .join(Media, Media.id == ListEntry.media_id)
            .where(
                ListEntry.user_id == user_id,
                ListEntry.media_type == MediaType.ANIME,
                ListEntry.status.in_([MediaListStatus.CURRENT, MediaListStatus.REPEATING]),
                Media.status == MediaStatus.RELEASING,
            )
            .order_by(ListEntry.updated_at.desc(), ListEntry.id)
            .limit(limit)
        )
        entries = list((await session.execute(stmt)).scalars())
        series = await small_series_by_ids(session, [e.media_id for e in entries])
        customs = await custom_list_names(session, [e.id for e in entries])
        options = (await list_options(session, [user_id])).get((user_id, MediaType.ANIME.value))
    score_type = mapping.SCORE_TYPE_BY_FORMAT[user.score_format]
    return [
        entry_model(
            e, MediaType.ANIME, score_type, options, customs.get(e.id, []), series[e.media_id]
        )
        for e in entries
    ]


@router.get("/user/{ident}/favourites")
async def favourites(
    request: Request, ident: str, _user: int = Depends(v1_user_id)
) -> dict[str, list[dict[str, Any]]]:
    """A user's favourite anime, manga, characters, staff and studios, in their order."""
    async with request.app.state.db.session() as session:
        user = await resolve_user(session, ident)
        pages = {
            kind: await favourites_of(session, kind, [user.id], 1, MAX_FAVOURITES)
            for kind in FavouriteKind
        }
        rows = {kind: page[user.id].rows if user.id in page else [] for kind, page in pages.items()}
        media_ids = [m.id for k in (FavouriteKind.ANIME, FavouriteKind.MANGA) for _f, m in rows[k]]
        genres = await genres_of(session, media_ids)
    return {
        "anime": [small_series(m, genres[m.id]) for _f, m in rows[FavouriteKind.ANIME]],
        "manga": [small_series(m, genres[m.id]) for _f, m in rows[FavouriteKind.MANGA]],
        "character": [small_character(c) for _f, c in rows[FavouriteKind.CHARACTER]],
        "staff": [small_staff(s) for _f, s in rows[FavouriteKind.STAFF]],
        "studio": [studio_model(s) for _f, s in rows[FavouriteKind.STUDIO]],
    }
