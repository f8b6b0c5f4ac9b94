"""MAL v2 ``GET /anime/{anime_id}/characters`` (undocumented, used by client libraries).

Items are ``{"node": {id, first_name, last_name, main_picture, ...requested}, "role"}``
with MAL's two roles: background characters read as ``supporting``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request

from kagami.catalogue.enums import CharacterRole, MediaType
from kagami.catalogue.models import Character, MediaCharacter
from kagami.dialects.mal import docs
from kagami.dialects.mal.auth import MalCaller, mal_caller
from kagami.dialects.mal.media_query import fields_of, media_by_mal_id
from kagami.dialects.mal.media_view import plain_text
from kagami.dialects.mal.paging import envelope, page_of

router = APIRouter(tags=["MyAnimeList anime"])


def _node(character: Character, wanted: Any) -> dict[str, Any]:
    """A character as MAL names its parts (requested extras only)."""
    node: dict[str, Any] = {
        "id": character.id,
        # A name stored only in full reads as the first name.
        "first_name": character.name_first
        or (character.name_full if not character.name_last else "")
        or "",
        "last_name": character.name_last or "",
    }
    picture = character.image_medium or character.image_large
    if picture is not None:
        node["main_picture"] = {"medium": picture, "large": character.image_large or picture}
    extras = {
        "alternative_name": ", ".join(character.name_alternative or []),
        "biography": plain_text(character.description) if "biography" in wanted else "",
        "num_favorites": character.favourites,
    }
    node.update({name: value for name, value in extras.items() if name in wanted})
    return node


@router.get("/anime/{anime_id}/characters", openapi_extra=docs.TOPIC)
async def anime_characters(
    request: Request, anime_id: str, caller: MalCaller = Depends(mal_caller)
) -> Any:
    """An anime's characters in credit order, main first; limit ≤ 500."""
    page = page_of(request, cap=500)
    wanted = fields_of(request)
    async with request.app.state.db.session() as session:
        media = await media_by_mal_id(session, MediaType.ANIME, anime_id)
        main_first = sa.case((MediaCharacter.role == CharacterRole.MAIN, 0), else_=1)
        stmt = (
            sa.select(MediaCharacter.role, Character)
            .join(Character, Character.id == MediaCharacter.character_id)
            .where(MediaCharacter.media_id == media.id)
            .order_by(main_first, MediaCharacter.position, MediaCharacter.id)
            .offset(page.offset)
            .limit(page.limit + 1)
        )
        rows = list((await session.execute(stmt)).all())
    items = [
        {
            "node": _node(character, wanted),
            "role": "main" if role is CharacterRole.MAIN else "supporting",
        }
        for role, character in rows[: page.limit]
    ]
    return envelope(request, page, items, len(rows) > page.limit)
