"""Character, staff and studio pages at AniList's paths: ``/character/{id}``, ``/staff/{id}``,
``/studio/{id}`` (a trailing name slug accepted), so links shared from AniList carry over.

Each page runs a fixed number of statements: the person, one page of their media (with
voice actors or voiced characters batched), and the viewer's favourite mark.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue import connections, voice_roles
from kagami.catalogue.models import Character, Staff, Studio
from kagami.social.enums import FavouriteKind
from kagami.social.favourites import favourite_ids
from kagami.web.pages import error_page, render
from kagami.web.sessions import current_user
from kagami.web.views import number

router = APIRouter(include_in_schema=False)

MEDIA_SHOWN = 30
VOICE_LANGUAGE = "Japanese"  # AniList's character page shows the Japanese cast first

# What a page adds to its context, given the session, the viewer and the person's row.
Details = Callable[[AsyncSession, User | None, Any], Awaitable[dict[str, Any]]]


async def _first_page(fetch: Any, session: AsyncSession, ident: int, **filters: Any) -> list[Any]:
    """The first MEDIA_SHOWN (link, Media) rows of one of ``connections.media_of_*``."""
    found = (
        await fetch(
            session, [ident], sort=(), sort_columns={}, page=1, per_page=MEDIA_SHOWN, **filters
        )
    ).get(ident)
    return found.rows if found else []


def _shown(viewer: User | None, rows: list[Any]) -> list[Any]:
    """(link, Media) rows the viewer may see: adult media only for those who opted in."""
    if viewer is not None and viewer.display_adult_content:
        return rows
    return [row for row in rows if not row[1].is_adult]


async def _page(
    request: Request, ident: str, kind: FavouriteKind, model: Any, details: Details
) -> Response:
    """Look the person up by ``ident``, add ``details`` and the favourite mark, render."""
    viewer = await current_user(request)
    found = number(ident)
    word = kind.value.lower()
    async with request.app.state.db.session() as session:
        row = None if found is None else await session.get(model, found)
        if row is None:
            return error_page(request, "Not found", f"No {word} has that id.", 404)
        ctx = {word: row, **await details(session, viewer, row)}
        ctx["favourite"] = viewer is not None and row.id in await favourite_ids(
            session, viewer.id, kind, [row.id]
        )
    return render(request, f"{word}.html", ctx)


async def _character(session: AsyncSession, viewer: User | None, row: Any) -> dict[str, Any]:
    rows = _shown(viewer, await _first_page(connections.media_of_characters, session, row.id,
                                            media_type=None))  # fmt: skip
    cast = await connections.voice_actors(
        session, [edge.id for edge, _media in rows], language=VOICE_LANGUAGE, sort=()
    )
    return {"appearances": [(edge, media, cast.get(edge.id, [])) for edge, media in rows]}


async def _staff(session: AsyncSession, viewer: User | None, row: Any) -> dict[str, Any]:
    voiced = (
        await voice_roles.characters_of_voice_actors(
            session, [row.id], sort=(), page=1, per_page=MEDIA_SHOWN
        )
    ).get(row.id)
    credits = await _first_page(connections.media_of_staff, session, row.id, media_type=None)
    return {"voiced": voiced.rows if voiced else [], "credits": _shown(viewer, credits)}


async def _studio(session: AsyncSession, viewer: User | None, row: Any) -> dict[str, Any]:
    made = await _first_page(connections.media_of_studios, session, row.id, is_main=None)
    return {"made": _shown(viewer, made)}


@router.get("/character/{ident}", response_class=HTMLResponse)
@router.get("/character/{ident}/{slug}", response_class=HTMLResponse)
async def character_page(request: Request, ident: str, slug: str = "") -> Response:
    """A character: names, description, the media they appear in and who voices them."""
    return await _page(request, ident, FavouriteKind.CHARACTER, Character, _character)


@router.get("/staff/{ident}", response_class=HTMLResponse)
@router.get("/staff/{ident}/{slug}", response_class=HTMLResponse)
async def staff_page(request: Request, ident: str, slug: str = "") -> Response:
    """A staff member: facts, the characters they voiced and their production credits."""
    return await _page(request, ident, FavouriteKind.STAFF, Staff, _staff)


@router.get("/studio/{ident}", response_class=HTMLResponse)
@router.get("/studio/{ident}/{slug}", response_class=HTMLResponse)
async def studio_page(request: Request, ident: str, slug: str = "") -> Response:
    """A studio: the media it worked on, newest first (producer credits marked)."""
    return await _page(request, ident, FavouriteKind.STUDIO, Studio, _studio)
