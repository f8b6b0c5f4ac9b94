"""SECURITY.md RL-3: each authentication endpoint has its own per-IP bucket that 50 rapid
attempts trip (per account and per client too: PW-5 and TK-10 show those)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest

from kagami.db import Database
from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID
from tests.auth_support import (  # noqa: F401 (fixtures)
    REDIRECT,
    app_client,
    auth_settings,
    csrf_of,
    make_client,
)

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
ATTEMPTS = 50
Attempt = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


async def _login(http: httpx.AsyncClient, n: int) -> httpx.Response:
    page = await http.get("/login")
    form = {"csrf_token": csrf_of(page.text), "name": f"user{n}", "password": "wrong guess"}
    return await http.post("/login", data=form)


async def _register(http: httpx.AsyncClient, n: int) -> httpx.Response:
    page = await http.get("/register")
    form = {
        "csrf_token": csrf_of(page.text),
        "name": f"user{n}",
        "email": f"user{n}@example.org",
        "password": "a long enough passphrase",
    }
    return await http.post("/register", data=form)


async def _password_grant(http: httpx.AsyncClient, n: int) -> httpx.Response:
    form = {
        "client_id": BUILTIN_MAL_CLIENT_ID,
        "grant_type": "password",
        "username": f"user{n}",
        "password": "wrong guess",
    }
    return await http.post("/v0.21/auth/token", data=form)


def _redemption(grant_type: str) -> Callable[[Database], Awaitable[Attempt]]:
    """Guessing codes (or PINs) of a real confidential client at v1's token endpoint."""

    async def prepare(database: Database) -> Attempt:
        client = await make_client(database)

        async def attempt(http: httpx.AsyncClient, n: int) -> httpx.Response:
            form = {
                "grant_type": grant_type,
                "client_id": client.id,
                "client_secret": client.secret,
                "redirect_uri": REDIRECT,
                "code": f"guess-{n}",
            }
            return await http.post("/api/auth/access_token", data=form)

        return attempt

    return prepare


async def _ready(attempt: Attempt) -> Attempt:
    return attempt


ENDPOINTS: dict[str, Callable[[Database], Awaitable[Attempt]]] = {
    "login": lambda _db: _ready(_login),
    "registration": lambda _db: _ready(_register),
    "password grant": lambda _db: _ready(_password_grant),
    "token endpoint": _redemption("authorization_code"),
    "PIN redemption": _redemption("authorization_pin"),
}


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
async def test_RL_3_fifty_rapid_attempts_trip_each_auth_bucket(
    app_client: httpx.AsyncClient,  # noqa: F811
    database: Database,
    endpoint: str,
) -> None:
    attempt = await ENDPOINTS[endpoint](database)
    statuses = [(await attempt(app_client, n)).status_code for n in range(ATTEMPTS)]
    assert all(status < 500 for status in statuses), statuses
    refused = await attempt(app_client, ATTEMPTS)
    assert refused.status_code == 429, statuses
    assert int(refused.headers["Retry-After"]) >= 1
    app = app_client.app  # type: ignore[attr-defined]
    other_ip = httpx.ASGITransport(app=app, client=("203.0.113.9", 4000))
    async with httpx.AsyncClient(transport=other_ip, base_url="http://testserver") as elsewhere:
        # Per address (and per client: another client, as the locked one's lock follows it).
        fresh = await ENDPOINTS[endpoint](database)
        assert (await fresh(elsewhere, ATTEMPTS + 1)).status_code != 429
