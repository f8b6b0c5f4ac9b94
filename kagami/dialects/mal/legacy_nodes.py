"""Anime nodes and list statuses as MAL's mobile-app API (v0.21) answers them.

Only what the legacy app asks for: ``id``, ``title`` and ``main_picture`` always, the other
node fields when named in ``fields=``, and ``my_list_status`` (core fields plus any named
sub-fields) only for a user token. Unknown names are ignored, as MAL does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.dialects.mal import mapping
from kagami.dialects.mal.fields import Fields
from kagami.lists.changes import FuzzyDate
from kagami.lists.models import ListEntry


def main_picture(media: Media) -> dict[str, str | None] | None:
    """``{"medium", "large"}`` from the cover images; None (omitted) when there is none."""
    medium = media.cover_medium or media.cover_large
    if medium is None:
        return None
    return {"medium": medium, "large": media.cover_large or media.cover_extra_large}


def _alternative_titles(media: Media) -> dict[str, Any]:
    return {
        "synonyms": list(media.synonyms or []),
        "en": media.title_english or "",
        "ja": media.title_native or "",
    }


def _date(year: int | None, month: int | None, day: int | None) -> str | None:
    return mapping.date_to_mal(FuzzyDate(year, month, day))


# Node fields besides the core: name -> value (None: the field is omitted, as MAL omits it).
NODE_FIELDS: dict[str, Callable[[Media], Any]] = {
    "alternative_titles": _alternative_titles,
    "media_type": lambda m: mapping.media_type_to_mal(
        m.type, m.format, m.country_of_origin, m.source
    ),
    "status": lambda m: mapping.media_status_to_mal(m.type, m.status),
    "num_episodes": lambda m: m.episodes or 0,
    "start_date": lambda m: _date(m.start_year, m.start_month, m.start_day),
    "end_date": lambda m: _date(m.end_year, m.end_month, m.end_day),
    "synopsis": lambda m: m.description,
    "nsfw": lambda m: mapping.nsfw_to_mal(m.age_rating, m.is_adult),
    "rating": lambda m: mapping.rating_to_mal(m.age_rating, m.is_adult),
    "popularity": lambda m: m.popularity,
    "created_at": lambda m: mapping.timestamp_to_mal(m.created_at),
    "updated_at": lambda m: mapping.timestamp_to_mal(m.updated_at),
}

# List-status fields returned only when named inside my_list_status{...}.
_STATUS_EXTRAS: dict[str, Callable[[ListEntry], Any]] = {
    "start_date": lambda e: _date(e.started_year, e.started_month, e.started_day),
    "finish_date": lambda e: _date(e.completed_year, e.completed_month, e.completed_day),
    "priority": lambda e: e.priority,
    "num_times_rewatched": lambda e: e.repeat,
    "rewatch_value": lambda e: e.rewatch_value,
    "tags": lambda e: list(e.tags or []),
    "comments": lambda e: e.notes or "",
}


def list_status(entry: ListEntry, wanted: Fields) -> dict[str, Any]:
    """An anime list status: the always-present core plus the named extras that are known."""
    status, repeating = mapping.status_to_mal(entry.status, MediaType.ANIME)
    body: dict[str, Any] = {
        "status": status,
        "score": mapping.score_to_mal(entry.score),
        "num_episodes_watched": entry.progress,
        "is_rewatching": repeating,
        "updated_at": mapping.timestamp_to_mal(entry.updated_at),
    }
    for name in wanted:
        extra = _STATUS_EXTRAS.get(name)
        value = extra(entry) if extra is not None else None
        if value is not None:
            body[name] = value
    return body


def node(media: Media, wanted: Fields, entry: ListEntry | None, as_user: bool) -> dict[str, Any]:
    """One anime as the legacy API shows it inside ``{"node": ...}``."""
    body: dict[str, Any] = {
        "id": mapping.mal_id_of(media.id, media.id_mal),
        "title": media.title_romaji or media.title_english or media.title_native or "",
    }
    picture = main_picture(media)
    if picture is not None:
        body["main_picture"] = picture
    for name in wanted:
        render = NODE_FIELDS.get(name)
        value = render(media) if render is not None else None
        if value is not None:
            body[name] = value
    if as_user and "my_list_status" in wanted and entry is not None:
        body["my_list_status"] = list_status(entry, wanted.sub("my_list_status"))
    return body
