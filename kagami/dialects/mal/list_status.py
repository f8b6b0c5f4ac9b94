"""A list entry as MAL's ``list_status`` / ``my_list_status`` object (anime or manga)."""

from __future__ import annotations

from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.dialects.mal import mapping
from kagami.dialects.mal.fields import Fields
from kagami.lists.changes import FuzzyDate
from kagami.lists.models import ListEntry

MAX_PRIORITY = 2  # MAL's priorities: 0 low, 1 medium, 2 high


def _repeat_names(media_type: MediaType) -> tuple[str, str, str]:
    """(is_re*, num_times_re*, re*_value) names for anime or manga."""
    if media_type is MediaType.ANIME:
        return "is_rewatching", "num_times_rewatched", "rewatch_value"
    return "is_rereading", "num_times_reread", "reread_value"


def render_list_status(
    entry: ListEntry, media_type: MediaType, fields: Fields, *, full: bool = False
) -> dict[str, Any]:
    """MAL's list status: the core always, named extras, everything when ``full`` (PATCH)."""
    status, repeating = mapping.status_to_mal(entry.status, media_type)
    is_re, times, value = _repeat_names(media_type)
    body: dict[str, Any] = {"status": status, "score": mapping.score_to_mal(entry.score)}
    if media_type is MediaType.ANIME:
        body["num_episodes_watched"] = entry.progress
    else:
        body["num_volumes_read"] = entry.progress_volumes
        body["num_chapters_read"] = entry.progress
    body[is_re] = repeating
    body["updated_at"] = mapping.timestamp_to_mal(entry.updated_at)
    started = FuzzyDate(entry.started_year, entry.started_month, entry.started_day)
    finished = FuzzyDate(entry.completed_year, entry.completed_month, entry.completed_day)
    for key, date in (("start_date", started), ("finish_date", finished)):
        text = mapping.date_to_mal(date)
        if text is not None:
            body[key] = text
    extras = {
        "priority": min(entry.priority, MAX_PRIORITY),  # AniList allows up to 255
        times: entry.repeat,
        value: entry.rewatch_value,
        "tags": list(entry.tags or []),
        "comments": entry.notes or "",
    }
    for name, extra in extras.items():
        if full or name in fields:
            body[name] = extra
    return body
