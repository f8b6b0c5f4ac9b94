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
