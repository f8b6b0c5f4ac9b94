"""Which surface a request is for: the one answer the limiter, guards and metrics share."""

from __future__ import annotations

import pytest

from kagami.http.surfaces import API, Surface, surface_of


@pytest.mark.parametrize(
    ("method", "path", "query", "surface"),
    [
        ("POST", "/", b"", Surface.GRAPHQL),
        ("GET", "/", b"query=%7BViewer%7Bid%7D%7D", Surface.GRAPHQL),
        ("GET", "/", b"", Surface.WEB),  # the home page (or GraphiQL) in a browser
        ("GET", "/graphql", b"", Surface.GRAPHQL),
        ("GET", "/api/user", b"", Surface.V1),
        ("POST", "/api/auth/access_token", b"", Surface.TOKEN),
        ("GET", "/api/auth/authorize", b"", Surface.OAUTH_PAGE),
        ("POST", "/api/v2/oauth/token", b"", Surface.TOKEN),
        ("GET", "/api/v2/oauth/pin", b"", Surface.OAUTH_PAGE),
        ("GET", "/v2/anime/1", b"", Surface.MAL_V2),
        ("POST", "/v1/oauth2/token", b"", Surface.TOKEN),
        ("GET", "/v1/oauth2/authorize", b"", Surface.OAUTH_PAGE),
        ("GET", "/v0.21/anime", b"", Surface.MAL_LEGACY),
        ("POST", "/v0.21/auth/token", b"", Surface.TOKEN),
        ("POST", "/oauth/revoke", b"", Surface.OAUTH_API),
        ("GET", "/readyz", b"", Surface.INTERNAL),
        ("GET", "/metrics", b"", Surface.INTERNAL),
        ("GET", "/anime/1", b"", Surface.WEB),
        ("GET", "/apiary", b"", Surface.WEB),  # a prefix is a path segment, not any text
    ],
)
def test_each_path_belongs_to_one_surface(
    method: str, path: str, query: bytes, surface: Surface
) -> None:
    assert surface_of(path, method, query) is surface


def test_only_the_three_apis_are_rate_limited_surfaces() -> None:
    assert {Surface.GRAPHQL, Surface.V1, Surface.MAL_V2, Surface.MAL_LEGACY} == API
