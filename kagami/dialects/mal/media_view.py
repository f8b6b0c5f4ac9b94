"""Media as MAL's anime/manga objects: the requested ``fields``, loaded in batches.

``id``, ``title`` and ``main_picture`` are always present. Fields we hold no value for are
omitted, as MAL omits what it cannot compute (``mean``, ``rank``, dates); counts we do not
know are 0 as on MAL (``num_episodes``). Detail-only fields are ignored in lists.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final

import nh3
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.dialects.mal import loaders, mapping
from kagami.dialects.mal.fields import Fields
from kagami.dialects.mal.list_status import render_list_status
from kagami.lists.changes import FuzzyDate
from kagami.lists.enums import MediaListStatus

DETAIL_ONLY: Final = frozenset(
    {
        "pictures",
        "background",
        "related_anime",
        "related_manga",
        "recommendations",
        "statistics",
        "serialization",
    }
)
# MAL's own genre ids for the genres the catalogue uses (others get a stable id >= 10^6).
GENRE_IDS: Final[dict[str, int]] = {
    "Action": 1,
    "Adventure": 2,
    "Comedy": 4,
    "Mystery": 7,
    "Drama": 8,
    "Ecchi": 9,
    "Fantasy": 10,
    "Hentai": 12,
    "Horror": 14,
    "Mecha": 18,
    "Music": 19,
    "Romance": 22,
    "Sci-Fi": 24,
    "Sports": 30,
    "Slice of Life": 36,
    "Supernatural": 37,
    "Psychological": 40,
    "Thriller": 41,
    "Mahou Shoujo": 66,
}
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_STATISTICS_STATUSES: Final = (
    ("watching", (MediaListStatus.CURRENT, MediaListStatus.REPEATING)),
    ("completed", (MediaListStatus.COMPLETED,)),
    ("on_hold", (MediaListStatus.PAUSED,)),
    ("dropped", (MediaListStatus.DROPPED,)),
    ("plan_to_watch", (MediaListStatus.PLANNING,)),
)


def genre_id(name: str) -> int:
    """MAL's id of a genre, or a stable one outside MAL's range."""
    return GENRE_IDS.get(name) or 1_000_000 + zlib.crc32(name.encode()) % 1_000_000


def plain_text(text: str | None) -> str:
    """Stored description HTML/Markdown as MAL's plain synopsis."""
    if not text:
        return ""
    return html.unescape(nh3.clean(_BREAK.sub("\n", text), tags=set())).strip()


def mal_id(media: Media) -> int:
    """The MAL id of a media row."""
    return mapping.mal_id_of(media.id, media.id_mal)


def picture(media: Media) -> dict[str, str] | None:
    """``main_picture``: medium and large cover URLs; None without a cover."""
    medium = media.cover_medium or media.cover_large or media.cover_extra_large
    if medium is None:
        return None
    return {"medium": medium, "large": media.cover_large or media.cover_extra_large or medium}


def base_node(media: Media) -> dict[str, Any]:
    """The always-present part: id, title, main_picture."""
    title = media.title_romaji or media.title_english or media.title_native or ""
    node: dict[str, Any] = {"id": mal_id(media), "title": title}
    cover = picture(media)
    if cover is not None:
        node["main_picture"] = cover
    return node


def _dates(media: Media) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, prefix in (("start_date", "start"), ("end_date", "end")):
        parts = (getattr(media, f"{prefix}_{part}") for part in ("year", "month", "day"))
        text = mapping.date_to_mal(FuzzyDate(*parts))
        if text is not None:
            out[key] = text
    return out


# Fields computed from the media row alone.
PLAIN_NAMES: Final = frozenset(
    {
        "alternative_titles", "synopsis", "num_list_users", "num_scoring_users", "num_favorites",
        "nsfw", "created_at", "updated_at", "media_type", "background", "pictures", "start_date",
        "end_date", "mean", "status", "num_volumes", "num_chapters", "num_episodes",
        "average_episode_duration", "start_season", "broadcast", "source", "rating",
        "opening_themes", "ending_themes",
    }
)  # fmt: skip


# Fields that come from a batched loader (or the caller's list entry).
LOADED_NAMES: Final = frozenset(
    {
        "genres", "studios", "authors", "serialization", "statistics", "recommendations",
        "related_anime", "related_manga", "popularity", "rank", "my_list_status",
    }
)  # fmt: skip


def detail_names(fields: Fields) -> tuple[str, ...]:
    """The requested names a detail answer can show, in request order (its cache key)."""
    return tuple(name for name in fields if name in PLAIN_NAMES or name in LOADED_NAMES)


def _plain_fields(media: Media, wanted: set[str]) -> dict[str, Any]:
    """The fields computed from the media row alone (the costly synopsis only when wanted)."""
    out: dict[str, Any] = {
        "alternative_titles": {
            "synonyms": list(media.synonyms or []),
            "en": media.title_english or "",
            "ja": media.title_native or "",
        },
        "synopsis": plain_text(media.description) if "synopsis" in wanted else "",
        "num_list_users": media.popularity,
        "num_scoring_users": media.scored_count,
        "num_favorites": media.favourites,
        "nsfw": mapping.nsfw_to_mal(media.age_rating, media.is_adult),
        "created_at": mapping.timestamp_to_mal(media.created_at),
        "updated_at": mapping.timestamp_to_mal(media.updated_at),
        "media_type": mapping.media_type_to_mal(
            media.type, media.format, media.country_of_origin, media.source
        ),
        "background": media.background or "",
        "pictures": [p for p in media.pictures or [] if isinstance(p, dict)],
        **_dates(media),
    }
    mean = media.mean_score if media.mean_score is not None else media.average_score
    if mean is not None:
        out["mean"] = round(mean / 10, 2)
    status = mapping.media_status_to_mal(media.type, media.status)
    if status is not None:
        out["status"] = status
    if media.type is MediaType.ANIME:
        _anime_fields(media, out)
    else:
        out["num_volumes"] = media.volumes or 0
        out["num_chapters"] = media.chapters or 0
    return out


def _anime_fields(media: Media, out: dict[str, Any]) -> None:
    out["num_episodes"] = media.episodes or 0
    out["average_episode_duration"] = (media.duration or 0) * 60
    if media.season is not None and media.season_year is not None:
        out["start_season"] = {
            "year": media.season_year,
            "season": mapping.SEASON_NAMES[media.season],
        }
    if media.broadcast_day in mapping.BROADCAST_DAYS:
        broadcast: dict[str, Any] = {"day_of_the_week": media.broadcast_day}
        if media.broadcast_time:
            broadcast["start_time"] = media.broadcast_time
        out["broadcast"] = broadcast
    if media.source is not None:
        out["source"] = mapping.SOURCES[media.source]
    rating = mapping.rating_to_mal(media.age_rating, media.is_adult)
    if rating is not None:
        out["rating"] = rating
    for key, texts in (
        ("opening_themes", media.opening_themes),
        ("ending_themes", media.ending_themes),
    ):
        out[key] = [
            {"id": index, "anime_id": mal_id(media), "text": text}
            for index, text in enumerate(texts or [], start=1)
        ]


Extra = Callable[[AsyncSession, Sequence[int]], Awaitable[dict[int, Any]]]


async def _load(
    session: AsyncSession, wanted: set[str], ids: list[int], user_id: int | None
) -> dict[str, dict[int, Any]]:
    """Run only the loaders the requested fields need, one statement each."""
    plan: dict[str, Extra] = {
        "genres": loaders.genres,
        "studios": loaders.studios,
        "authors": loaders.authors,
        "serialization": loaders.magazines,
        "statistics": loaders.status_counts,
        "recommendations": loaders.recommendations,
    }
    loaded: dict[str, dict[int, Any]] = {}
    for name, loader in plan.items():
        if name in wanted:
            loaded[name] = await loader(session, ids)
    if wanted & {"related_anime", "related_manga"}:
        loaded["related"] = await loaders.relations(session, ids)
    if wanted & {"rank", "popularity"}:
        loaded["ranks"] = await loaders.ranks(session, ids)
    if "my_list_status" in wanted and user_id is not None:
        loaded["my_list_status"] = await loaders.entries(session, user_id, ids)
    return loaded


def _related(media: Media, loaded: dict[str, dict[int, Any]], kind: MediaType) -> list[Any]:
    out = []
    for other, edge in loaded["related"].get(media.id, []):
        if other.type is kind:
            relation = mapping.RELATIONS[edge.relation_type]
            out.append(
                {
                    "node": base_node(other),
                    "relation_type": relation,
                    "relation_type_formatted": mapping.RELATION_FORMATTED[relation],
                }
            )
    return out


def _statistics(media: Media, counts: dict[MediaListStatus, int]) -> dict[str, Any]:
    status = {
        name: str(sum(counts.get(s, 0) for s in statuses))
        for name, statuses in _STATISTICS_STATUSES
    }
    return {"num_list_users": sum(counts.values()), "status": status}


def _loaded_fields(
    media: Media, fields: Fields, loaded: dict[str, dict[int, Any]]
) -> dict[str, Any]:
    """The requested fields that come from a batched loader."""
    out: dict[str, Any] = {}
    if "genres" in loaded:
        names = loaded["genres"].get(media.id, [])
        out["genres"] = [{"id": genre_id(name), "name": name} for name in names]
    if "studios" in loaded:
        out["studios"] = loaded["studios"].get(media.id, [])
    if "serialization" in loaded:
        out["serialization"] = loaded["serialization"].get(media.id, [])
    if "authors" in loaded:
        out["authors"] = [
            {
                "node": {
                    "id": s.id,
                    "first_name": s.name_first or "",
                    "last_name": s.name_last or "",
                },
                "role": role,
            }
            for s, role in loaded["authors"].get(media.id, [])
        ]
    if "statistics" in loaded:
        out["statistics"] = _statistics(media, loaded["statistics"].get(media.id, {}))
    if "recommendations" in loaded:
        out["recommendations"] = [
            {"node": base_node(other), "num_recommendations": votes}
            for other, votes in loaded["recommendations"].get(media.id, [])
        ]
    if "related" in loaded:
        out["related_anime"] = _related(media, loaded, MediaType.ANIME)
        out["related_manga"] = _related(media, loaded, MediaType.MANGA)
    if "ranks" in loaded:
        rank, popularity = loaded["ranks"].get(media.id, (None, 0))
        out["popularity"] = popularity
        if rank is not None:
            out["rank"] = rank
    entry = loaded.get("my_list_status", {}).get(media.id)
    if entry is not None:
        out["my_list_status"] = render_list_status(entry, media.type, fields.sub("my_list_status"))
    return out


async def render_media(
    session: AsyncSession,
    rows: Sequence[Media],
    fields: Fields,
    *,
    detail: bool = False,
    user_id: int | None = None,
) -> list[dict[str, Any]]:
    """MAL objects for ``rows`` with the requested fields (detail-only ones only in detail)."""
    wanted = set(fields) if detail else set(fields) - DETAIL_ONLY
    loaded = await _load(session, wanted, [m.id for m in rows], user_id) if rows else {}
    out = []
    for media in rows:
        node = base_node(media)
        plain = _plain_fields(media, wanted) if wanted & PLAIN_NAMES else {}
        if loaded:
            plain.update(_loaded_fields(media, fields, loaded))
        for name in fields:
            if name in wanted and name in plain and name not in node:
                node[name] = plain[name]
        out.append(node)
    return out
