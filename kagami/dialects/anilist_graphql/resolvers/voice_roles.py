"""Voice roles: Staff.characters, Staff.characterMedia and the voice actors of media edges."""

from __future__ import annotations

from functools import partial
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.catalogue import connections, voice_roles
from kagami.catalogue.models import Character, Media, MediaCharacterVoiceActor, Staff
from kagami.dialects.anilist_graphql.resolvers.common import (
    load,
    nested_page,
    paged_connection,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.media_of import media_connection

staff = ObjectType("Staff")
media_edge = ObjectType("MediaEdge")
character_edge = ObjectType("CharacterEdge")


async def voice_credits(
    info: GraphQLResolveInfo, edge_id: int, language: str | None, sort: list[str] | None
) -> list[tuple[MediaCharacterVoiceActor, Staff]]:
    """The voice actors of one media-character edge, batched over every edge of the level.

    Shared by CharacterEdge (Media.characters) and MediaEdge (Character.media): both
    load through the one ``edge.voiceActors`` loader, so each level costs one statement.
    """
    keys = sort_keys(sort)
    fetch = partial(connections.voice_actors, language=language, sort=keys)
    rows: list[tuple[MediaCharacterVoiceActor, Staff]] = await load(
        info, ("edge.voiceActors", language, keys), edge_id, fetch, []
    )
    return rows


def voice_actor_roles(rows: list[tuple[MediaCharacterVoiceActor, Staff]]) -> list[dict[str, Any]]:
    """StaffRoleType objects: the voice actor with the credit's role notes and dub group."""
    return [
        {"voice_actor": s, "role_notes": c.role_notes, "dub_group": c.dub_group} for c, s in rows
    ]


def _voiced_character_edge(staff_id: int, row: tuple[Character, str | None]) -> dict[str, Any]:
    c, role = row
    return {"id": None, "node": c, "role": role, "name": None, "_voice_staff": staff_id}


@staff.field("characters")
async def staff_characters(
    obj: Staff,
    info: GraphQLResolveInfo,
    sort: list[str] | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Staff.characters: characters the staff member voiced, batched over staff."""
    page, per_page = nested_page(page, per_page)
    keys = sort_keys(sort)
    fetch = partial(voice_roles.characters_of_voice_actors, sort=keys, page=page, per_page=per_page)
    name = ("staff.characters", keys, page, per_page)
    shape = partial(_voiced_character_edge, obj.id)
    return await paged_connection(info, name, obj.id, fetch, shape, page, per_page)


def _voiced_media_edge(staff_id: int, row: tuple[Media, str | None]) -> dict[str, Any]:
    m, role = row
    return {
        "id": None,
        "node": m,
        "character_role": role,
        "is_main_studio": False,
        "_voice_staff": staff_id,
    }


@staff.field("characterMedia")
async def staff_character_media(
    obj: Staff,
    info: GraphQLResolveInfo,
    sort: list[str] | None = None,
    on_list: bool | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Staff.characterMedia: media the staff member voiced a character in, batched."""
    return await media_connection(
        info,
        "staff.characterMedia",
        obj.id,
        voice_roles.media_of_voice_actors,
        partial(_voiced_media_edge, obj.id),
        sort=sort,
        on_list=on_list,
        page=page,
        per_page=per_page,
    )


@media_edge.field("characters")
async def media_edge_characters(obj: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    """MediaEdge.characters: on Staff.characterMedia, whom the staff member voiced there."""
    if "_voice_staff" not in obj:
        return obj.get("characters")
    key = (obj["_voice_staff"], obj["node"].id)
    return await load(info, "voice.characters", key, voice_roles.voiced_characters, [])


@character_edge.field("media")
async def character_edge_media(obj: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    """CharacterEdge.media: on Staff.characters, the media where they voiced the character."""
    if "_voice_staff" not in obj:
        return obj.get("media")
    key = (obj["_voice_staff"], obj["node"].id)
    return await load(info, "voice.media", key, voice_roles.voiced_media, [])


@media_edge.field("voiceActors")
async def media_edge_voice_actors(
    obj: dict[str, Any],
    info: GraphQLResolveInfo,
    language: str | None = None,
    sort: list[str] | None = None,
) -> list[Staff]:
    """MediaEdge.voiceActors on Character.media: the character's voice actors in that media."""
    if "_character_edge" not in obj:
        return []
    return [s for _credit, s in await voice_credits(info, obj["_character_edge"], language, sort)]


@media_edge.field("voiceActorRoles")
async def media_edge_voice_actor_roles(
    obj: dict[str, Any],
    info: GraphQLResolveInfo,
    language: str | None = None,
    sort: list[str] | None = None,
) -> list[dict[str, Any]]:
    """MediaEdge.voiceActorRoles on Character.media: voice actors with notes and dub group."""
    if "_character_edge" not in obj:
        return []
    return voice_actor_roles(await voice_credits(info, obj["_character_edge"], language, sort))


BINDABLES = [staff, media_edge, character_edge]
