"""The one table of translations between MAL's v2 vocabulary and Kagami's canonical data.

Every MAL route (v2 and v0.21) reads and writes through these tables, so a value means the
same thing whichever dialect wrote it. Canonical terms are AniList's (lists/enums.py,
catalogue/enums.py); scores are POINT_100 (lists/scoring.py).

MAL ids: a media is addressed by its real ``id_mal``. A media without one gets the
synthetic MAL id ``SYNTHETIC_MAL_BASE + media.id``. Real MAL ids are far below 10^9
(anime ~6*10^4, manga ~2*10^5 in 2026) and AniList ids likewise, so the synthetic range
[10^9, 2^31) never collides with a real id and still fits a signed 32-bit int (clients
written in Java/Kotlin/C# parse ids as ``int``). A stored ``id_mal`` at or above the base
is not a MAL id and is ignored (:func:`mal_id_of`).
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Final

from kagami.catalogue.enums import (
    MediaFormat,
    MediaRelation,
    MediaSeason,
    MediaSource,
    MediaStatus,
    MediaType,
)
from kagami.lists.changes import FuzzyDate
from kagami.lists.enums import MediaListStatus
from kagami.lists.scoring import from_mal, to_mal

SYNTHETIC_MAL_BASE: Final = 1_000_000_000
MAX_MAL_ID: Final = 2**31 - 1

# ---- MAL ids --------------------------------------------------------------------------------


def mal_id_of(media_id: int, id_mal: int | None) -> int:
    """The MAL id a media answers to: its real idMal, else one from the synthetic range."""
    if id_mal is not None and 0 < id_mal < SYNTHETIC_MAL_BASE:
        return id_mal
    return SYNTHETIC_MAL_BASE + media_id


def synthetic_media_id(mal_id: int) -> int | None:
    """The Kagami media id behind a synthetic MAL id, or None for a real MAL id."""
    if SYNTHETIC_MAL_BASE < mal_id <= MAX_MAL_ID:
        return mal_id - SYNTHETIC_MAL_BASE
    return None


# ---- list statuses --------------------------------------------------------------------------

ANIME_LIST_STATUS: Final[dict[str, MediaListStatus]] = {
    "watching": MediaListStatus.CURRENT,
    "completed": MediaListStatus.COMPLETED,
    "on_hold": MediaListStatus.PAUSED,
    "dropped": MediaListStatus.DROPPED,
    "plan_to_watch": MediaListStatus.PLANNING,
}
MANGA_LIST_STATUS: Final[dict[str, MediaListStatus]] = {
    "reading": MediaListStatus.CURRENT,
    "completed": MediaListStatus.COMPLETED,
    "on_hold": MediaListStatus.PAUSED,
    "dropped": MediaListStatus.DROPPED,
    "plan_to_read": MediaListStatus.PLANNING,
}


def list_statuses(media_type: MediaType) -> dict[str, MediaListStatus]:
    """MAL's list-status names for anime or manga."""
    return ANIME_LIST_STATUS if media_type is MediaType.ANIME else MANGA_LIST_STATUS


# Canonical status -> MAL's name, for manga (False) and anime (True).
_STATUS_NAMES: Final = {
    anime: {value: name for name, value in statuses.items()}
    for anime, statuses in ((False, MANGA_LIST_STATUS), (True, ANIME_LIST_STATUS))
}


def status_to_mal(status: MediaListStatus, media_type: MediaType) -> tuple[str, bool]:
    """A canonical status as MAL's (status, is_rewatching/is_rereading); REPEATING is watching."""
    if status is MediaListStatus.REPEATING:
        status, repeating = MediaListStatus.CURRENT, True
    else:
        repeating = False
    return _STATUS_NAMES[media_type is MediaType.ANIME][status], repeating


def status_from_mal(
    status: str | None,
    repeating: bool | None,
    media_type: MediaType,
    current: MediaListStatus | None = None,
) -> MediaListStatus | None:
    """MAL's status + is_re* flag as the canonical status to store (None: leave as it is).

    Raises KeyError for a status name MAL does not know.
    """
    named = list_statuses(media_type)[status] if status is not None else None
    if repeating:
        return MediaListStatus.REPEATING
    if repeating is False and named is None and current is MediaListStatus.REPEATING:
        return MediaListStatus.CURRENT  # rewatch switched off: back to watching
    return named


# ---- scores ---------------------------------------------------------------------------------


_SCORES: Final = tuple(to_mal(raw) for raw in range(101))


def score_to_mal(raw: int) -> int:
    """A stored POINT_100 score as MAL's 0-10 (0 = unscored)."""
    return _SCORES[raw] if 0 <= raw <= 100 else to_mal(raw)


def score_from_mal(value: int) -> int:
    """MAL's 0-10 score as the POINT_100 value to store; ValueError outside 0-10."""
    return from_mal(value)


# ---- dates ----------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_to_mal(date: tuple[int | None, int | None, int | None]) -> str | None:
    """A fuzzy date as MAL's YYYY-MM-DD / YYYY-MM / YYYY; None when the year is unknown."""
    year, month, day = date
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_from_mal(text: str) -> FuzzyDate:
    """MAL's YYYY-MM-DD / YYYY-MM / YYYY (or "" to clear) as a fuzzy date; ValueError if not."""
    text = text.strip()
    if not text:
        return FuzzyDate()
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a date: {text[:32]!r}")
    year, month, day = (int(part) if part else None for part in match.groups())
    return FuzzyDate(year, month, day)


_YEAR_10000: Final = 253_402_300_800  # epoch of 10000-01-01: strftime's %Y is 4 digits below


def timestamp_to_mal(epoch: int) -> str:
    """Epoch seconds as MAL's ISO-8601 date-time (``2015-03-02T06:03:11+00:00``)."""
    if 0 <= epoch < _YEAR_10000:  # the same text, in a third of the time (1,000-entry lists)
        return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(epoch))
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


# ---- media types ----------------------------------------------------------------------------

ANIME_MEDIA_TYPE: Final[dict[MediaFormat, str]] = {
    MediaFormat.TV: "tv",
    MediaFormat.TV_SHORT: "tv",
    MediaFormat.MOVIE: "movie",
    MediaFormat.SPECIAL: "special",
    MediaFormat.OVA: "ova",
    MediaFormat.ONA: "ona",
    MediaFormat.MUSIC: "music",
}
# MAL media_type -> the canonical format it is stored as (several MAL types share one).
MEDIA_TYPE_FORMAT: Final[dict[str, MediaFormat]] = {
    "tv": MediaFormat.TV,
    "ova": MediaFormat.OVA,
    "movie": MediaFormat.MOVIE,
    "special": MediaFormat.SPECIAL,
    "ona": MediaFormat.ONA,
    "music": MediaFormat.MUSIC,
    "manga": MediaFormat.MANGA,
    "manhwa": MediaFormat.MANGA,
    "manhua": MediaFormat.MANGA,
    "doujinshi": MediaFormat.MANGA,
    "oel": MediaFormat.MANGA,
    "novel": MediaFormat.NOVEL,
    "light_novel": MediaFormat.NOVEL,
    "one_shot": MediaFormat.ONE_SHOT,
}
# Countries that tell manga, manhwa and manhua (and Japanese light novels) apart.
MANGA_COUNTRIES: Final[dict[str, tuple[str, ...]]] = {
    "manga": ("JP",),
    "manhwa": ("KR",),
    "manhua": ("CN", "TW", "HK"),
}


def media_type_to_mal(
    media_type: MediaType,
    fmt: MediaFormat | None,
    country: str | None = None,
    source: MediaSource | None = None,
) -> str:
    """The MAL media_type of a media ("unknown" when its format is not known)."""
    if fmt is None:
        return "unknown"
    if media_type is MediaType.ANIME:
        return ANIME_MEDIA_TYPE.get(fmt, "unknown")
    if fmt is MediaFormat.ONE_SHOT:
        return "one_shot"
    if fmt is MediaFormat.NOVEL:
        return "light_novel" if country in (None, "JP") else "novel"
    if fmt is not MediaFormat.MANGA:
        return "unknown"
    if source is MediaSource.DOUJINSHI:
        return "doujinshi"
    if country is None:
        return "manga"
    for name, countries in MANGA_COUNTRIES.items():
        if country in countries:
            return name
    return "oel"


# ---- media statuses and seasons ---------------------------------------------------------------

ANIME_STATUS: Final[dict[MediaStatus, str]] = {
    MediaStatus.FINISHED: "finished_airing",
    MediaStatus.RELEASING: "currently_airing",
    MediaStatus.HIATUS: "currently_airing",
    MediaStatus.NOT_YET_RELEASED: "not_yet_aired",
    MediaStatus.CANCELLED: "not_yet_aired",  # MAL keeps never-aired cancelled shows here
}
MANGA_STATUS: Final[dict[MediaStatus, str]] = {
    MediaStatus.FINISHED: "finished",
    MediaStatus.RELEASING: "currently_publishing",
    MediaStatus.NOT_YET_RELEASED: "not_yet_published",
    MediaStatus.HIATUS: "on_hiatus",
    MediaStatus.CANCELLED: "discontinued",
}


def media_status_to_mal(media_type: MediaType, status: MediaStatus | None) -> str | None:
    """MAL's airing/publishing status of a media; None when unknown (the field is omitted)."""
    if status is None:
        return None
    return (ANIME_STATUS if media_type is MediaType.ANIME else MANGA_STATUS)[status]


SEASONS: Final[dict[str, MediaSeason]] = {
    "winter": MediaSeason.WINTER,
    "spring": MediaSeason.SPRING,
    "summer": MediaSeason.SUMMER,
    "fall": MediaSeason.FALL,
}
SEASON_NAMES: Final[dict[MediaSeason, str]] = {v: k for k, v in SEASONS.items()}
SEASON_MONTHS: Final[dict[str, tuple[int, int]]] = {
    "winter": (1, 3),
    "spring": (4, 6),
    "summer": (7, 9),
    "fall": (10, 12),
}

# ---- ratings, nsfw, sources, relations --------------------------------------------------------

RATINGS: Final = ("g", "pg", "pg_13", "r", "r+", "rx")


def rating_to_mal(age_rating: str | None, is_adult: bool) -> str | None:
    """MAL's rating: the stored one when valid, rx for adult media, else None (omitted)."""
    if age_rating in RATINGS:
        return age_rating
    return "rx" if is_adult else None


def nsfw_to_mal(age_rating: str | None, is_adult: bool) -> str:
    """MAL's nsfw level: black for adult (rx), gray for mild nudity (r+), else white."""
    if is_adult or age_rating == "rx":
        return "black"
    return "gray" if age_rating == "r+" else "white"


SOURCES: Final[dict[MediaSource, str]] = {
    MediaSource.ORIGINAL: "original",
    MediaSource.MANGA: "manga",
    MediaSource.LIGHT_NOVEL: "light_novel",
    MediaSource.VISUAL_NOVEL: "visual_novel",
    MediaSource.VIDEO_GAME: "game",
    MediaSource.GAME: "game",
    MediaSource.OTHER: "other",
    MediaSource.NOVEL: "novel",
    MediaSource.DOUJINSHI: "manga",
    MediaSource.ANIME: "other",
    MediaSource.WEB_NOVEL: "web_novel",
    MediaSource.LIVE_ACTION: "other",
    MediaSource.COMIC: "manga",
    MediaSource.MULTIMEDIA_PROJECT: "mixed_media",
    MediaSource.PICTURE_BOOK: "picture_book",
}

RELATIONS: Final[dict[MediaRelation, str]] = {
    MediaRelation.SEQUEL: "sequel",
    MediaRelation.PREQUEL: "prequel",
    MediaRelation.ALTERNATIVE: "alternative_version",
    MediaRelation.SAME_UNIVERSE: "alternative_setting",
    MediaRelation.SIDE_STORY: "side_story",
    MediaRelation.PARENT: "parent_story",
    MediaRelation.SUMMARY: "summary",
    MediaRelation.COMPILATION: "summary",
    MediaRelation.CONTAINS: "full_story",
    MediaRelation.SPIN_OFF: "spin_off",
    MediaRelation.CHARACTER: "character",
    MediaRelation.ADAPTATION: "other",
    MediaRelation.SOURCE: "other",
    MediaRelation.OTHER: "other",
}
RELATION_FORMATTED: Final[dict[str, str]] = {
    "sequel": "Sequel",
    "prequel": "Prequel",
    "alternative_version": "Alternative version",
    "alternative_setting": "Alternative setting",
    "side_story": "Side story",
    "parent_story": "Parent story",
    "summary": "Summary",
    "full_story": "Full story",
    "spin_off": "Spin-off",
    "character": "Character",
    "other": "Other",
}

BROADCAST_DAYS: Final = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "other",
)
