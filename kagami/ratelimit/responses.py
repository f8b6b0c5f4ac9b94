"""The 429 answer in each dialect's own format, with AniList's rate-limit headers."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from kagami.http import JSONResponse
from kagami.http.surfaces import Surface

MESSAGE = "Too Many Requests."
STATUS = 429

# AniList's exact body: no locations, null data.
GRAPHQL_BODY: dict[str, Any] = {
    "errors": [{"message": MESSAGE, "status": STATUS, "locations": None}],
    "data": None,
}
MAL_BODY: dict[str, Any] = {"error": "too_many_requests", "message": MESSAGE}
# The v1 shape of kagami.dialects.anilist_v1.errors (RateLimited -> "rate_limited").
V1_BODY: dict[str, Any] = {"error": "rate_limited", "error_description": MESSAGE}


_BODIES = {Surface.MAL_V2: MAL_BODY, Surface.MAL_LEGACY: MAL_BODY, Surface.V1: V1_BODY}


def too_many(surface: Surface, headers: dict[str, str]) -> Response:
    """The 429 for a request to ``surface``, in that dialect's format (GraphQL's otherwise)."""
    body = _BODIES.get(surface, GRAPHQL_BODY)
    return JSONResponse(body, status_code=STATUS, headers=headers)
