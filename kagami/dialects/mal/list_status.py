"""A list entry as MAL's ``list_status`` / ``my_list_status`` object (anime or manga)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.db.rows import Record
from kagami.dialects.mal import mapping
from kagami.dialects.mal.fields import Fields
from kagami.lists.models import ListEntry

MAX_PRIORITY = 2  # MAL's priorities: 0 low, 1 medium, 2 high
# What every list status reads (the costlier tags and notes only when asked for).
ENTRY_COLUMNS = (
    "status", "score", "progress", "progress_volumes", "updated_at", "priority", "repeat",
    "rewatch_value", "started_year", "started_month", "started_day", "completed_year",
    "completed_month", "completed_day",
)  # fmt: skip


def _repeat_names(media_type: MediaType) -> tuple[str, str, str]:
    """(is_re*, num_times_re*, re*_value) names for anime or manga."""
    if media_type is MediaType.ANIME:
        return "is_rewatching", "num_times_rewatched", "rewatch_value"
    return "is_rereading", "num_times_reread", "reread_value"


def render_list_status(
    entry: ListEntry | Record, media_type: MediaType, fields: Fields, *, full: bool = False
) -> dict[str, Any]:
    """MAL's list status: the core always, named extras, everything when ``full`` (PATCH)."""
    return status_renderer(media_type, fields, full=full)(entry)


def status_renderer(
    media_type: MediaType, fields: Fields, *, full: bool = False
) -> Callable[[Any], dict[str, Any]]:
    """:func:`render_list_status` for one type and selection, decided once for a whole list."""
    anime = media_type is MediaType.ANIME
    is_re, times, value = _repeat_names(media_type)
    extras = frozenset(
        name for name in ("priority", times, value, "tags", "comments") if full or name in fields
    )
    status_to_mal, score_to_mal = mapping.status_to_mal, mapping.score_to_mal
    timestamp_to_mal, date_to_mal = mapping.timestamp_to_mal, mapping.date_to_mal

    def render(entry: Any) -> dict[str, Any]:
        status, repeating = status_to_mal(entry.status, media_type)
        body: dict[str, Any] = {"status": status, "score": score_to_mal(entry.score)}
        if anime:
            body["num_episodes_watched"] = entry.progress
        else:
            body["num_volumes_read"] = entry.progress_volumes
            body["num_chapters_read"] = entry.progress
        body[is_re] = repeating
        body["updated_at"] = timestamp_to_mal(entry.updated_at)
        started = date_to_mal((entry.started_year, entry.started_month, entry.started_day))
        if started is not None:
            body["start_date"] = started
        finished = date_to_mal((entry.completed_year, entry.completed_month, entry.completed_day))
        if finished is not None:
            body["finish_date"] = finished
        if extras:  # in MAL's order, each only when asked for
            if "priority" in extras:
                body["priority"] = min(entry.priority, MAX_PRIORITY)  # AniList allows up to 255
            if times in extras:
                body[times] = entry.repeat
            if value in extras:
                body[value] = entry.rewatch_value
            if "tags" in extras:
                body["tags"] = list(entry.tags or [])
            if "comments" in extras:
                body["comments"] = entry.notes or ""
        return body

    return render


def entry_columns(fields: Fields) -> tuple[str, ...]:
    """The list entry columns :func:`render_list_status` reads for ``fields`` (not ``full``)."""
    extras = {"tags": "tags", "comments": "notes"}
    return ENTRY_COLUMNS + tuple(column for name, column in extras.items() if name in fields)
