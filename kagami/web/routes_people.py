"""Character, staff and studio pages at AniList's paths: ``/character/{id}``, ``/staff/{id}``,
``/studio/{id}`` (a trailing name slug accepted), so links shared from AniList carry over.

Each page runs a fixed number of statements: the person, one page of their media (with
voice actors or voiced characters batched), and the viewer's favourite mark.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

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


def _shown(viewer: User | None, rows: list[Any], media_at: int) -> list[Any]:
    """Rows whose media the viewer may see: adult media only for those who opted in."""
    if viewer is not None and viewer.display_adult_content:
        return rows
    return [row for row in rows if not row[media_at].is_adult]


async def _is_favourite(session: Any, viewer: User | None, kind: FavouriteKind, ident: int) -> bool:
    if viewer is None:
        return False
    return ident in await favourite_ids(session, viewer.id, kind, [ident])


def _page(ident: str, slug: str) -> int | None:
    """The id from ``/{kind}/{id}[/{slug}]``; the slug (AniList's name part) is ignored."""
    del slug
    return number(ident)


@router.get("/character/{ident}", response_class=HTMLResponse)
@router.get("/character/{ident}/{slug}", response_class=HTMLResponse)
async def character_page(request: Request, ident: str, slug: str = "") -> Response:
    """A character: names, description, the media they appear in and who voices them."""
    viewer = await current_user(request)
    found = _page(ident, slug)
    async with request.app.state.db.session() as session:
        character = None if found is None else await session.get(Character, found)
        if character is None:
            return error_page(request, "Not found", "No character has that id.", 404)
        appearances = (
            await connections.media_of_characters(
                session,
                [character.id],
                media_type=None,
                sort=(),
                sort_columns={},
                page=1,
                per_page=MEDIA_SHOWN,
            )
        ).get(character.id)
        rows = _shown(viewer, appearances.rows if appearances else [], 1)
        cast = await connections.voice_actors(
            session, [edge.id for edge, _media in rows], language=VOICE_LANGUAGE, sort=()
        )
        favourite = await _is_favourite(session, viewer, FavouriteKind.CHARACTER, character.id)
    return render(
        request,
        "character.html",
        {
            "character": character,
            "appearances": [(edge, media, cast.get(edge.id, [])) for edge, media in rows],
            "favourite": favourite,
        },
    )


@router.get("/staff/{ident}", response_class=HTMLResponse)
@router.get("/staff/{ident}/{slug}", response_class=HTMLResponse)
async def staff_page(request: Request, ident: str, slug: str = "") -> Response:
    """A staff member: facts, the characters they voiced and their production credits."""
    viewer = await current_user(request)
    found = _page(ident, slug)
    async with request.app.state.db.session() as session:
        staff = None if found is None else await session.get(Staff, found)
        if staff is None:
            return error_page(request, "Not found", "No staff member has that id.", 404)
        voiced = (
            await voice_roles.characters_of_voice_actors(
                session, [staff.id], sort=(), page=1, per_page=MEDIA_SHOWN
            )
        ).get(staff.id)
        credits = (
            await connections.media_of_staff(
                session,
                [staff.id],
                media_type=None,
                sort=(),
                sort_columns={},
                page=1,
                per_page=MEDIA_SHOWN,
            )
        ).get(staff.id)
        favourite = await _is_favourite(session, viewer, FavouriteKind.STAFF, staff.id)
    return render(
        request,
        "staff.html",
        {
            "staff": staff,
            "voiced": voiced.rows if voiced else [],
            "credits": _shown(viewer, credits.rows if credits else [], 1),
            "favourite": favourite,
        },
    )


@router.get("/studio/{ident}", response_class=HTMLResponse)
@router.get("/studio/{ident}/{slug}", response_class=HTMLResponse)
async def studio_page(request: Request, ident: str, slug: str = "") -> Response:
    """A studio: the media it made (main studio first credit), newest first."""
    viewer = await current_user(request)
    found = _page(ident, slug)
    async with request.app.state.db.session() as session:
        studio = None if found is None else await session.get(Studio, found)
        if studio is None:
            return error_page(request, "Not found", "No studio has that id.", 404)
        made = (
            await connections.media_of_studios(
                session,
                [studio.id],
                is_main=None,
                sort=(),
                sort_columns={},
                page=1,
                per_page=MEDIA_SHOWN,
            )
        ).get(studio.id)
        favourite = await _is_favourite(session, viewer, FavouriteKind.STUDIO, studio.id)
    return render(
        request,
        "studio.html",
        {
            "studio": studio,
            "made": _shown(viewer, made.rows if made else [], 1),
            "favourite": favourite,
        },
    )
