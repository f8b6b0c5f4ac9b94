"""Shared helpers for accounts/OAuth/web tests: an app over real HTTP, users, clients, flows."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.clients import create_client
from kagami.oauth.setup import ensure_builtin

PASSWORD = "correct horse battery"
REDIRECT = "https://app.example/callback"


@pytest.fixture
def auth_settings(settings: Settings) -> Settings:
    """Test settings with cheap argon2 parameters."""
    return settings.model_copy(update={"password_hash_profile": "cheapest"})


@pytest.fixture
async def app_client(
    auth_settings: Settings, database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the full ASGI app (built-in client ensured, as on startup)."""
    app = create_app(auth_settings, database)
    await ensure_builtin(database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


def csrf_of(html: str) -> str:
    """The CSRF token in a page's first form."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


async def register(
    client: httpx.AsyncClient,
    name: str = "alice",
    password: str = PASSWORD,
    *,
    email: str | None = None,
    log_in: bool = True,
) -> httpx.Response:
    """Register through the web form, then log in (registration itself starts no session).

    Returns the registration's response when it was refused (or ``log_in`` is off), else
    the log-in's.
    """
    page = await client.get("/register")
    token = csrf_of(page.text)
    r = await client.post(
        "/register",
        data={
            "csrf_token": token,
            "name": name,
            "email": email or f"{name}@example.org",
            "password": password,
            "next": "/account",
        },
    )
    if r.status_code != 303 or not log_in:
        return r
    return await client.post(
        "/login", data={"csrf_token": token, "name": name, "password": password, "next": "/account"}
    )


@dataclass
class Client:
    """A registered test client."""

    id: int
    mal_id: str
    secret: str | None  # None for a public client


async def make_client(
    database: Database,
    redirects: list[str] | None = None,
    grants: list[str] | None = None,
    client_type: str = "web",
) -> Client:
    """Create a client straight through the service (``web``: confidential, with a secret)."""
    async with database.session() as session:
        created = await create_client(
            session,
            owner_id=None,
            name="Test app",
            redirect_uris=redirects or [REDIRECT],
            grants=grants,
            client_type=client_type,
        )
    return Client(created.client.id, created.client.mal_client_id, created.secret)


async def approve(client: httpx.AsyncClient, authorize_url: str) -> httpx.Response:
    """GET authorize (logged in), then approve the consent form; returns the POST response."""
    page = await client.get(authorize_url)
    assert page.status_code == 200, page.text
    blob = re.search(r'name="request" value="([^"]+)"', page.text)
    assert blob
    return await client.post(
        "/oauth/consent",
        data={"csrf_token": csrf_of(page.text), "request": blob.group(1), "decision": "approve"},
    )


def query_of(location: str) -> dict[str, str]:
    """Query parameters of a redirect target."""
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def get_code(
    client: httpx.AsyncClient, c: Client, dialect: str = "anilist", **extra: str
) -> str:
    """Run authorize + consent for ``c`` and return the code from the redirect."""
    from urllib.parse import urlencode

    paths = {
        "anilist": "/api/v2/oauth/authorize",
        "v1": "/api/auth/authorize",
        "mal": "/v1/oauth2/authorize",
    }
    params = {
        "client_id": str(c.mal_id if dialect == "mal" else c.id),
        "redirect_uri": REDIRECT,
        "response_type": "code",
        **extra,
    }
    response = await approve(client, f"{paths[dialect]}?{urlencode(params)}")
    assert response.status_code == 302, response.text
    return query_of(response.headers["location"])["code"]
