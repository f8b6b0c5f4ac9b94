"""A list-entry write: its fields, the schema's bounds on them, and AniList's automatic rules.

A field left ``None`` in :class:`EntryChanges` is left as it is; a date given as
``FuzzyDate(None, None, None)`` is cleared. :func:`apply` changes an entry in place and
fills what AniList fills by itself: a start date when watching starts, completion (with
its date) when progress reaches the last episode or chapter, a finished rewatch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, NamedTuple

from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry

MAX_REPEAT = 1000
MAX_PRIORITY = 255
MAX_NOTES = 6000
MAX_CUSTOM_LISTS = 100  # names per entry (a user's custom lists are bounded the same way)
MAX_REWATCH_VALUE = 5  # MAL's rewatch/reread value 0-5
MAX_TAGS = 100  # MAL tags per entry
MAX_TAG_LENGTH = 100


class FuzzyDate(NamedTuple):
    """A date whose parts may each be unknown (AniList FuzzyDate)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, day: date) -> FuzzyDate:
        """A fully known date."""
        return cls(day.year, day.month, day.day)

    @property
    def is_empty(self) -> bool:
        """Whether no part is known."""
        return self.year is None and self.month is None and self.day is None


class Totals(NamedTuple):
    """The media's length: episodes (anime) or chapters (manga), and volumes; None = unknown."""

    units: int | None
    volumes: int | None


@dataclass
class EntryChanges:
    """The fields a save or bulk update sets, in canonical terms (score is POINT_100)."""

    status: MediaListStatus | None = None
    score: int | None = None
    progress: int | None = None
    progress_volumes: int | None = None
    repeat: int | None = None
    priority: int | None = None
    private: bool | None = None
    notes: str | None = None
    hidden_from_status_lists: bool | None = None
    custom_lists: list[str] | None = None
    advanced_scores: list[float] | None = None
    started_at: FuzzyDate | None = None
    completed_at: FuzzyDate | None = None
    # MAL-only list fields (AniList has no wire name for them).
    rewatch_value: int | None = None
    tags: list[str] | None = None

    def given(self) -> set[str]:
        """Names of the fields this write sets."""
        return {f.name for f in fields(self) if getattr(self, f.name) is not None}


def label(name: str) -> str:
    """A field as validation messages name it (AniList's Laravel wording: "progress volumes")."""
    return name.replace("_", " ")


def _range(errors: dict[str, list[str]], name: str, value: int | None, high: int | None) -> None:
    if value is None:
        return
    if value < 0:
        errors.setdefault(name, []).append(f"The {label(name)} must be at least 0.")
    elif high is not None and value > high:
        errors.setdefault(name, []).append(f"The {label(name)} may not be greater than {high}.")


def _date(errors: dict[str, list[str]], name: str, value: FuzzyDate | None) -> None:
    if value is None or value.is_empty:
        return
    year, month, day = value
    ok = (year is None or 1 <= year <= 9999) and (month is None or 1 <= month <= 12)
    if ok and day is not None:
        try:
            date(year or 2000, month or 1, day)  # a leap year when the year is unknown
        except ValueError:
            ok = False
    if not ok:
        errors.setdefault(name, []).append(f"The {label(name)} is not a valid date.")


def check(changes: EntryChanges, totals: Totals | None) -> dict[str, list[str]]:
    """Per-field messages for values outside the schema's bounds (or the media's length)."""
    errors: dict[str, list[str]] = {}
    _range(errors, "score", changes.score, 100)
    _range(errors, "progress", changes.progress, totals.units if totals else None)
    _range(errors, "progress_volumes", changes.progress_volumes, totals.volumes if totals else None)
    _range(errors, "repeat", changes.repeat, MAX_REPEAT)
    _range(errors, "priority", changes.priority, MAX_PRIORITY)
    if changes.notes is not None and len(changes.notes) > MAX_NOTES:
        errors["notes"] = [f"The notes may not be greater than {MAX_NOTES} characters."]
    for value in changes.advanced_scores or ():
        if not math.isfinite(value) or not 0 <= value <= 100:
            errors["advanced_scores"] = ["Each advanced score must be between 0 and 100."]
            break
    _range(errors, "rewatch_value", changes.rewatch_value, MAX_REWATCH_VALUE)
    if changes.tags is not None and (
        len(changes.tags) > MAX_TAGS or any(len(tag) > MAX_TAG_LENGTH for tag in changes.tags)
    ):
        errors["tags"] = [f"At most {MAX_TAGS} tags of {MAX_TAG_LENGTH} characters."]
    if changes.custom_lists is not None and len(changes.custom_lists) > MAX_CUSTOM_LISTS:
        errors["custom_lists"] = [f"At most {MAX_CUSTOM_LISTS} custom lists."]
    _date(errors, "started_at", changes.started_at)
    _date(errors, "completed_at", changes.completed_at)
    return errors


_PLAIN = (
    "status",
    "score",
    "progress",
    "progress_volumes",
    "repeat",
    "priority",
    "private",
    "rewatch_value",
)


def _set_date(entry: ListEntry, key: str, value: FuzzyDate) -> None:
    for part, v in zip(("year", "month", "day"), value, strict=True):
        setattr(entry, f"{key}_{part}", v)


def _has_date(entry: Any, key: str) -> bool:
    return getattr(entry, f"{key}_year") is not None


def apply(entry: ListEntry, changes: EntryChanges, totals: Totals, today: date) -> None:
    """Write ``changes`` into ``entry`` and apply AniList's automatic status and date rules."""
    was = entry.status
    for name in _PLAIN:
        value = getattr(changes, name)
        if value is not None:
            setattr(entry, name, value)
    if changes.notes is not None:
        entry.notes = changes.notes or None
    if changes.tags is not None:
        entry.tags = list(changes.tags)
    if changes.hidden_from_status_lists is not None:
        entry.hidden_from_status_lists = changes.hidden_from_status_lists
    for key in ("started", "completed"):
        value = getattr(changes, f"{key}_at")
        if value is not None:
            _set_date(entry, key, value)
    if entry.status is None:  # a new entry saved without a status
        entry.status = MediaListStatus.CURRENT
    status, units = entry.status, totals.units
    restarted = status == MediaListStatus.REPEATING and was != status
    if restarted and changes.progress is None and units and entry.progress >= units:
        entry.progress = 0  # a rewatch starts from the first episode
    if units and changes.progress is not None and entry.progress >= units:
        if status == MediaListStatus.REPEATING:
            entry.repeat = min(MAX_REPEAT, entry.repeat + 1)  # a rewatch finished
        if status in (MediaListStatus.CURRENT, MediaListStatus.REPEATING):
            entry.status = status = MediaListStatus.COMPLETED
    if status == MediaListStatus.COMPLETED and was != status:
        if units and changes.progress is None:
            entry.progress = units
        if totals.volumes and changes.progress_volumes is None:
            entry.progress_volumes = totals.volumes
    # Only on the change of status: a date the user clears later stays cleared.
    if status != was and status == MediaListStatus.CURRENT and not _has_date(entry, "started"):
        _set_date(entry, "started", FuzzyDate.of(today))
    if status != was and status == MediaListStatus.COMPLETED and not _has_date(entry, "completed"):
        _set_date(entry, "completed", FuzzyDate.of(today))
