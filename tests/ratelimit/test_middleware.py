"""AniList's rate-limit headers and 429s on every dialect, the lock-out, and whose bucket counts."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID
from tests.security.rl_support import QUERY, access_token, client_from, limited_app, seed_ids

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

GRAPHQL_429 = {
    "errors": [{"message": "Too Many Requests.", "status": 429, "locations": None}],
    "data": None,
}
MAL_429 = {"error": "too_many_requests", "message": "Too Many Requests."}
V1_429 = {"error": "rate_limited", "error_description": "Too Many Requests."}

ClientFactory = Callable[..., httpx.AsyncClient]


@pytest.fixture
async def make_client(
    settings: Settings, database: Database
) -> AsyncIterator[Callable[..., httpx.AsyncClient]]:
    """Clients of one app limited to ``limit``; ``ip`` picks the peer address they come from."""
    clients: list[httpx.AsyncClient] = []
    apps: dict[str, Any] = {}

    def make(limit: str, ip: str = "10.0.0.1") -> httpx.AsyncClient:
        if limit not in apps:
            apps[limit] = limited_app(settings, database, limit)
        client = client_from(apps[limit], ip)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


async def test_RL_1_every_graphql_answer_carries_limit_and_remaining(
    make_client: ClientFactory,
) -> None:
    client = make_client("3/minute")
    remaining = []
    for _ in range(3):
        response = await client.post("/graphql", json=QUERY)
        assert response.status_code != 429
        assert response.headers["X-RateLimit-Limit"] == "3"
        remaining.append(response.headers["X-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]


async def test_RL_1_request_over_the_limit_gets_anilist_429(make_client: ClientFactory) -> None:
    client = make_client("2/minute")
    for _ in range(2):
        assert (await client.post("/graphql", json=QUERY)).status_code != 429
    before = time.time()
    response = await client.post("/graphql", json=QUERY)
    assert response.status_code == 429
    assert response.json() == GRAPHQL_429
    assert response.headers["X-RateLimit-Limit"] == "2"
    assert response.headers["X-RateLimit-Remaining"] == "0"
    assert 55 <= int(response.headers["Retry-After"]) <= 60
    assert before + 55 <= int(response.headers["X-RateLimit-Reset"]) <= before + 62


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/", GRAPHQL_429),
        ("GET", "/v2/anime/1", MAL_429),
        ("GET", "/v0.21/anime/1", MAL_429),
        ("GET", "/api/anime/1", V1_429),
    ],
)
async def test_RL_8_429_comes_in_each_dialect_format_with_the_headers(
    make_client: ClientFactory, method: str, path: str, body: dict[str, Any]
) -> None:
    client = make_client("1/minute")
    kwargs: dict[str, Any] = {"json": QUERY} if method == "POST" else {}
    first = await client.request(method, path, **kwargs)
    assert first.status_code != 429
    assert first.headers["X-RateLimit-Remaining"] == "0"
    response = await client.request(method, path, **kwargs)
    assert response.status_code == 429
    assert response.json() == body
    assert all(name in response.headers for name in ("Retry-After", "X-RateLimit-Reset"))


async def test_RL_2_lockout_outlasts_the_window(make_client: ClientFactory) -> None:
    await make_client("2/second", ip="10.0.0.9").post("/graphql", json=QUERY)  # builds the schema
    client = make_client("2/second")
    statuses = [(await client.post("/graphql", json=QUERY)).status_code for _ in range(3)]
    assert statuses[2] == 429 and 429 not in statuses[:2]
    await asyncio.sleep(1.2)  # the 1-second window is over, the 1-minute lock-out is not
    response = await client.post("/graphql", json=QUERY)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 55


async def test_pages_health_and_token_endpoints_are_not_counted(
    make_client: ClientFactory,
) -> None:
    client = make_client("1/minute")
    for path in ("/healthz", "/healthz", "/login", "/login"):
        response = await client.get(path)
        assert response.status_code != 429
        assert "X-RateLimit-Limit" not in response.headers
    for _ in range(2):
        response = await client.post("/api/v2/oauth/token", data={"grant_type": "x"})
        assert response.status_code != 429
    assert (await client.post("/graphql", json=QUERY)).status_code != 429


async def test_RL_4_bucket_is_the_token_user_else_the_client_else_the_ip(
    settings: Settings, database: Database
) -> None:
    await seed_ids(database)
    app = create_app(settings.model_copy(update={"rate_limit": "1/minute"}), database)
    first, second, other = [await access_token(app, database, user) for user in (1, 1, 2)]

    async def status(ip: str = "10.0.0.1", token: str = "", client: str = "") -> int:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        headers |= {"x-mal-client-id": client} if client else {}
        transport = httpx.ASGITransport(app=app, client=(ip, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return (await http.get("/v2/anime/1", headers=headers)).status_code

    # A token of ours wins over the client id and the address: one user, one bucket, and
    # minting a new token does not reset it.
    assert await status(token=first, client=BUILTIN_MAL_CLIENT_ID) != 429
    assert await status("10.0.0.9", token=second) == 429
    assert await status(token=other) != 429
    # A token we did not sign counts against the address: random tokens dodge nothing.
    assert await status("10.0.0.3", token="forged-1") != 429
    assert await status("10.0.0.3", token="forged-2") == 429
    # Without a token, a registered client's id; its address does not matter. Its first
    # request counts against the address (10.0.0.1): the MAL route then knows the id.
    assert await status(client=BUILTIN_MAL_CLIENT_ID) != 429
    assert await status("10.0.0.8", client=BUILTIN_MAL_CLIENT_ID) != 429
    assert await status("10.0.0.7", client=BUILTIN_MAL_CLIENT_ID) == 429
    # Anonymous: the peer address, untouched by the token and client buckets above.
    assert await status() == 429
    assert await status("10.0.0.2") != 429
    assert await status("10.0.0.2") == 429
    assert await status("10.0.0.4") != 429


async def test_RL_8_refusal_is_decided_before_any_sql(
    make_client: ClientFactory, sql_counter: Callable[..., Any]
) -> None:
    client = make_client("1/minute")
    headers = {"Authorization": "Bearer some-token"}
    await client.get("/api/user", headers=headers)
    with sql_counter() as counted:
        response = await client.get("/api/user", headers=headers)
    assert response.status_code == 429
    assert counted.statements == []


def test_RL_5_memory_limits_with_several_workers_warn_at_start(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    from kagami.ratelimit.middleware import build_limiter

    with caplog.at_level(logging.WARNING):
        build_limiter(settings.model_copy(update={"workers": 4}))
    assert "each count separately" in caplog.text
