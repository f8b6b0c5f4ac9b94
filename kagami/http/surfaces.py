"""Which surface of Kagami a request is for, from its method and path alone.

One answer for every layer that must know before any route runs: the rate limiter (which
requests count), the edge guard, the rate limiter's 429 and the outage 503 (whose error
format to answer in), and the metrics (which label). Each maps the surface to what it
needs; none parses paths of its own.
"""

from __future__ import annotations

import enum

from starlette.types import Scope


class Surface(enum.Enum):
    """A part of the server with its own error format (the value is the metrics label)."""

    GRAPHQL = "anilist_graphql"  # POST / or /graphql, or GET with ?query=
    V1 = "anilist_v1"  # /api/... REST (the 2017 v1 API)
    MAL_V2 = "mal"  # /v2/...
    MAL_LEGACY = "mal_legacy"  # /v0.21/...
    TOKEN = "token"  # the four token endpoints, each with its dialect's OAuth errors
    OAUTH_API = "oauth"  # /oauth/revoke, /oauth/introspect
    OAUTH_PAGE = "oauth_page"  # authorize and PIN pages under the dialects' OAuth paths
    INTERNAL = "internal"  # health, readiness and metrics
    WEB = "web"  # the site's pages (GET / included)


TOKEN_PATHS = frozenset(
    {"/api/v2/oauth/token", "/api/auth/access_token", "/v1/oauth2/token", "/v0.21/auth/token"}
)
# First match wins: OAuth paths under /api/ and /v0.21/ are not those dialects' REST.
_PREFIXES: tuple[tuple[str, Surface], ...] = (
    ("/api/v2/oauth/", Surface.OAUTH_PAGE),
    ("/api/auth/", Surface.OAUTH_PAGE),
    ("/v1/oauth2/", Surface.OAUTH_PAGE),
    ("/v0.21/auth/", Surface.OAUTH_PAGE),
    ("/oauth/", Surface.OAUTH_API),
    ("/api/", Surface.V1),
    ("/v2/", Surface.MAL_V2),
    ("/v0.21/", Surface.MAL_LEGACY),
    ("/health", Surface.INTERNAL),
    ("/readyz", Surface.INTERNAL),
    ("/metrics", Surface.INTERNAL),
)
API = frozenset({Surface.GRAPHQL, Surface.V1, Surface.MAL_V2, Surface.MAL_LEGACY})


def surface_of(path: str, method: str = "POST", query_string: bytes = b"") -> Surface:
    """The surface serving ``method path``; ``/`` is GraphQL unless a browser GETs the page."""
    if path == "/graphql":
        return Surface.GRAPHQL
    if path == "/":
        posted = method not in ("GET", "HEAD")
        return Surface.GRAPHQL if posted or query_string else Surface.WEB
    if path in TOKEN_PATHS:
        return Surface.TOKEN
    for prefix, surface in _PREFIXES:
        if path.startswith(prefix):
            return surface
    return Surface.WEB


def surface_of_scope(scope: Scope) -> Surface:
    """``surface_of`` for an ASGI request scope."""
    return surface_of(scope["path"], scope.get("method", "GET"), scope.get("query_string", b""))
