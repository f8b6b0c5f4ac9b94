"""The v1 full series model, and what the series page and characters routes add to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue import connections
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.catalogue.stats import media_stats
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.models import genres_of, small_series
from kagami.dialects.anilist_v1.people_models import small_character, small_staff, studio_model
from kagami.social.enums import FavouriteKind
from kagami.social.favourites import favourite_ids

_BUCKETS = tuple(range(10, 101, 10))


def _deprecated_date(year: int | None, month: int | None, day: int | None) -> str | None:
    """The deprecated ``start_date``/``end_date``: a full date only, else null."""
    if year is None or month is None or day is None:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def full_series(
    media: Media,
    genres: Sequence[str],
    *,
    favourite: bool,
    scores: dict[int, int],
    statuses: dict[str, int],
) -> dict[str, Any]:
    """The seed's series model (every field, the anime or manga extras included)."""
    body = small_series(media, genres)
    body.update(
        start_date=_deprecated_date(media.start_year, media.start_month, media.start_day),
        end_date=_deprecated_date(media.end_year, media.end_month, media.end_day),
        season=mapping.season_int(media.season, media.season_year),
        description=media.description,
        favourite=favourite,
        image_url_banner=media.banner_image,
        score_distribution={str(b): scores.get(b, 0) for b in _BUCKETS},
        list_stats=statuses,
    )
    if media.type is MediaType.ANIME:
        youtube = media.trailer_id if (media.trailer_site or "").lower() == "youtube" else None
        source = None
        if media.source is not None:
            source = mapping.SOURCE_NAMES.get(media.source, mapping.OTHER_SOURCE)
        body.update(
            duration=media.duration,
            youtube_id=youtube,
            hashtag=media.hashtag,
            source=source,
            airing_stats=[],
        )
    else:
        body["total_volumes"] = media.volumes or 0
    return body


async def full_series_of(
    session: AsyncSession, media: Media, viewer_id: int | None
) -> dict[str, Any]:
    """The full model of one media: genres, list statistics and the viewer's favourite."""
    genres = (await genres_of(session, [media.id]))[media.id]
    stats = (await media_stats(session, [media.id])).get(media.id)
    keys = mapping.LIST_GROUP_KEYS[media.type]
    statuses = dict.fromkeys(keys.values(), 0)
    for status, amount in stats.statuses if stats else []:
        statuses[keys[status]] += amount
    favourite = False
    if viewer_id is not None:
        kind = FavouriteKind.ANIME if media.type is MediaType.ANIME else FavouriteKind.MANGA
        favourite = bool(await favourite_ids(session, viewer_id, kind, [media.id]))
    scores = dict(stats.scores) if stats else {}
    return full_series(media, genres, favourite=favourite, scores=scores, statuses=statuses)


async def characters_with_actors(
    session: AsyncSession, media: Media, limit: int | None
) -> list[dict[str, Any]]:
    """Small characters (main role first) each with its small actors (Japanese, for a page)."""
    per_page = limit if limit is not None else 10_000
    edges = await connections.character_edges(
        session, [media.id], role=None, sort=[], page=1, per_page=per_page
    )
    rows = edges[media.id].rows if media.id in edges else []
    language = "Japanese" if limit is not None else None
    actors = await connections.voice_actors(
        session, [edge.id for edge, _c in rows], language=language, sort=[]
    )
    out = []
    for edge, character in rows:
        model = small_character(character, edge.role)
        model["actor"] = [small_staff(staff) for _credit, staff in actors.get(edge.id, [])]
        out.append(model)
    return out


async def staff_of(session: AsyncSession, media: Media, limit: int | None) -> list[dict[str, Any]]:
    """Small staff models with their credit as ``role``, in credit order."""
    per_page = limit if limit is not None else 10_000
    edges = await connections.staff_edges(session, [media.id], sort=[], page=1, per_page=per_page)
    rows = edges[media.id].rows if media.id in edges else []
    return [small_staff(staff, edge.role) for edge, staff in rows]


async def page_extras(session: AsyncSession, media: Media) -> dict[str, Any]:
    """Relations (same type, then the other type), and for anime studios and external links."""
    related = (await connections.relations(session, [media.id])).get(media.id, [])
    genres = await genres_of(session, [m.id for _e, m in related])
    same: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    for edge, target in related:
        model = small_series(target, genres[target.id])
        model["relation_type"] = mapping.RELATION_TYPES[edge.relation_type]
        (same if target.type is media.type else other).append(model)
    if media.type is MediaType.MANGA:
        return {"relations": same, "relations_anime": other}
    studios = await connections.studio_edges(session, [media.id], is_main=None, sort=[])
    links = (await connections.external_links(session, [media.id])).get(media.id, [])
    studio_rows = studios[media.id].rows if media.id in studios else []
    return {
        "relations": same,
        "relations_manga": other,
        "studio": [studio_model(studio, edge.is_main) for edge, studio in studio_rows],
        "external_links": [{"id": x.id, "url": x.url, "site": x.site} for x in links],
    }


def airing_times(rows: Sequence[Any]) -> dict[str, int]:
    """``anime/{id}/airing``: episode number (as a key) -> air time (epoch seconds)."""
    return {str(row.episode): row.airing_at for row in rows}


def next_airing(row: Any | None, now: int) -> dict[str, Any] | None:
    """The ``airing`` object browse adds with ``airing_data``: the next episode, if any."""
    if row is None:
        return None
    return {"time": row.airing_at, "countdown": row.airing_at - now, "next_episode": row.episode}
