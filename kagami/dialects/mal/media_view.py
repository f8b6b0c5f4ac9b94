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


_OMIT: Final = object()  # a field's value when MAL leaves the field out


def _date(year: int | None, month: int | None, day: int | None) -> Any:
    text = mapping.date_to_mal(FuzzyDate(year, month, day))
    return _OMIT if text is None else text


def _mean(media: Any) -> Any:
    mean = media.mean_score if media.mean_score is not None else media.average_score
    return _OMIT if mean is None else round(mean / 10, 2)


def _start_season(media: Any) -> Any:
    if media.season is None or media.season_year is None:
        return _OMIT
    return {"year": media.season_year, "season": mapping.SEASON_NAMES[media.season]}


def _broadcast(media: Any) -> Any:
    if media.broadcast_day not in mapping.BROADCAST_DAYS:
        return _OMIT
    broadcast: dict[str, Any] = {"day_of_the_week": media.broadcast_day}
    if media.broadcast_time:
        broadcast["start_time"] = media.broadcast_time
    return broadcast


def _themes(media: Any, texts: list[str] | None) -> list[dict[str, Any]]:
    return [
        {"id": index, "anime_id": mal_id(media), "text": text}
        for index, text in enumerate(texts or [], start=1)
    ]


def _optional(value: Any) -> Any:
    return _OMIT if value is None else value


# Fields computed from the media row alone: name -> (the columns it reads, its value).
PLAIN: Final[dict[str, tuple[tuple[str, ...], Callable[[Any], Any]]]] = {
    "alternative_titles": (
        ("synonyms", "title_english", "title_native"),
        lambda m: {
            "synonyms": list(m.synonyms or []),
            "en": m.title_english or "",
            "ja": m.title_native or "",
        },
    ),
    "synopsis": (("description",), lambda m: plain_text(m.description)),
    "num_list_users": (("popularity",), lambda m: m.popularity),
    "num_scoring_users": (("scored_count",), lambda m: m.scored_count),
    "num_favorites": (("favourites",), lambda m: m.favourites),
    "nsfw": (("age_rating", "is_adult"), lambda m: mapping.nsfw_to_mal(m.age_rating, m.is_adult)),
    "created_at": (("created_at",), lambda m: mapping.timestamp_to_mal(m.created_at)),
    "updated_at": (("updated_at",), lambda m: mapping.timestamp_to_mal(m.updated_at)),
    "media_type": (
        ("format", "country_of_origin", "source"),
        lambda m: mapping.media_type_to_mal(m.type, m.format, m.country_of_origin, m.source),
    ),
    "background": (("background",), lambda m: m.background or ""),
    "pictures": (("pictures",), lambda m: [p for p in m.pictures or [] if isinstance(p, dict)]),
    "start_date": (
        ("start_year", "start_month", "start_day"),
        lambda m: _date(m.start_year, m.start_month, m.start_day),
    ),
    "end_date": (
        ("end_year", "end_month", "end_day"),
        lambda m: _date(m.end_year, m.end_month, m.end_day),
    ),
    "mean": (("mean_score", "average_score"), _mean),
    "status": (("status",), lambda m: _optional(mapping.media_status_to_mal(m.type, m.status))),
    # manga only
    "num_volumes": (("volumes",), lambda m: m.volumes or 0),
    "num_chapters": (("chapters",), lambda m: m.chapters or 0),
    # anime only
    "num_episodes": (("episodes",), lambda m: m.episodes or 0),
    "average_episode_duration": (("duration",), lambda m: (m.duration or 0) * 60),
    "start_season": (("season", "season_year"), _start_season),
    "broadcast": (("broadcast_day", "broadcast_time"), _broadcast),
    "source": (("source",), lambda m: _OMIT if m.source is None else mapping.SOURCES[m.source]),
    "rating": (
        ("age_rating", "is_adult"),
        lambda m: _optional(mapping.rating_to_mal(m.age_rating, m.is_adult)),
    ),
    "opening_themes": (("opening_themes",), lambda m: _themes(m, m.opening_themes)),
    "ending_themes": (("ending_themes",), lambda m: _themes(m, m.ending_themes)),
}
PLAIN_NAMES: Final = frozenset(PLAIN)
MANGA_ONLY: Final = frozenset({"num_volumes", "num_chapters"})
ANIME_ONLY: Final = frozenset(
    {
        "num_episodes", "average_episode_duration", "start_season", "broadcast", "source",
        "rating", "opening_themes", "ending_themes",
    }
)  # fmt: skip
BASE_COLUMNS: Final = loaders.BASE_COLUMNS
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


def columns_for(fields: Fields, *, detail: bool = False) -> tuple[str, ...]:
    """The media columns the nodes of ``fields`` read (for Core SELECTs of just those)."""
    wanted = set(fields) if detail else set(fields) - DETAIL_ONLY
    needed = dict.fromkeys(BASE_COLUMNS)
    for name in fields:
        if name in wanted and name in PLAIN:
            needed.update(dict.fromkeys(PLAIN[name][0]))
    return tuple(needed)


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
    for other, relation_type in loaded["related"].get(media.id, []):
        if other.type is kind:
            relation = mapping.RELATIONS[relation_type]
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
    rows: Sequence[Any],
    fields: Fields,
    *,
    detail: bool = False,
    user_id: int | None = None,
) -> list[dict[str, Any]]:
    """MAL objects for ``rows`` with the requested fields (detail-only ones only in detail).

    ``rows`` are Media or read-only records holding at least :func:`columns_for`'s columns.
    """
    wanted = set(fields) if detail else set(fields) - DETAIL_ONLY
    loaded = await _load(session, wanted, [m.id for m in rows], user_id) if rows else {}
    out = []
    for media in rows:
        node = base_node(media)
        extra = _loaded_fields(media, fields, loaded) if loaded else {}
        skip = MANGA_ONLY if media.type is MediaType.ANIME else ANIME_ONLY
        for name in fields:
            if name not in wanted or name in node or name in skip:
                continue
            plain = PLAIN.get(name)
            if plain is not None:
                value = plain[1](media)
                if value is not _OMIT:
                    node[name] = value
            elif name in extra:
                node[name] = extra[name]
        out.append(node)
    return out
