"""Media and its satellite types: titles, images, dates, genres, tags, links, relations, airing."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.catalogue import connections, extras
from kagami.catalogue.models import AiringSchedule, Media
from kagami.dialects.anilist_graphql.markdown import text_field
from kagami.dialects.anilist_graphql.resolvers.common import (
    connection,
    fuzzy_date,
    image,
    load,
    nested_page,
    node_connection,
    paged_connection,
    site_url,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.viewer import is_favourite, list_entry, with_user
from kagami.social.enums import FavouriteKind
from kagami.web.images import media_colour

media = ObjectType("Media")
media_title = ObjectType("MediaTitle")
cover_image = ObjectType("MediaCoverImage")
media_tag = ObjectType("MediaTag")
airing_schedule = ObjectType("AiringSchedule")
media_edge = ObjectType("MediaEdge")
media_trend = ObjectType("MediaTrend")


@media.field("title")
@media.field("coverImage")
def _self(obj: Media, _info: GraphQLResolveInfo, **_: Any) -> Media:
    """Title and cover image read straight from the media row."""
    return obj


def _title(attr: str) -> Any:
    """A resolver reading one title column (``stylised`` is accepted and ignored)."""
    return lambda obj, _info, **_: getattr(obj, attr)


for _field, _attr in (
    ("romaji", "title_romaji"),
    ("english", "title_english"),
    ("native", "title_native"),
):
    media_title.set_field(_field, _title(_attr))


def preferred_title(obj: Media, language: Any) -> str | None:
    """The title in a ``UserTitleLanguage``: English or native fall back to romaji when missing.

    Kagami stores one spelling per language, so the ``*_STYLISED`` variants read the same.
    """
    name = str(getattr(language, "value", language) or "ROMAJI").removesuffix("_STYLISED")
    if name == "ENGLISH" and obj.title_english:
        return obj.title_english
    if name == "NATIVE" and obj.title_native:
        return obj.title_native
    return obj.title_romaji


@media_title.field("userPreferred")
def _user_preferred(obj: Media, info: GraphQLResolveInfo, **_: Any) -> Any:
    """The viewer's ``titleLanguage`` choice; romaji when anonymous (AniList's default)."""
    return with_user(
        info,
        lambda m, user: preferred_title(m, user.title_language),
        obj,
        lambda m: m.title_romaji,
    )


@cover_image.field("extraLarge")
def _cover_xl(obj: Media, info: GraphQLResolveInfo) -> str:
    return image(info, obj.cover_extra_large or obj.cover_large, "media", obj.id, "extraLarge")


@cover_image.field("large")
def _cover_large(obj: Media, info: GraphQLResolveInfo) -> str:
    return image(info, obj.cover_large, "media", obj.id, "large")


@cover_image.field("medium")
def _cover_medium(obj: Media, info: GraphQLResolveInfo) -> str:
    return image(info, obj.cover_medium or obj.cover_large, "media", obj.id, "medium")


@cover_image.field("color")
def _cover_color(obj: Media, _info: GraphQLResolveInfo) -> str | None:
    if obj.cover_color or obj.cover_large:
        return obj.cover_color
    return media_colour(obj.id)  # the placeholder's colour, so clients' tinting matches


@media.field("bannerImage")
def _banner(obj: Media, info: GraphQLResolveInfo) -> str:
    return image(info, obj.banner_image, "media", obj.id, "banner")


@media.field("startDate")
def _start(obj: Media, _info: GraphQLResolveInfo) -> dict[str, int | None]:
    return fuzzy_date(obj.start_year, obj.start_month, obj.start_day)


@media.field("endDate")
def _end(obj: Media, _info: GraphQLResolveInfo) -> dict[str, int | None]:
    return fuzzy_date(obj.end_year, obj.end_month, obj.end_day)


@media.field("description")
def _description(obj: Media, _info: GraphQLResolveInfo, as_html: bool | None = None) -> str | None:
    return text_field(obj.description, as_html)


@media.field("trailer")
def _trailer(obj: Media, _info: GraphQLResolveInfo) -> dict[str, Any] | None:
    if not obj.trailer_id:
        return None
    return {"id": obj.trailer_id, "site": obj.trailer_site, "thumbnail": obj.trailer_thumbnail}


@media.field("siteUrl")
def _site_url(obj: Media, info: GraphQLResolveInfo) -> str:
    return site_url(info, obj.type.value.lower(), obj.id)


@media.field("isFavourite")
def _is_favourite(obj: Media, info: GraphQLResolveInfo) -> Any:
    """Whether the viewer favourited the media (false when anonymous), batched per level."""
    return is_favourite(info, FavouriteKind.ANIME, obj.id)


@media.field("mediaListEntry")
def _list_entry(obj: Media, info: GraphQLResolveInfo) -> Any:
    """The viewer's entry for this media (null when anonymous), one statement per level."""
    return list_entry(info, obj.id)


@media.field("genres")
def _genres(obj: Media, info: GraphQLResolveInfo) -> Any:
    return load(info, "media.genres", obj.id, connections.genres, default=[])


@media.field("tags")
async def _tags(obj: Media, info: GraphQLResolveInfo) -> list[dict[str, Any]]:
    rows = await load(info, "media.tags", obj.id, connections.tags, default=[])
    return [tag_wire(tag, link.rank, link.is_media_spoiler) for link, tag in rows]


def tag_wire(tag: Any, rank: int | None, spoiler: bool | None) -> dict[str, Any]:
    """A MediaTag object (with the per-media rank/spoiler when known)."""
    return {
        "id": tag.id,
        "name": tag.name,
        "description": tag.description,
        "category": tag.category,
        "rank": rank,
        "is_general_spoiler": tag.is_general_spoiler,
        "is_media_spoiler": spoiler,
        "is_adult": tag.is_adult,
        "user_id": tag.user_id,
    }


@media.field("externalLinks")
async def _external_links(obj: Media, info: GraphQLResolveInfo) -> list[dict[str, Any]]:
    links = await load(info, "media.links", obj.id, connections.external_links, default=[])
    return [
        {
            "id": li.id,
            "url": li.url,
            "site": li.site,
            "site_id": li.site_id,
            "type": li.type,
            "language": li.language,
            "color": li.color,
            "icon": li.icon,
            "notes": li.notes,
            "is_disabled": li.is_disabled,
        }
        for li in links
    ]


@media.field("relations")
async def _relations(obj: Media, info: GraphQLResolveInfo) -> dict[str, Any]:
    rows = await load(info, "media.relations", obj.id, connections.relations, default=[])
    edges = [
        {"id": edge.id, "node": other, "relation_type": edge.relation_type, "is_main_studio": False}
        for edge, other in rows
    ]
    return connection(edges, len(edges))


@media.field("nextAiringEpisode")
async def _next_airing(obj: Media, info: GraphQLResolveInfo) -> Any:
    now = int(time.time())
    fetch = partial(connections.airing, after=now, page=1, per_page=1)
    found = await load(info, ("media.nextAiring", now // 60), obj.id, fetch)
    return found.rows[0] if found and found.rows else None


def _airing_edge(row: AiringSchedule) -> dict[str, Any]:
    return {"id": row.id, "node": row}


@media.field("airingSchedule")
async def _airing_schedule(
    obj: Media,
    info: GraphQLResolveInfo,
    not_yet_aired: bool | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    page, per_page = nested_page(page, per_page)
    after = int(time.time()) if not_yet_aired else None
    name = ("media.airing", not_yet_aired, page, per_page)
    fetch = partial(connections.airing, after=after, page=page, per_page=per_page)
    return await paged_connection(info, name, obj.id, fetch, _airing_edge, page, per_page)


@airing_schedule.field("timeUntilAiring")
def _time_until(obj: Any, _info: GraphQLResolveInfo) -> int:
    return obj.airing_at - int(time.time())


@media_trend.field("media")
def _trend_media(obj: Any, info: GraphQLResolveInfo) -> Any:
    from kagami.catalogue.queries import media_by_ids

    return load(info, "media.byId", obj.media_id, media_by_ids)


@airing_schedule.field("media")
def _airing_media(obj: Any, info: GraphQLResolveInfo) -> Any:
    from kagami.catalogue.queries import media_by_ids

    return load(info, "media.byId", obj.media_id, media_by_ids)


@media_edge.field("isMainStudio")
def _edge_is_main(obj: dict[str, Any], _info: GraphQLResolveInfo) -> bool:
    return bool(obj.get("is_main_studio"))


@media.field("streamingEpisodes")
def _streaming(obj: Media, info: GraphQLResolveInfo) -> Any:
    return load(info, "media.streaming", obj.id, extras.streaming_episodes, default=[])


@media.field("rankings")
def _rankings(obj: Media, info: GraphQLResolveInfo) -> Any:
    return load(info, "media.rankings", obj.id, extras.rankings, default=[])


@media.field("trends")
async def _trends(
    obj: Media,
    info: GraphQLResolveInfo,
    sort: list[str] | None = None,
    releasing: bool | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Media.trends: newest first, paged in Python over the media's (small) daily history."""
    page, per_page = nested_page(page, per_page)
    rows = await load(info, "media.trends", obj.id, extras.trends, default=[])
    if releasing is not None:
        rows = [r for r in rows if r.releasing == releasing]
    for key, desc in reversed(sort_keys(sort)):
        if key in {"date", "score", "popularity", "trending", "episode", "id", "media_id"}:
            attr = {"score": "average_score"}.get(key, key)
            rows = sorted(rows, key=_nulls_last_by(attr), reverse=desc)
    window = rows[(page - 1) * per_page : page * per_page]
    return node_connection(window, len(rows), page, per_page)


BINDABLES = [media, media_title, cover_image, media_tag, airing_schedule, media_edge, media_trend]


def _nulls_last_by(attr: str) -> Callable[[Any], tuple[bool, Any]]:
    """Sort key on ``attr`` that keeps missing values after present ones."""

    def key(row: Any) -> tuple[bool, Any]:
        value = getattr(row, attr)
        return (value is None, value or 0)

    return key
