"""Characters, staff and studios, and the connections joining them to media."""

from __future__ import annotations

from functools import partial
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.catalogue import connections
from kagami.catalogue.models import (
    Character,
    Media,
    MediaCharacter,
    MediaStaff,
    MediaStudio,
    Staff,
    Studio,
)
from kagami.dialects.anilist_graphql.markdown import text_field
from kagami.dialects.anilist_graphql.resolvers.common import (
    fuzzy_date,
    image,
    nested_page,
    paged_connection,
    site_url,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.media_of import media_connection
from kagami.dialects.anilist_graphql.resolvers.viewer import is_favourite, with_user
from kagami.dialects.anilist_graphql.resolvers.voice_roles import voice_actor_roles, voice_credits
from kagami.social.enums import FavouriteKind

_FAV = {
    "character": FavouriteKind.CHARACTER,
    "staff": FavouriteKind.STAFF,
    "studio": FavouriteKind.STUDIO,
}
character = ObjectType("Character")
staff = ObjectType("Staff")
studio = ObjectType("Studio")
person_name = [ObjectType("CharacterName"), ObjectType("StaffName")]
character_image = ObjectType("CharacterImage")
staff_image = ObjectType("StaffImage")
character_edge = ObjectType("CharacterEdge")
media = ObjectType("Media")


def _attr(name: str) -> Any:
    return lambda obj, _info, **_: getattr(obj, name)


for _names in person_name:
    for _f, _a in (
        ("first", "name_first"),
        ("middle", "name_middle"),
        ("last", "name_last"),
        ("full", "name_full"),
        ("native", "name_native"),
        ("alternative", "name_alternative"),
    ):
        _names.set_field(_f, _attr(_a))
person_name[0].set_field("alternativeSpoiler", _attr("name_alternative_spoiler"))


def preferred_name(obj: Any, language: Any) -> str | None:
    """The name in a ``UserStaffNameLanguage``.

    ROMAJI_WESTERN is given name first (the stored full name), ROMAJI is AniList's
    family-name-first romanization ("Last First Middle"), NATIVE the native name; each
    falls back to the full name when its parts are missing.
    """
    name = str(getattr(language, "value", language) or "ROMAJI_WESTERN")
    if name == "NATIVE" and obj.name_native:
        return str(obj.name_native)
    if name == "ROMAJI" and obj.name_last and obj.name_first:
        return " ".join(p for p in (obj.name_last, obj.name_first, obj.name_middle) if p)
    return obj.name_full


def _user_preferred_name(obj: Any, info: GraphQLResolveInfo, **_: Any) -> Any:
    """The viewer's ``staffNameLanguage`` choice; the western-order full name when anonymous."""
    return with_user(
        info,
        lambda o, user: preferred_name(o, user.staff_name_language),
        obj,
        lambda o: o.name_full,
    )


for _names in person_name:
    _names.set_field("userPreferred", _user_preferred_name)

for _type, _kind in ((character, "character"), (staff, "staff")):
    _type.set_field("name", lambda obj, _info: obj)
    _type.set_field("image", lambda obj, _info: obj)
    _type.set_field(
        "description", lambda obj, _info, as_html=None: text_field(obj.description, as_html)
    )
    _type.set_field(
        "dateOfBirth", lambda obj, _info: fuzzy_date(obj.birth_year, obj.birth_month, obj.birth_day)
    )
    _type.set_field("siteUrl", lambda obj, info, _k=_kind: site_url(info, _k, obj.id))
    _type.set_field("isFavourite", lambda obj, info, _k=_kind: is_favourite(info, _FAV[_k], obj.id))
staff.set_field("languageV2", _attr("language_v2"))
staff.set_field(
    "dateOfDeath", lambda obj, _info: fuzzy_date(obj.death_year, obj.death_month, obj.death_day)
)
studio.set_field("siteUrl", lambda obj, info: site_url(info, "studio", obj.id))
studio.set_field("isFavourite", lambda obj, info: is_favourite(info, _FAV["studio"], obj.id))

for _image, _kind in ((character_image, "character"), (staff_image, "staff")):
    _image.set_field(
        "large",
        lambda obj, info, _k=_kind: image(info, obj.image_large, _k, obj.id, "large"),
    )
    _image.set_field(
        "medium",
        lambda obj, info, _k=_kind: image(
            info, obj.image_medium or obj.image_large, _k, obj.id, "medium"
        ),
    )


def _character_edge(row: tuple[MediaCharacter, Character]) -> dict[str, Any]:
    e, c = row
    return {"id": e.id, "node": c, "role": e.role, "name": e.name, "_edge": e}


@media.field("characters")
async def media_characters(
    obj: Media,
    info: GraphQLResolveInfo,
    sort: list[str] | None = None,
    role: str | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Media.characters: one batched, windowed query for every media on this level."""
    page, per_page = nested_page(page, per_page)
    keys = sort_keys(sort)
    fetch = partial(connections.character_edges, role=role, sort=keys, page=page, per_page=per_page)
    name = ("media.characters", role, keys, page, per_page)
    return await paged_connection(info, name, obj.id, fetch, _character_edge, page, per_page)


@character_edge.field("voiceActors")
async def edge_voice_actors(
    obj: dict[str, Any],
    info: GraphQLResolveInfo,
    language: str | None = None,
    sort: list[str] | None = None,
) -> list[Staff]:
    """CharacterEdge.voiceActors, batched over every edge of the level."""
    if "_edge" not in obj:
        return []
    return [s for _credit, s in await voice_credits(info, obj["id"], language, sort)]


@character_edge.field("voiceActorRoles")
async def edge_voice_actor_roles(
    obj: dict[str, Any],
    info: GraphQLResolveInfo,
    language: str | None = None,
    sort: list[str] | None = None,
) -> list[dict[str, Any]]:
    """CharacterEdge.voiceActorRoles: the voice actor with role notes and dub group."""
    if "_edge" not in obj:
        return []
    return voice_actor_roles(await voice_credits(info, obj["id"], language, sort))


def _staff_edge(row: tuple[MediaStaff, Staff]) -> dict[str, Any]:
    e, s = row
    return {"id": e.id, "node": s, "role": e.role}


@media.field("staff")
async def media_staff(
    obj: Media,
    info: GraphQLResolveInfo,
    sort: list[str] | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Media.staff, batched and paged per media."""
    page, per_page = nested_page(page, per_page)
    keys = sort_keys(sort)
    fetch = partial(connections.staff_edges, sort=keys, page=page, per_page=per_page)
    name = ("media.staff", keys, page, per_page)
    return await paged_connection(info, name, obj.id, fetch, _staff_edge, page, per_page)


def _studio_edge(row: tuple[MediaStudio, Studio]) -> dict[str, Any]:
    e, s = row
    return {"id": e.id, "node": s, "is_main": e.is_main}


@media.field("studios")
async def media_studios(
    obj: Media, info: GraphQLResolveInfo, sort: list[str] | None = None, is_main: bool | None = None
) -> dict[str, Any]:
    """Media.studios (not paged in AniList's schema)."""
    keys = sort_keys(sort)
    fetch = partial(connections.studio_edges, is_main=is_main, sort=keys)
    return await paged_connection(
        info, ("media.studios", is_main, keys), obj.id, fetch, _studio_edge
    )


def _character_media_edge(row: tuple[MediaCharacter, Media]) -> dict[str, Any]:
    e, m = row
    return {
        "id": e.id,
        "node": m,
        "character_role": e.role,
        "character_name": e.name,
        "is_main_studio": False,
        "_character_edge": e.id,
    }


@character.field("media")
async def character_media(
    obj: Character,
    info: GraphQLResolveInfo,
    sort: list[str] | None = None,
    type: str | None = None,
    on_list: bool | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Character.media: the media a character appears in, batched over characters."""
    return await media_connection(
        info,
        "character.media",
        obj.id,
        connections.media_of_characters,
        _character_media_edge,
        sort=sort,
        on_list=on_list,
        page=page,
        per_page=per_page,
        media_type=type,
    )


def _studio_media_edge(row: tuple[MediaStudio, Media]) -> dict[str, Any]:
    e, m = row
    return {"id": e.id, "node": m, "is_main_studio": e.is_main}


@studio.field("media")
async def studio_media(
    obj: Studio,
    info: GraphQLResolveInfo,
    sort: list[str] | None = None,
    is_main: bool | None = None,
    on_list: bool | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Studio.media, batched over studios."""
    return await media_connection(
        info,
        "studio.media",
        obj.id,
        connections.media_of_studios,
        _studio_media_edge,
        sort=sort,
        on_list=on_list,
        page=page,
        per_page=per_page,
        is_main=is_main,
    )


def _staff_media_edge(row: tuple[MediaStaff, Media]) -> dict[str, Any]:
    e, m = row
    return {"id": e.id, "node": m, "staff_role": e.role, "is_main_studio": False}


@staff.field("staffMedia")
async def staff_media(
    obj: Staff,
    info: GraphQLResolveInfo,
    sort: list[str] | None = None,
    type: str | None = None,
    on_list: bool | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Staff.staffMedia: production credits, batched over staff."""
    return await media_connection(
        info,
        "staff.media",
        obj.id,
        connections.media_of_staff,
        _staff_media_edge,
        sort=sort,
        on_list=on_list,
        page=page,
        per_page=per_page,
        media_type=type,
    )


BINDABLES = [
    character,
    staff,
    studio,
    *person_name,
    character_image,
    staff_image,
    character_edge,
    media,
]
