"""The words of MAL's list export and their canonical meaning, both ways.

Statuses are written as MAL's export writes them ("Watching", "Plan to Read") and read in
that form or MAL's numeric one (1 watching/reading, 2 completed, 3 on hold, 4 dropped,
6 plan to watch/read). Scores are MAL's 0-10; priorities Low/Medium/High (0-2); the
rewatch value Very Low..Very High (1-5, empty 0); booleans ``1``/``0`` for anime and
``YES``/``NO`` for manga; dates ``YYYY-MM-DD`` with ``00`` for an unknown part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from kagami.catalogue.enums import MediaType
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.enums import MediaListStatus
from kagami.lists.scoring import from_mal, to_mal

ID_FIELD: Final = {MediaType.ANIME: "series_animedb_id", MediaType.MANGA: "manga_mangadb_id"}
TITLE_FIELD: Final = {MediaType.ANIME: "series_title", MediaType.MANGA: "manga_title"}
REPEAT_FIELD: Final = {MediaType.ANIME: "my_times_watched", MediaType.MANGA: "my_times_read"}
REPEATING_FIELD: Final = {MediaType.ANIME: "my_rewatching", MediaType.MANGA: "my_rereading"}
VALUE_FIELD: Final = {MediaType.ANIME: "my_rewatch_value", MediaType.MANGA: "my_reread_value"}
PROGRESS_FIELD: Final = {
    MediaType.ANIME: "my_watched_episodes",
    MediaType.MANGA: "my_read_chapters",
}

STATUS_NAMES: Final = {
    MediaType.ANIME: {
        MediaListStatus.CURRENT: "Watching",
        MediaListStatus.COMPLETED: "Completed",
        MediaListStatus.PAUSED: "On-Hold",
        MediaListStatus.DROPPED: "Dropped",
        MediaListStatus.PLANNING: "Plan to Watch",
    },
    MediaType.MANGA: {
        MediaListStatus.CURRENT: "Reading",
        MediaListStatus.COMPLETED: "Completed",
        MediaListStatus.PAUSED: "On-Hold",
        MediaListStatus.DROPPED: "Dropped",
        MediaListStatus.PLANNING: "Plan to Read",
    },
}
STATUS_NUMBERS: Final = {
    "1": MediaListStatus.CURRENT,
    "2": MediaListStatus.COMPLETED,
    "3": MediaListStatus.PAUSED,
    "4": MediaListStatus.DROPPED,
    "6": MediaListStatus.PLANNING,
}
PRIORITIES: Final = ("Low", "Medium", "High")
REWATCH_VALUES: Final = ("", "Very Low", "Low", "Medium", "High", "Very High")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TRUE, _FALSE = {"1", "yes", "true"}, {"0", "no", "false", ""}


class EntryError(ValueError):
    """One entry's value MAL's format does not allow; the message names the field."""


@dataclass(frozen=True, slots=True)
class MalEntry:
    """One export entry in canonical terms: its MAL id, title, values and overwrite flag."""

    media_type: MediaType
    mal_id: int
    title: str
    changes: EntryChanges
    overwrite: bool


def _count(fields: dict[str, str], name: str, high: int = 1_000_000) -> int:
    text = fields.get(name, "") or "0"
    if not text.isascii() or not text.isdigit() or int(text) > high:
        raise EntryError(f"{name} is not a whole number from 0 to {high}: {text[:20]!r}")
    return int(text)


def _flag(fields: dict[str, str], name: str) -> bool:
    text = fields.get(name, "").casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise EntryError(f"{name} is neither 1/YES nor 0/NO: {text[:20]!r}")


def _date(fields: dict[str, str], name: str) -> FuzzyDate:
    text = fields.get(name, "") or "0000-00-00"
    match = _DATE.fullmatch(text)
    if match is None:
        raise EntryError(f"{name} is not a YYYY-MM-DD date: {text[:20]!r}")
    year, month, day = (int(part) or None for part in match.groups())
    if year is None:
        return FuzzyDate()
    return FuzzyDate(year, month, day if month is not None else None)


def _status(fields: dict[str, str], media_type: MediaType) -> MediaListStatus:
    text = fields.get("my_status", "")
    if not text:
        return MediaListStatus.PLANNING  # MAL's default when the element is left out
    if text in STATUS_NUMBERS:
        return STATUS_NUMBERS[text]
    for status, name in STATUS_NAMES[media_type].items():
        if text.casefold() == name.casefold():
            return status
    raise EntryError(f"my_status is not a MAL {media_type.value.lower()} status: {text[:30]!r}")


def _choice(fields: dict[str, str], name: str, words: tuple[str, ...]) -> int:
    text = fields.get(name, "")
    if text.isascii() and text.isdigit() and int(text) < len(words):
        return int(text)
    for index, word in enumerate(words):
        if text.casefold() == word.casefold():
            return index
    raise EntryError(f"{name} is not one of {', '.join(w for w in words if w)}: {text[:20]!r}")


def entry_from_fields(media_type: MediaType, fields: dict[str, str]) -> MalEntry:
    """An export entry's children as canonical values; :class:`EntryError` if one is wrong."""
    mal_id = _count(fields, ID_FIELD[media_type], 2**31 - 1)
    if mal_id == 0:
        raise EntryError(f"{ID_FIELD[media_type]} is missing")
    status = _status(fields, media_type)
    if _flag(fields, REPEATING_FIELD[media_type]):
        status = MediaListStatus.REPEATING
    score = _count(fields, "my_score", 10)
    tags = [t.strip() for t in fields.get("my_tags", "").split(",")]
    changes = EntryChanges(
        status=status,
        score=from_mal(score),
        progress=_count(fields, PROGRESS_FIELD[media_type]),
        repeat=_count(fields, REPEAT_FIELD[media_type]),
        priority=_choice(fields, "my_priority", PRIORITIES) if fields.get("my_priority") else 0,
        notes=fields.get("my_comments", ""),
        started_at=_date(fields, "my_start_date"),
        completed_at=_date(fields, "my_finish_date"),
        rewatch_value=_choice(fields, VALUE_FIELD[media_type], REWATCH_VALUES),
        tags=[t for t in tags if t],
    )
    if media_type is MediaType.MANGA:
        changes.progress_volumes = _count(fields, "my_read_volumes")
    return MalEntry(
        media_type=media_type,
        mal_id=mal_id,
        title=fields.get(TITLE_FIELD[media_type], "")[:200],
        changes=changes,
        overwrite=_flag(fields, "update_on_import"),
    )


def status_name(status: MediaListStatus, media_type: MediaType) -> tuple[str, bool]:
    """The export's status word and re-watching flag (REPEATING is watching, rewatching)."""
    if status is MediaListStatus.REPEATING:
        return STATUS_NAMES[media_type][MediaListStatus.CURRENT], True
    return STATUS_NAMES[media_type][status], False


def date_text(date: FuzzyDate) -> str:
    """A fuzzy date as the export writes it: ``0000-00-00`` when unknown, ``00`` parts."""
    year, month, day = date
    return f"{year or 0:04d}-{month or 0:02d}-{day or 0:02d}"


def flag_text(value: bool, media_type: MediaType) -> str:
    """``1``/``0`` in anime exports, ``YES``/``NO`` in manga exports."""
    if media_type is MediaType.MANGA:
        return "YES" if value else "NO"
    return "1" if value else "0"


def score_text(raw: int) -> str:
    """A stored POINT_100 score as MAL's 0-10."""
    return str(to_mal(raw))


def priority_text(priority: int) -> str:
    """Kagami's priority (MAL: 0-2; AniList allows more) as MAL's word."""
    return PRIORITIES[min(max(priority, 0), 2)]


def rewatch_value_text(value: int) -> str:
    """The 0-5 rewatch value as MAL's word (0: empty)."""
    return REWATCH_VALUES[min(max(value, 0), 5)]
