"""Browser apps may call the AniList APIs from any origin, as AniList allows; nothing else."""

from __future__ import annotations

import httpx

from kagami.config import Settings
from kagami.db import Database
from tests.auth_support import app_client, auth_settings  # noqa: F401
from tests.security.rl_support import client_from, limited_app

ORIGIN = {"Origin": "https://someones-app.example"}
QUERY = {"query": "{ GenreCollection }"}


async def test_graphql_answers_any_origin_without_credentials_and_exposes_rate_headers(
    app_client: httpx.AsyncClient,  # noqa: F811
) -> None:
    r = await app_client.post("/graphql", json=QUERY, headers=ORIGIN)
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers
    assert "X-RateLimit-Remaining" in r.headers["access-control-expose-headers"]
    v1 = await app_client.get("/api/genre_list", headers=ORIGIN)
    assert v1.headers["access-control-allow-origin"] == "*"


async def test_a_preflight_is_answered_at_once_with_the_asked_headers(
    app_client: httpx.AsyncClient,  # noqa: F811
) -> None:
    asked = {
        **ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    for path in ("/graphql", "/", "/api/user"):
        r = await app_client.options(path, headers=asked)
        assert r.status_code == 204, path
        assert r.headers["access-control-allow-origin"] == "*"
        assert r.headers["access-control-allow-headers"] == "authorization, content-type"
        assert "POST" in r.headers["access-control-allow-methods"]


async def test_a_hostile_header_list_in_a_preflight_is_not_echoed(
    app_client: httpx.AsyncClient,  # noqa: F811
) -> None:
    for asked in ("x" * 600, "authorization, <script>", "a,,b"):
        headers = {**ORIGIN, "Access-Control-Request-Method": "POST",
                   "Access-Control-Request-Headers": asked}  # fmt: skip
        r = await app_client.options("/graphql", headers=headers)
        assert r.headers["access-control-allow-headers"] == "Authorization, Content-Type, Accept"


async def test_mal_and_the_site_send_no_cors_headers(
    app_client: httpx.AsyncClient,  # noqa: F811
) -> None:
    # MyAnimeList's API sends none; the site's pages and forms stay same-origin.
    for path in ("/v2/anime/1", "/v0.21/anime?q=bebop", "/login", "/api/v2/oauth/authorize"):
        r = await app_client.get(path, headers=ORIGIN)
        assert "access-control-allow-origin" not in r.headers, path


async def test_a_rate_limited_answer_is_readable_by_the_browser_app(
    settings: Settings, database: Database
) -> None:
    app = limited_app(settings, database, "1/minute")
    async with client_from(app) as http:
        await http.post("/graphql", json=QUERY, headers=ORIGIN)
        refused = await http.post("/graphql", json=QUERY, headers=ORIGIN)
    assert refused.status_code == 429
    assert refused.headers["access-control-allow-origin"] == "*"
    assert "Retry-After" in refused.headers["access-control-expose-headers"]
