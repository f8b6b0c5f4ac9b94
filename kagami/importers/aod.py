"""anime-offline-database (AOD) entries mapped to source-neutral ``MediaRecord``s.

AOD (https://github.com/manami-project/anime-offline-database, ODbL 1.0 + DbCL 1.0)
cross-references ~40k anime across sites. Kagami keys media by AniList id, so an entry
without an ``anilist.co`` source is skipped. Parsing the files lives in ``aod_reader``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from kagami.importers.records import (
    ExternalLink,
    FuzzyDate,
    MediaFormat,
    MediaRecord,
    MediaSeason,
    MediaStatus,
)

SOURCE = "anime-offline-database"

FORMATS: Mapping[str, MediaFormat | None] = {
    "TV": "TV",
    "MOVIE": "MOVIE",
    "OVA": "OVA",
    "ONA": "ONA",
    "SPECIAL": "SPECIAL",
    "UNKNOWN": None,
}
STATUSES: Mapping[str, MediaStatus | None] = {
    "FINISHED": "FINISHED",
    "ONGOING": "RELEASING",
    "UPCOMING": "NOT_YET_RELEASED",
    "UNKNOWN": None,
}
SEASONS: Mapping[str, MediaSeason | None] = {
    "WINTER": "WINTER",
    "SPRING": "SPRING",
    "SUMMER": "SUMMER",
    "FALL": "FALL",
    "UNDEFINED": None,
}
ANILIST_GENRES = (
    "Action", "Adventure", "Comedy", "Drama", "Ecchi", "Fantasy", "Horror", "Mahou Shoujo",
    "Mecha", "Music", "Mystery", "Psychological", "Romance", "Sci-Fi", "Slice of Life",
    "Sports", "Supernatural", "Thriller",
)  # fmt: skip
# AOD tag (lower case) -> AniList genre; two common spellings besides the genre names.
GENRE_OF_TAG: Mapping[str, str] = {
    **{genre.lower(): genre for genre in ANILIST_GENRES},
    "science fiction": "Sci-Fi",
    "magical girl": "Mahou Shoujo",
}
SITE_NAMES: Mapping[str, str] = {
    "anidb.net": "AniDB",  # the same name the bundled catalogue uses, so links merge
    "anime-planet.com": "Anime-Planet",
    "animecountdown.com": "AnimeCountdown",
    "animenewsnetwork.com": "Anime News Network",
    "anisearch.com": "aniSearch",
    "kitsu.app": "Kitsu",
    "kitsu.io": "Kitsu",
    "livechart.me": "LiveChart.me",
    "notify.moe": "Notify.moe",
    "simkl.com": "Simkl",
}
_ANILIST = re.compile(r"https?://(?:www\.)?anilist\.co/anime/(\d+)")
_MAL = re.compile(r"https?://(?:www\.)?myanimelist\.net/anime/(\d+)")
_NO_PICTURE = "/pics/no_pic"  # AOD's placeholder picture and thumbnail
_MAX_NAME = 128  # media_tags.name length; studios allow more, but no real name is that long
_MAX_TITLE = 512
_MAX_URL = 512


class InvalidEntry(ValueError):
    """An entry that does not follow the AOD schema closely enough to import."""


def ids_from_sources(sources: Sequence[str]) -> tuple[int | None, int | None]:
    """The (AniList id, MAL id) named by an entry's ``sources`` URLs; first match wins."""
    anilist = next((int(m[1]) for s in sources if (m := _ANILIST.fullmatch(s))), None)
    mal = next((int(m[1]) for s in sources if (m := _MAL.fullmatch(s))), None)
    return anilist, mal


def site_name(url: str) -> str:
    """A human site name for a source URL (the host without ``www.`` when unknown)."""
    host = (urlsplit(url).hostname or url).removeprefix("www.")
    return SITE_NAMES.get(host, host)


def links_from_sources(sources: Sequence[str]) -> tuple[ExternalLink, ...]:
    """INFO links for every source except AniList and MAL (those become ids)."""
    return tuple(
        ExternalLink(url, site_name(url), "INFO")
        for url in dict.fromkeys(sources)
        if not (_ANILIST.fullmatch(url) or _MAL.fullmatch(url)) and len(url) <= _MAX_URL
    )


def split_tags(tags: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split AOD tags into (AniList genres, remaining tags), matching genres case-insensitively."""
    genres: dict[str, None] = {}
    rest: dict[str, None] = {}
    for tag in tags:
        name = " ".join(tag.split())
        genre = GENRE_OF_TAG.get(name.lower())
        if genre:
            genres[genre] = None
        elif name and len(name) <= _MAX_NAME:
            rest[name] = None
    return tuple(genres), tuple(rest)


def duration_minutes(duration: Mapping[str, Any] | None) -> int | None:
    """Minutes per episode from AOD's ``{value, unit: SECONDS}`` (at least 1 when known)."""
    if not duration or duration.get("unit", "SECONDS") != "SECONDS":
        return None
    seconds = duration.get("value")
    if not isinstance(seconds, int | float) or seconds <= 0:
        return None
    return max(1, round(seconds / 60))


def _picture(entry: Mapping[str, Any]) -> str | None:
    for key in ("picture", "thumbnail"):
        url = entry.get(key)
        if isinstance(url, str) and url and _NO_PICTURE not in url and len(url) <= _MAX_URL:
            return url
    return None


def _strings(entry: Mapping[str, Any], key: str) -> list[str]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidEntry(f"{key} is not a list of strings")
    return value


def map_entry(entry: Mapping[str, Any]) -> MediaRecord | None:
    """One AOD entry as a ``MediaRecord``; ``None`` when it has no AniList source."""
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InvalidEntry("entry has no title")
    anilist_id, mal_id = ids_from_sources(_strings(entry, "sources"))
    if anilist_id is None:
        return None
    season_info = entry.get("animeSeason") or {}
    year = season_info.get("year") if isinstance(season_info, dict) else None
    year = int(year) if isinstance(year, int | float) and year > 0 else None
    season = SEASONS.get(season_info.get("season", "")) if isinstance(season_info, dict) else None
    episodes = entry.get("episodes")
    genres, tags = split_tags(_strings(entry, "tags"))
    title = " ".join(title.split())[:_MAX_TITLE]
    return MediaRecord(
        anilist_id=anilist_id,
        mal_id=mal_id,
        title_romaji=title,
        synonyms=tuple(s for s in dict.fromkeys(_strings(entry, "synonyms")) if s != title),
        format=FORMATS.get(entry.get("type", "")),
        status=STATUSES.get(entry.get("status", "")),
        start_date=FuzzyDate(year=year),
        season=season if year else None,
        season_year=year if season else None,
        episodes=int(episodes) if isinstance(episodes, int | float) and episodes > 0 else None,
        duration=duration_minutes(entry.get("duration")),
        cover_image=_picture(entry),
        genres=genres,
        tags=tags,
        studios=tuple(
            s for s in dict.fromkeys(_strings(entry, "studios")) if s and len(s) <= _MAX_NAME
        ),
        external_links=links_from_sources(_strings(entry, "sources")),
        source=SOURCE,
    )


__all__ = [
    "ANILIST_GENRES",
    "FORMATS",
    "SEASONS",
    "SOURCE",
    "STATUSES",
    "InvalidEntry",
    "duration_minutes",
    "ids_from_sources",
    "links_from_sources",
    "map_entry",
    "site_name",
    "split_tags",
]
