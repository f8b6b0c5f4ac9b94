"""Catalogue enums; each value is exactly the AniList GraphQL schema spelling."""

from __future__ import annotations

import enum


class MediaType(enum.StrEnum):
    """Anime or manga."""

    ANIME = "ANIME"
    MANGA = "MANGA"


class MediaFormat(enum.StrEnum):
    """The format the media was released in."""

    TV = "TV"
    TV_SHORT = "TV_SHORT"
    MOVIE = "MOVIE"
    SPECIAL = "SPECIAL"
    OVA = "OVA"
    ONA = "ONA"
    MUSIC = "MUSIC"
    MANGA = "MANGA"
    NOVEL = "NOVEL"
    ONE_SHOT = "ONE_SHOT"


class MediaStatus(enum.StrEnum):
    """The current releasing status of the media."""

    FINISHED = "FINISHED"
    RELEASING = "RELEASING"
    NOT_YET_RELEASED = "NOT_YET_RELEASED"
    CANCELLED = "CANCELLED"
    HIATUS = "HIATUS"


class MediaSeason(enum.StrEnum):
    """The season the media was initially released in."""

    WINTER = "WINTER"
    SPRING = "SPRING"
    SUMMER = "SUMMER"
    FALL = "FALL"


class MediaSource(enum.StrEnum):
    """Source material the media was adapted from."""

    ORIGINAL = "ORIGINAL"
    MANGA = "MANGA"
    LIGHT_NOVEL = "LIGHT_NOVEL"
    VISUAL_NOVEL = "VISUAL_NOVEL"
    VIDEO_GAME = "VIDEO_GAME"
    OTHER = "OTHER"
    NOVEL = "NOVEL"
    DOUJINSHI = "DOUJINSHI"
    ANIME = "ANIME"
    WEB_NOVEL = "WEB_NOVEL"
    LIVE_ACTION = "LIVE_ACTION"
    GAME = "GAME"
    COMIC = "COMIC"
    MULTIMEDIA_PROJECT = "MULTIMEDIA_PROJECT"
    PICTURE_BOOK = "PICTURE_BOOK"


class MediaRelation(enum.StrEnum):
    """Type of relation one media has to another."""

    ADAPTATION = "ADAPTATION"
    PREQUEL = "PREQUEL"
    SEQUEL = "SEQUEL"
    PARENT = "PARENT"
    SIDE_STORY = "SIDE_STORY"
    CHARACTER = "CHARACTER"
    SUMMARY = "SUMMARY"
    ALTERNATIVE = "ALTERNATIVE"
    SPIN_OFF = "SPIN_OFF"
    OTHER = "OTHER"
    SOURCE = "SOURCE"
    COMPILATION = "COMPILATION"
    CONTAINS = "CONTAINS"
    SAME_UNIVERSE = "SAME_UNIVERSE"


class CharacterRole(enum.StrEnum):
    """The role a character plays in a media."""

    MAIN = "MAIN"
    SUPPORTING = "SUPPORTING"
    BACKGROUND = "BACKGROUND"


class StaffLanguage(enum.StrEnum):
    """Primary language of a staff member or voice actor."""

    JAPANESE = "JAPANESE"
    ENGLISH = "ENGLISH"
    KOREAN = "KOREAN"
    ITALIAN = "ITALIAN"
    SPANISH = "SPANISH"
    PORTUGUESE = "PORTUGUESE"
    FRENCH = "FRENCH"
    GERMAN = "GERMAN"
    HEBREW = "HEBREW"
    HUNGARIAN = "HUNGARIAN"


class ExternalLinkType(enum.StrEnum):
    """Kind of site an external link points to."""

    INFO = "INFO"
    STREAMING = "STREAMING"
    SOCIAL = "SOCIAL"


class ExternalLinkMediaType(enum.StrEnum):
    """What an external link source applies to."""

    ANIME = "ANIME"
    MANGA = "MANGA"
    STAFF = "STAFF"


class MediaRankType(enum.StrEnum):
    """Whether a ranking is by score or by popularity."""

    RATED = "RATED"
    POPULAR = "POPULAR"


__all__ = [
    "CharacterRole",
    "ExternalLinkMediaType",
    "ExternalLinkType",
    "MediaFormat",
    "MediaRankType",
    "MediaRelation",
    "MediaSeason",
    "MediaSource",
    "MediaStatus",
    "MediaType",
    "StaffLanguage",
]
