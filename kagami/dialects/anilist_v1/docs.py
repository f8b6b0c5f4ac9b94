"""OpenAPI request bodies of the v1 write routes, for ``/api/openapi.json``.

The routes read their payload themselves (``payload.read_payload``: a URL-encoded form as
seed 001 sends it, JSON, or URL parameters), so FastAPI cannot see their fields; this
table documents them, keyed by method and documented path.
"""

from __future__ import annotations

from typing import Any, Final

from kagami.catalogue.enums import MediaType
from kagami.dialects.anilist_v1.mapping import LIST_STATUS_WORDS

_ID: Final = {"type": "integer", "minimum": 1}
_TEXT: Final = {"type": "string"}
_FLAG: Final = {"type": "integer", "enum": [0, 1]}
_CSV: Final = {"type": "string", "description": "Comma-separated values."}


def _list_entry(media_type: MediaType) -> dict[str, Any]:
    """The list-entry fields of ``{anime|manga}list`` writes."""
    counts = (
        ("episodes_watched", "rewatched")
        if media_type is MediaType.ANIME
        else ("chapters_read", "volumes_read", "reread")
    )
    return {
        "id": _ID,
        "list_status": {"type": "string", "enum": sorted(LIST_STATUS_WORDS[media_type])},
        "score": {"type": "string", "description": "A score in the user's score type."},
        "score_raw": {"type": "integer", "minimum": 0, "maximum": 100},
        **{name: {"type": "integer", "minimum": 0} for name in counts},
        "notes": _TEXT,
        "advanced_rating_scores": _CSV,
        "custom_lists": {"type": "string", "description": "Comma-separated 0/1 per list."},
        "hidden_default": _FLAG,
    }


_REVIEW: Final = {
    "anime_id": _ID,
    "manga_id": _ID,
    "text": _TEXT,
    "summary": _TEXT,
    "private": _FLAG,
    "score": {"type": "integer", "minimum": 0, "maximum": 100},
}
_THREAD: Final = {
    "title": _TEXT,
    "body": _TEXT,
    "tags": _CSV,
    "tags_anime": _CSV,
    "tags_manga": _CSV,
}
_ANIME_LIST: Final = _list_entry(MediaType.ANIME)
_MANGA_LIST: Final = _list_entry(MediaType.MANGA)

# (method, path) -> (fields, required fields)
BODIES: Final[dict[tuple[str, str], tuple[dict[str, Any], tuple[str, ...]]]] = {
    ("post", "/api/user/activity"): (
        {"text": _TEXT, "messenger_id": _ID, "reply_id": _ID},
        ("text",),
    ),
    ("delete", "/api/user/activity"): ({"id": _ID}, ("id",)),
    ("delete", "/api/user/activity/reply"): ({"id": _ID}, ("id",)),
    ("post", "/api/user/follow"): ({"id": _ID}, ("id",)),
    ("post", "/api/animelist"): (_ANIME_LIST, ("id",)),
    ("put", "/api/animelist"): (_ANIME_LIST, ("id",)),
    ("post", "/api/mangalist"): (_MANGA_LIST, ("id",)),
    ("put", "/api/mangalist"): (_MANGA_LIST, ("id",)),
    ("post", "/api/{series_type}/favourite"): ({"id": _ID}, ("id",)),
    ("post", "/api/character/favourite"): ({"id": _ID}, ("id",)),
    ("post", "/api/staff/favourite"): ({"id": _ID}, ("id",)),
    ("post", "/api/{series_type}/review/rate"): (
        {"id": _ID, "rating": {"type": "integer", "enum": [0, 1, 2]}},
        ("id", "rating"),
    ),
    ("post", "/api/{series_type}/review"): (_REVIEW, ("text", "summary")),
    ("put", "/api/{series_type}/review"): (_REVIEW, ()),
    ("delete", "/api/{series_type}/review"): ({"id": _ID}, ("id",)),
    ("post", "/api/forum/thread"): (_THREAD, ("title", "body")),
    ("put", "/api/forum/thread"): ({"id": _ID, **_THREAD}, ("id",)),
    ("post", "/api/forum/comment/subscribe"): ({"thread_id": _ID}, ("thread_id",)),
    ("post", "/api/forum/comment"): (
        {"thread_id": _ID, "comment": _TEXT, "reply_id": _ID},
        ("thread_id", "comment"),
    ),
    ("put", "/api/forum/comment"): ({"id": _ID, "comment": _TEXT}, ("id", "comment")),
}


def _request_body(fields: dict[str, Any], required: tuple[str, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": fields}
    if required:
        schema["required"] = list(required)
    content = {"schema": schema}
    return {
        "required": bool(required),
        "content": {"application/x-www-form-urlencoded": content, "application/json": content},
    }


def with_bodies(paths: dict[str, Any]) -> dict[str, Any]:
    """``paths`` with each write operation's request body documented (a new dict)."""
    out: dict[str, Any] = {}
    for path, item in paths.items():
        out[path] = {
            method: (
                {**operation, "requestBody": _request_body(*BODIES[(method, path)])}
                if (method, path) in BODIES
                else operation
            )
            for method, operation in item.items()
        }
    return out
