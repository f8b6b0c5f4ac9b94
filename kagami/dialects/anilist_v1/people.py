"""Seed 001 "Characters", "Staff" and "Studio": model, page, favourite and search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue import connections, voice_roles
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Character, Staff, Studio
from kagami.catalogue.search import SearchKind, search_ids
from kagami.dialects.anilist_v1.auth import v1_principal, v1_user_id
from kagami.dialects.anilist_v1.errors import V1Error, V1Route
from kagami.dialects.anilist_v1.models import genres_of, small_series
from kagami.dialects.anilist_v1.payload import MAX_INT, read_payload
from kagami.dialects.anilist_v1.people_models import (
    character_model,
    small_character,
    small_staff,
    staff_model,
    studio_model,
)
from kagami.social.enums import FavouriteKind
from kagami.social.favourite_service import toggle_favourite
from kagami.social.favourites import favourite_ids

SEARCH_LIMIT = 40
PAGE_MEDIA = 200  # media listed on one character/staff/studio page (bounds the answer)

router = APIRouter(route_class=V1Route, dependencies=[Depends(v1_principal)])
PersonModel = type[Character] | type[Staff] | type[Studio]


async def _get(session: AsyncSession, model: PersonModel, ident: int, word: str) -> Any:
    found = await session.get(model, ident) if 0 < ident <= MAX_INT else None
    if found is None:
        raise V1Error(404, "not_found", f"No {word} with id {ident}.")
    return found


async def _small_media(session: AsyncSession, rows: list[tuple[Any, Any]]) -> list[Any]:
    """(small series model, extra) for (media, extra) rows, with their genres."""
    genres = await genres_of(session, [m.id for m, _x in rows])
    return [(small_series(m, genres[m.id]), x) for m, x in rows]


async def _search(
    request: Request, kind: SearchKind, model: PersonModel, query: str, shape: Callable[[Any], Any]
) -> list[Any]:
    async with request.app.state.db.session() as session:
        ids = await search_ids(session, kind, query, limit=SEARCH_LIMIT)
        rows = (await session.execute(sa.select(model).where(model.id.in_(ids)))).scalars()
        by_id = {row.id: row for row in rows}
    return [shape(by_id[i]) for i in ids if i in by_id]


async def _toggle(request: Request, user_id: int, kind: FavouriteKind) -> bool:
    payload = await read_payload(request)
    ident = payload.integer("id", required=True, minimum=1)
    assert ident is not None
    async with request.app.state.db.session() as session:
        await toggle_favourite(session, user_id, targets={kind: ident})
        return bool(await favourite_ids(session, user_id, kind, [ident]))


@router.get("/character/{character_id:int}")
async def character(request: Request, character_id: int) -> dict[str, Any]:
    """A character model."""
    async with request.app.state.db.session() as session:
        return character_model(await _get(session, Character, character_id, "character"))


@router.get("/character/{character_id:int}/page")
async def character_page(request: Request, character_id: int) -> dict[str, Any]:
    """A character model with its anime (each with Japanese actors) and its manga."""
    async with request.app.state.db.session() as session:
        found = await _get(session, Character, character_id, "character")
        body = character_model(found)
        for kind, key in ((MediaType.ANIME, "anime"), (MediaType.MANGA, "manga")):
            slices = await connections.media_of_characters(
                session,
                [found.id],
                media_type=kind,
                sort=[],
                sort_columns={},
                page=1,
                per_page=PAGE_MEDIA,
            )
            edges = slices[found.id].rows if found.id in slices else []
            actors = {}
            if kind is MediaType.ANIME:
                actors = await connections.voice_actors(
                    session, [e.id for e, _m in edges], language="Japanese", sort=[]
                )
            models = []
            for model, edge in await _small_media(session, [(m, e) for e, m in edges]):
                if kind is MediaType.ANIME:
                    model["actor"] = [small_staff(s) for _c, s in actors.get(edge.id, [])]
                models.append(model)
            body[key] = models
        return body


@router.post("/character/favourite")
async def favourite_character(request: Request, user_id: int = Depends(v1_user_id)) -> bool:
    """Toggle the character in the user's favourites; answers whether it now is one."""
    return await _toggle(request, user_id, FavouriteKind.CHARACTER)


@router.get("/character/search/{query}")
async def search_characters(request: Request, query: str) -> list[dict[str, Any]]:
    """Small character models whose names match ``query`` (at most 40)."""
    return await _search(request, "character", Character, query, small_character)


async def _staff(request: Request, staff_id: int) -> dict[str, Any]:
    async with request.app.state.db.session() as session:
        return staff_model(await _get(session, Staff, staff_id, "staff"))


async def _staff_page(request: Request, staff_id: int) -> dict[str, Any]:
    async with request.app.state.db.session() as session:
        found = await _get(session, Staff, staff_id, "staff")
        body = staff_model(found)
        voiced = await voice_roles.media_of_voice_actors(
            session, [found.id], sort=[], sort_columns={}, page=1, per_page=PAGE_MEDIA
        )
        anime_rows = voiced[found.id].rows if found.id in voiced else []
        characters = await voice_roles.voiced_characters(
            session, [(found.id, m.id) for m, _role in anime_rows]
        )
        anime = []
        for model, media_id in await _small_media(session, [(m, m.id) for m, _r in anime_rows]):
            model["character"] = [small_character(c) for c in characters[(found.id, media_id)]]
            anime.append(model)
        credits = await connections.media_of_staff(
            session,
            [found.id],
            media_type=MediaType.MANGA,
            sort=[],
            sort_columns={},
            page=1,
            per_page=PAGE_MEDIA,
        )
        manga_rows = credits[found.id].rows if found.id in credits else []
        manga = []
        for model, role in await _small_media(session, [(m, e.role) for e, m in manga_rows]):
            model["role"] = role or None
            manga.append(model)
        body.update(anime=anime, manga=manga)
        return body


async def _favourite_staff(request: Request, user_id: int = Depends(v1_user_id)) -> bool:
    return await _toggle(request, user_id, FavouriteKind.STAFF)


async def _search_staff(request: Request, query: str) -> list[dict[str, Any]]:
    return await _search(request, "staff", Staff, query, small_staff)


# Seed 001 serves staff under "staff/..." and, alternatively, "actor/..." (listed once).
_STAFF_ROUTES: list[tuple[str, Any, str, str]] = [
    ("{staff_id:int}", _staff, "GET", "A staff/actor model."),
    ("{staff_id:int}/page", _staff_page, "GET", "A staff model, anime voiced and manga."),
    ("favourite", _favourite_staff, "POST", "Toggle a staff favourite; the new state."),
    ("search/{query}", _search_staff, "GET", "Small staff models matching the query (40)."),
]
for _word in ("staff", "actor"):
    for _suffix, _handler, _method, _doc in _STAFF_ROUTES:
        router.add_api_route(
            f"/{_word}/{_suffix}",
            _handler,
            methods=[_method],
            description=_doc,
            include_in_schema=_word == "staff",
        )


@router.get("/studio/{studio_id:int}")
async def studio(request: Request, studio_id: int) -> dict[str, Any]:
    """A studio model."""
    async with request.app.state.db.session() as session:
        return studio_model(await _get(session, Studio, studio_id, "studio"))


@router.get("/studio/{studio_id:int}/page")
async def studio_page(request: Request, studio_id: int) -> dict[str, Any]:
    """A studio model with its small anime models."""
    async with request.app.state.db.session() as session:
        found = await _get(session, Studio, studio_id, "studio")
        slices = await connections.media_of_studios(
            session, [found.id], is_main=None, sort=[], sort_columns={}, page=1, per_page=PAGE_MEDIA
        )
        rows = slices[found.id].rows if found.id in slices else []
        body = studio_model(found)
        body["anime"] = [
            model for model, _e in await _small_media(session, [(m, e) for e, m in rows])
        ]
        return body


@router.get("/studio/search/{query}")
async def search_studios(request: Request, query: str) -> list[dict[str, Any]]:
    """Studio models whose names match ``query`` (at most 40)."""
    return await _search(request, "studio", Studio, query, studio_model)
