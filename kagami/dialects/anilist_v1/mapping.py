"""The one table of AniList v1 (seed 001) names and enums, and their stored counterparts.

Every v1 route reads its wire spellings from here, so a name is fixed in one place.
"""

from __future__ import annotations

from collections.abc import Mapping

from kagami.accounts.enums import UserTitleLanguage
from kagami.catalogue.enums import (
    CharacterRole,
    MediaFormat,
    MediaRelation,
    MediaSeason,
    MediaSource,
    MediaStatus,
    MediaType,
)
from kagami.community.enums import ReviewRating
from kagami.digits import ascii_digits
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.lists.scoring import V1_SCORE_TYPE_BY_FORMAT, V1_SCORE_TYPES, from_v1, to_v1
from kagami.social.enums import ActivityType, NotificationType

# {series_type} path segment.
SERIES_TYPES: dict[str, MediaType] = {"anime": MediaType.ANIME, "manga": MediaType.MANGA}
SERIES_TYPE_NAMES: dict[MediaType, str] = {t: n for n, t in SERIES_TYPES.items()}

# "Media types" table: id -> string (Doujin/Manhua/Manhwa are manga told apart by origin).
MEDIA_TYPE_IDS: dict[int, str] = {
    0: "TV",
    1: "TV Short",
    2: "Movie",
    3: "Special",
    4: "OVA",
    5: "ONA",
    6: "Music",
    7: "Manga",
    8: "Novel",
    9: "One Shot",
    10: "Doujin",
    11: "Manhua",
    12: "Manhwa",
}
MEDIA_TYPE_BY_FORMAT: dict[MediaFormat, str] = {
    MediaFormat.TV: "TV",
    MediaFormat.TV_SHORT: "TV Short",
    MediaFormat.MOVIE: "Movie",
    MediaFormat.SPECIAL: "Special",
    MediaFormat.OVA: "OVA",
    MediaFormat.ONA: "ONA",
    MediaFormat.MUSIC: "Music",
    MediaFormat.MANGA: "Manga",
    MediaFormat.NOVEL: "Novel",
    MediaFormat.ONE_SHOT: "One Shot",
}
# Manga format by country of origin (seed's Manhua / Manhwa rows).
MANGA_TYPE_BY_COUNTRY: dict[str, str] = {"CN": "Manhua", "TW": "Manhua", "KR": "Manhwa"}

# "Status Types": anime airing_status and manga publishing_status strings.
AIRING_STATUS: dict[MediaStatus, str] = {
    MediaStatus.FINISHED: "finished airing",
    MediaStatus.RELEASING: "currently airing",
    MediaStatus.NOT_YET_RELEASED: "not yet aired",
    MediaStatus.CANCELLED: "cancelled",
    MediaStatus.HIATUS: "currently airing",  # v1 had no hiatus
}
PUBLISHING_STATUS: dict[MediaStatus, str] = {
    MediaStatus.FINISHED: "finished publishing",
    MediaStatus.RELEASING: "publishing",
    MediaStatus.NOT_YET_RELEASED: "not yet published",
    MediaStatus.CANCELLED: "cancelled",
    MediaStatus.HIATUS: "publishing",
}

# "Anime Source Types": anything newer than the seed reads as "Other".
SOURCE_NAMES: dict[MediaSource, str] = {
    MediaSource.ORIGINAL: "Original",
    MediaSource.MANGA: "Manga",
    MediaSource.LIGHT_NOVEL: "Light Novel",
    MediaSource.VISUAL_NOVEL: "Visual Novel",
    MediaSource.VIDEO_GAME: "Video Game",
}
OTHER_SOURCE = "Other"

# browse ``season`` words and the last digit of the series model's ``season`` int.
SEASON_WORDS: dict[str, MediaSeason] = {
    "winter": MediaSeason.WINTER,
    "spring": MediaSeason.SPRING,
    "summer": MediaSeason.SUMMER,
    "fall": MediaSeason.FALL,
}
SEASON_DIGITS: dict[MediaSeason, int] = {
    MediaSeason.WINTER: 1,
    MediaSeason.SPRING: 2,
    MediaSeason.SUMMER: 3,
    MediaSeason.FALL: 4,
}
# browse ``sort`` keys (append "-desc" for descending).
BROWSE_SORTS = ("id", "score", "popularity", "start_date", "end_date")
DESCENDING_SUFFIX = "-desc"

# List status words (payload ``list_status``) per series type; REPEATING reads as current.
LIST_STATUS_WORDS: dict[MediaType, dict[str, MediaListStatus]] = {
    MediaType.ANIME: {
        "watching": MediaListStatus.CURRENT,
        "completed": MediaListStatus.COMPLETED,
        "on-hold": MediaListStatus.PAUSED,
        "dropped": MediaListStatus.DROPPED,
        "plan to watch": MediaListStatus.PLANNING,
    },
    MediaType.MANGA: {
        "reading": MediaListStatus.CURRENT,
        "completed": MediaListStatus.COMPLETED,
        "on-hold": MediaListStatus.PAUSED,
        "dropped": MediaListStatus.DROPPED,
        "plan to read": MediaListStatus.PLANNING,
    },
}
_CURRENT_WORD: dict[MediaType, str] = {MediaType.ANIME: "watching", MediaType.MANGA: "reading"}
LIST_STATUS_NAMES: dict[MediaType, dict[MediaListStatus, str]] = {
    media_type: {
        **{status: word for word, status in words.items()},
        MediaListStatus.REPEATING: _CURRENT_WORD[media_type],
    }
    for media_type, words in LIST_STATUS_WORDS.items()
}
# Keys of ``list_stats`` and of a grouped list ("plan to watch" -> "plan_to_watch").
LIST_GROUP_KEYS: dict[MediaType, dict[MediaListStatus, str]] = {
    media_type: {s: w.replace(" ", "_").replace("-", "_") for s, w in names.items()}
    for media_type, names in LIST_STATUS_NAMES.items()
}

# "List score type" 0-4 (conversions live in kagami.lists.scoring, seed breakpoints there).
SCORE_TYPES: dict[int, ScoreFormat] = V1_SCORE_TYPES
SCORE_TYPE_BY_FORMAT: dict[ScoreFormat, int] = V1_SCORE_TYPE_BY_FORMAT
score_to_v1 = to_v1
score_from_v1 = from_v1
# "List score order": the user model's list_order.
LIST_ORDERS: dict[str, int] = {"score": 0, "title": 1}

# User model ``title_language``.
TITLE_LANGUAGES: dict[UserTitleLanguage, str] = {
    UserTitleLanguage.ROMAJI: "romaji",
    UserTitleLanguage.ROMAJI_STYLISED: "romaji",
    UserTitleLanguage.ENGLISH: "english",
    UserTitleLanguage.ENGLISH_STYLISED: "english",
    UserTitleLanguage.NATIVE: "japanese",
    UserTitleLanguage.NATIVE_STYLISED: "japanese",
}

# Series model field names: small model, then what the full model adds (seed's table).
SERIES_SMALL_FIELDS: tuple[str, ...] = (
    "id",
    "series_type",
    "title_romaji",
    "title_english",
    "title_japanese",
    "type",
    "start_date_fuzzy",
    "end_date_fuzzy",
    "synonyms",
    "genres",
    "adult",
    "average_score",
    "popularity",
    "image_url_sml",
    "image_url_med",
    "image_url_lge",
    "updated_at",
)
SERIES_SMALL_EXTRA: dict[MediaType, tuple[str, ...]] = {
    MediaType.ANIME: ("total_episodes", "airing_status"),
    MediaType.MANGA: ("total_chapters", "publishing_status"),
}
SERIES_FULL_FIELDS: tuple[str, ...] = (
    "start_date",
    "end_date",
    "season",
    "description",
    "favourite",
    "image_url_banner",
    "score_distribution",
    "list_stats",
)
SERIES_FULL_EXTRA: dict[MediaType, tuple[str, ...]] = {
    MediaType.ANIME: ("duration", "youtube_id", "hashtag", "source", "airing_stats"),
    MediaType.MANGA: ("total_volumes",),
}

# User models.
USER_SMALL_FIELDS: tuple[str, ...] = ("id", "display_name", "image_url_lge", "image_url_med")
USER_FIELDS: tuple[str, ...] = (
    "id",
    "display_name",
    "anime_time",
    "manga_chap",
    "about",
    "list_order",
    "adult_content",
    "following",
    "image_url_lge",
    "image_url_med",
    "image_url_banner",
    "title_language",
    "score_type",
    "custom_list_anime",
    "custom_list_manga",
    "advanced_rating",
    "advanced_rating_names",
    "notifications",
)
# The seed's user model shows exactly five custom list slots, blanks for unused ones.
CUSTOM_LIST_SLOTS = 5

# Forum "Tag Ids".
FORUM_TAGS: dict[int, str] = {
    1: "Anime",
    2: "Manga",
    3: "Light Novels",
    4: "Visual Novels",
    5: "Release Discussion",
    6: "(Unused)",
    7: "General",
    8: "News",
    9: "Music",
    10: "Gaming",
    11: "Site Feedback",
    12: "Bug Reports",
    13: "Site Announcements",
    14: "List Customisation",
    15: "Recommendations",
    16: "Forum Games",
    17: "Misc",
    18: "AniList Apps",
}


# browse ``type``: v1 type word (or its id) -> (stored format, country of origin or None).
BROWSE_TYPES: dict[str, tuple[MediaFormat, str | None]] = {
    **{name.lower(): (fmt, None) for fmt, name in MEDIA_TYPE_BY_FORMAT.items()},
    "manhua": (MediaFormat.MANGA, "CN"),
    "manhwa": (MediaFormat.MANGA, "KR"),
}
# browse ``status``: either series type's status words (HIATUS has none of its own).
BROWSE_STATUSES: dict[str, MediaStatus] = {
    word: status
    for table in (AIRING_STATUS, PUBLISHING_STATUS)
    for status, word in table.items()
    if status is not MediaStatus.HIATUS
}

# Small character model ``role``.
CHARACTER_ROLES: dict[CharacterRole, str] = {
    CharacterRole.MAIN: "Main",
    CharacterRole.SUPPORTING: "Supporting",
    CharacterRole.BACKGROUND: "Background",
}
# Series page relations' ``relation_type``.
RELATION_TYPES: dict[MediaRelation, str] = {
    r: r.value.lower().replace("_", " ") for r in MediaRelation
} | {MediaRelation.SPIN_OFF: "spin-off"}
# Review ``user_rating`` / rate payload ``rating``: 0 none, 1 up, 2 down.
REVIEW_RATINGS: dict[int, ReviewRating] = {
    0: ReviewRating.NO_VOTE,
    1: ReviewRating.UP_VOTE,
    2: ReviewRating.DOWN_VOTE,
}
REVIEW_RATING_NUMBERS: dict[ReviewRating, int] = {r: n for n, r in REVIEW_RATINGS.items()}
# Review ``text`` minimum (seed 001; AniList v2 asks for more).
REVIEW_TEXT_MIN = 2000
# Timestamps in reviews and the forum: "2014-05-03 14:44:15" (UTC).
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def browse_type(word: str) -> tuple[MediaFormat, str | None] | None:
    """The (format, country) a browse ``type`` names: a type string or its table id."""
    word = word.strip()
    if ascii_digits(word):
        word = MEDIA_TYPE_IDS.get(int(word), "") if len(word) < 4 else ""
    return BROWSE_TYPES.get(word.lower())


def character_role(role: str | None) -> str | None:
    """A stored CharacterRole as v1 spells it."""
    return CHARACTER_ROLES.get(CharacterRole(role)) if role else None


def series_type(segment: str) -> MediaType | None:
    """The media type a ``{series_type}`` segment names; None if it is neither word."""
    return SERIES_TYPES.get(segment.lower())


def media_type_name(fmt: MediaFormat | None, country: str | None) -> str | None:
    """The v1 ``type`` string for a stored format (and country, for Manhua/Manhwa)."""
    if fmt is None:
        return None
    if fmt is MediaFormat.MANGA and country in MANGA_TYPE_BY_COUNTRY:
        return MANGA_TYPE_BY_COUNTRY[country]
    return MEDIA_TYPE_BY_FORMAT[fmt]


def release_status(media_type: MediaType, status: MediaStatus | None) -> str | None:
    """``airing_status`` for anime, ``publishing_status`` for manga."""
    if status is None:
        return None
    table = AIRING_STATUS if media_type is MediaType.ANIME else PUBLISHING_STATUS
    return table[status]


def season_int(season: MediaSeason | None, year: int | None) -> int | None:
    """The series model's ``season``: two-digit year then season digit (164 = summer 2016)."""
    if season is None or year is None:
        return None
    return (year % 100) * 10 + SEASON_DIGITS[season]


def lookup_word(table: Mapping[str, object], word: str) -> object | None:
    """Case-insensitive lookup of a v1 word (clients send "Currently Airing" and lowercase)."""
    return table.get(word.strip().lower())


# Activity ``activity_type`` words (list activity of either media type reads as "list").
ACTIVITY_TYPES: dict[ActivityType, str] = {
    ActivityType.TEXT: "text",
    ActivityType.MESSAGE: "message",
    ActivityType.ANIME_LIST: "list",
    ActivityType.MANGA_LIST: "list",
    ActivityType.MEDIA_LIST: "list",
}
# Notification ``type``: the stored kind in lower case ("activity_reply", "following", ...).
NOTIFICATION_TYPES: dict[NotificationType, str] = {t: t.value.lower() for t in NotificationType}
