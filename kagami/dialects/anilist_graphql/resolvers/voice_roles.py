"""Voice roles: Staff.characters, Staff.characterMedia and the voice actors of media edges."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.catalogue import voice_roles
from kagami.catalogue.models import Staff
from kagami.catalogue.queries import MEDIA_SORT_COLUMNS
from kagami.dialects.anilist_graphql.resolvers.common import (
    load,
    nested_page,
    page_info,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.people import _voice_batch
from kagami.dialects.anilist_graphql.resolvers.viewer import on_list_of

staff = ObjectType("Staff")
media_edge = ObjectType("MediaEdge")
character_edge = ObjectType("CharacterEdge")


def _connection(edges: list[dict[str, Any]], found: Any, page: int, per_page: int) -> Any:
    return {
        "edges": edges,
        "nodes": [e["node"] for e in edges],
        "page_info": page_info(found.total if found else 0, page, per_page),
    }


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

    async def batch(session: Any, ids: Any) -> Any:
        return await voice_roles.characters_of_voice_actors(
            session, ids, sort=keys, page=page, per_page=per_page
        )

    found = await load(info, ("staff.characters", keys, page, per_page), obj.id, batch)
    edges = [
        {"id": None, "node": c, "role": role, "name": None, "_voice_staff": obj.id}
        for c, role in (found.rows if found else [])
    ]
    return _connection(edges, found, page, per_page)


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
    page, per_page = nested_page(page, per_page)
    keys = sort_keys(sort)
    listed = on_list_of(info, on_list)

    async def batch(session: Any, ids: Any) -> Any:
        return await voice_roles.media_of_voice_actors(
            session,
            ids,
            sort=keys,
            sort_columns=MEDIA_SORT_COLUMNS,
            page=page,
            per_page=per_page,
            on_list=listed,
        )

    key = ("staff.characterMedia", keys, page, per_page, listed)
    found = await load(info, key, obj.id, batch)
    edges = [
        {
            "id": None,
            "node": m,
            "character_role": role,
            "is_main_studio": False,
            "_voice_staff": obj.id,
        }
        for m, role in (found.rows if found else [])
    ]
    return _connection(edges, found, page, per_page)


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


async def _media_edge_voices(
    obj: dict[str, Any], info: GraphQLResolveInfo, language: str | None, sort: Any
) -> list[Any]:
    if "_character_edge" not in obj:
        return []
    keys = sort_keys(sort)
    batch = _voice_batch(language, keys)
    return await load(info, ("edge.voiceActors", language, keys), obj["_character_edge"], batch, [])


@media_edge.field("voiceActors")
async def media_edge_voice_actors(
    obj: dict[str, Any],
    info: GraphQLResolveInfo,
    language: str | None = None,
    sort: list[str] | None = None,
) -> list[Staff]:
    """MediaEdge.voiceActors on Character.media: the character's voice actors in that media."""
    return [s for _credit, s in await _media_edge_voices(obj, info, language, sort)]


@media_edge.field("voiceActorRoles")
async def media_edge_voice_actor_roles(
    obj: dict[str, Any],
    info: GraphQLResolveInfo,
    language: str | None = None,
    sort: list[str] | None = None,
) -> list[dict[str, Any]]:
    """MediaEdge.voiceActorRoles on Character.media: voice actors with notes and dub group."""
    rows = await _media_edge_voices(obj, info, language, sort)
    return [
        {"voice_actor": s, "role_notes": c.role_notes, "dub_group": c.dub_group} for c, s in rows
    ]


BINDABLES = [staff, media_edge, character_edge]
