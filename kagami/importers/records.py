"""Importer output: plain, source-neutral media records the catalogue upsert consumes.

Every importer (bundled bangumi-data + arm, anime-offline-database, ...) parses its input
into ``MediaRecord`` values spelled in AniList's canonical enums; the database side never
sees a source format. Fields a source does not know stay ``None`` or empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

MediaFormat = Literal[
    "TV", "TV_SHORT", "MOVIE", "SPECIAL", "OVA", "ONA", "MUSIC", "MANGA", "NOVEL", "ONE_SHOT"
]
MediaStatus = Literal["FINISHED", "RELEASING", "NOT_YET_RELEASED", "CANCELLED", "HIATUS"]
MediaSeason = Literal["WINTER", "SPRING", "SUMMER", "FALL"]
MediaType = Literal["ANIME", "MANGA"]
LinkType = Literal["INFO", "STREAMING", "SOCIAL"]


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """AniList FuzzyDate: any part may be unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def from_date(cls, value: date) -> FuzzyDate:
        """Build a fully known FuzzyDate from a ``datetime.date``."""
        return cls(value.year, value.month, value.day)


@dataclass(frozen=True, slots=True)
class ExternalLink:
    """One AniList-style external link (``MediaExternalLink``)."""

    url: str
    site: str
    type: LinkType = "INFO"
    language: str | None = None


@dataclass(frozen=True, slots=True)
class MediaRecord:
    """One media entry as an importer sees it, ready to be upserted by AniList id."""

    anilist_id: int
    title_romaji: str
    mal_id: int | None = None
    type: MediaType = "ANIME"
    title_native: str | None = None
    title_english: str | None = None
    synonyms: tuple[str, ...] = ()
    format: MediaFormat | None = None
    status: MediaStatus | None = None
    start_date: FuzzyDate = field(default_factory=FuzzyDate)
    end_date: FuzzyDate = field(default_factory=FuzzyDate)
    season: MediaSeason | None = None
    season_year: int | None = None
    country_of_origin: str | None = None
    broadcast_day: str | None = None  # "monday".."sunday", Japan time (MAL's broadcast)
    broadcast_time: str | None = None  # "HH:MM", Japan time
    episodes: int | None = None
    duration: int | None = None  # minutes per episode
    cover_image: str | None = None
    genres: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    external_links: tuple[ExternalLink, ...] = ()
    source: str = ""  # which importer produced the record, e.g. "bangumi-data"


__all__ = [
    "ExternalLink",
    "FuzzyDate",
    "LinkType",
    "MediaFormat",
    "MediaRecord",
    "MediaSeason",
    "MediaStatus",
    "MediaType",
]
