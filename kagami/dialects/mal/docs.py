"""OpenAPI descriptions of MAL's query parameters for ``/v2/docs``.

Routes read their query strings themselves (so any value gets MAL's own 400, never
FastAPI's 422); this table documents those parameters in the generated schema.
"""

from __future__ import annotations

from typing import Any, Final

_PARAMETERS: Final[dict[str, tuple[str, str]]] = {
    "q": ("string", "Search text, at least 3 characters (longer ones are cut to 64)."),
    "limit": ("integer", "Items per page (at least 1; values above the cap are clamped)."),
    "offset": ("integer", "Items to skip (0 by default)."),
    "fields": ("string", "Comma-separated fields, with sub-fields in braces: a,b{c,d}."),
    "nsfw": ("boolean", "Include gray/black (NSFW) works."),
    "ranking_type": ("string", "Required: which ranking to list."),
    "sort": ("string", "Sort order (see the MAL v2 reference)."),
    "status": ("string", "Only entries with this list status."),
    "board_id": ("integer", "Only topics on this board."),
    "subboard_id": ("integer", "Only topics on this subboard."),
    "topic_user_name": ("string", "Only topics started by this user."),
    "user_name": ("string", "Only topics this user posted in."),
}


def query_parameters(*names: str) -> dict[str, Any]:
    """``openapi_extra`` documenting these query parameters."""
    return {
        "parameters": [
            {
                "name": name,
                "in": "query",
                "required": name == "ranking_type",
                "schema": {"type": _PARAMETERS[name][0]},
                "description": _PARAMETERS[name][1],
            }
            for name in names
        ]
    }


_PAGE = ("limit", "offset")
SEARCH: Final = query_parameters("q", *_PAGE, "fields", "nsfw")
RANKING: Final = query_parameters("ranking_type", *_PAGE, "fields", "nsfw")
SEASON: Final = query_parameters("sort", *_PAGE, "fields", "nsfw")
SUGGESTIONS: Final = query_parameters(*_PAGE, "fields", "nsfw")
USER_LIST: Final = query_parameters("status", "sort", *_PAGE, "fields", "nsfw")
DETAIL: Final = query_parameters("fields")
TOPICS: Final = query_parameters(
    "board_id", "subboard_id", "q", "topic_user_name", "user_name", "sort", *_PAGE
)
TOPIC: Final = query_parameters(*_PAGE)


def _form(fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``openapi_extra`` documenting a ``my_list_status`` form body (every field optional)."""
    schema = {"type": "object", "properties": fields, "additionalProperties": False}
    return {
        "requestBody": {
            "required": False,
            "description": "The list status fields to set; fields left out keep their value.",
            "content": {"application/x-www-form-urlencoded": {"schema": schema}},
        }
    }


def _int(high: int | None = None) -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, **({"maximum": high} if high is not None else {})}


_TEXT: Final = {"type": "string"}
_BOOL: Final = {"type": "boolean"}
_DATE: Final = {"type": "string", "description": "YYYY-MM-DD, YYYY-MM or YYYY; empty clears it."}
_SHARED: Final = {"score": _int(10), "priority": _int(2), "comments": _TEXT}
_DATES: Final = {"start_date": _DATE, "finish_date": _DATE}
ANIME_STATUSES: Final = ["watching", "completed", "on_hold", "dropped", "plan_to_watch"]
MANGA_STATUSES: Final = ["reading", "completed", "on_hold", "dropped", "plan_to_read"]
_TAGS: Final = {"type": "string", "description": "Comma-separated tags."}


def _list_form(
    statuses: list[str], repeating: str, progress: tuple[str, ...], repeat: str, value: str
) -> dict[str, Any]:
    """A v2 ``my_list_status`` form: anime and manga differ only in these names."""
    return _form(
        {
            "status": {"type": "string", "enum": statuses},
            repeating: _BOOL,
            **{name: _int() for name in progress},
            repeat: _int(),
            value: _int(5),
            "tags": _TAGS,
            **_SHARED,
            **_DATES,
        }
    )


ANIME_FORM: Final = _list_form(
    ANIME_STATUSES,
    "is_rewatching",
    ("num_watched_episodes",),
    "num_times_rewatched",
    "rewatch_value",
)
MANGA_FORM: Final = _list_form(
    MANGA_STATUSES,
    "is_rereading",
    ("num_volumes_read", "num_chapters_read"),
    "num_times_reread",
    "reread_value",
)
# The mobile app's PUT form (seed 002), plus the v2 fields it later sent.
LEGACY_FORM: Final = _form(
    {
        "status": {"type": "string", "enum": ANIME_STATUSES},
        "is_rewatching": _BOOL,
        "num_watched_episodes": _int(),
        "num_times_rewatched": _int(),
        **_SHARED,
        **_DATES,
    }
)
AIRING_SEARCH: Final = {
    "parameters": [
        {
            "name": "status",
            "in": "query",
            "required": True,
            "schema": {
                "type": "string",
                "enum": ["not_yet_aired", "currently_airing", "finished_airing"],
            },
            "description": "Airing status to list, most popular first.",
        },
        *query_parameters(*_PAGE, "fields", "nsfw")["parameters"],
    ]
}
