"""The 429 answer in each dialect's own format, with AniList's rate-limit headers."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from kagami.http import JSONResponse

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


def too_many(path: str, headers: dict[str, str]) -> Response:
    """The 429 for ``path`` in the format of the dialect that serves it."""
    if path.startswith(("/v2/", "/v0.21/")):
        body = MAL_BODY
    elif path.startswith("/api/"):
        body = V1_BODY
    else:
        body = GRAPHQL_BODY
    return JSONResponse(body, status_code=STATUS, headers=headers)
