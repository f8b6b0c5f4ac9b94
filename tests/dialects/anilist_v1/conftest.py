"""Fixtures for the AniList v1 dialect: an HTTP client on the app and v1 tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.clients import ensure_builtin_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.models import OAuthClient
from tests.fuzz.checks import assert_clean


class V1Client:
    """An httpx client on the app, plus minting of v1 tokens (no browser flow)."""

    def __init__(self, http: httpx.AsyncClient, app: Any, database: Database) -> None:
        self.http = http
        self.app = app
        self.database = database

    async def token(self, user_id: int | None) -> str:
        """A v1 access token: code grant for ``user_id``, client_credentials for None."""
        grant = GrantType.AUTHORIZATION_CODE if user_id else GrantType.CLIENT_CREDENTIALS
        async with self.database.session() as s:
            await ensure_builtin_client(s)
            client_id = await s.scalar(sa.select(OAuthClient.id).order_by(OAuthClient.id).limit(1))
            assert client_id is not None
            issued = await self.app.state.token_issuer.issue(
                s,
                client_id=client_id,
                user_id=user_id,
                dialect=TokenDialect.ANILIST_V1,
                grant=grant,
            )
        return str(issued.access_token)

    async def auth(self, user_id: int | None) -> dict[str, str]:
        """An ``Authorization: Bearer`` header for ``token(user_id)``."""
        return {"Authorization": f"Bearer {await self.token(user_id)}"}

    async def request(
        self, method: str, path: str, user: int | str | None = "none", **kw: Any
    ) -> httpx.Response:
        """``method`` on ``/api/{path}``; ``user`` = user id, None (client token) or "none"."""
        headers = dict(kw.pop("headers", {}) or {})
        if user != "none":
            assert not isinstance(user, str)
            headers.update(await self.auth(user))
        return await self.http.request(method, f"/api/{path}", headers=headers, **kw)

    async def get(self, path: str, user: int | str | None = "none", **kw: Any) -> httpx.Response:
        """GET ``/api/{path}``."""
        return await self.request("GET", path, user, **kw)

    async def post(self, path: str, user: int | str | None = "none", **kw: Any) -> httpx.Response:
        """POST ``/api/{path}`` (pass ``data=`` for the seed's URL-encoded payload)."""
        return await self.request("POST", path, user, **kw)

    async def put(self, path: str, user: int | str | None = "none", **kw: Any) -> httpx.Response:
        """PUT ``/api/{path}``."""
        return await self.request("PUT", path, user, **kw)

    async def delete(self, path: str, user: int | str | None = "none", **kw: Any) -> httpx.Response:
        """DELETE ``/api/{path}`` (a payload goes as ``data=``, as seed 001 sends it)."""
        return await self.request("DELETE", path, user, **kw)


@pytest.fixture
async def v1(settings: Settings, database: Database) -> AsyncIterator[V1Client]:
    """A v1 client against a fresh app on the test database."""
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield V1Client(http, app, database)


@pytest.fixture
async def catalogue(database: Database) -> Any:
    """The AniList v2 tests' small hand-made catalogue (Cowboy Bebop, ONE PIECE, Teekyuu...)."""
    from tests.dialects.anilist_graphql.catalogue import build_catalogue

    return await build_catalogue(database)


async def assert_fuzzed_request_is_clean(
    v1: V1Client,
    headers: dict[str, str],
    route: tuple[str, str],
    segment: str,
    fields: dict[str, Any],
    as_query: bool,
) -> None:
    """Send one fuzzed v1 request: clean (tests/fuzz/checks.py), any error v1's error object."""
    method, template = route
    path = "/api/" + template.format(s=quote(segment, safe=""))
    kwargs: dict[str, Any] = {"params": fields} if as_query or method == "GET" else {"data": fields}
    r = await v1.http.request(method, path, headers=headers, **kwargs)
    assert_clean(r)
    if r.status_code >= 400 and r.status_code != 405:
        body = r.json()
        assert isinstance(body.get("error"), str) and isinstance(body.get("error_description"), str)
