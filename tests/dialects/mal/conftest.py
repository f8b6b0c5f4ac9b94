"""Fixtures for the MAL dialect: an HTTP client on the app, a client id, user tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.models import OAuthClient
from kagami.oauth.setup import ensure_builtin
from tests.dialects.anilist_graphql.conftest import catalogue  # noqa: F401 (the same catalogue)
from tests.factories import make_user

BASE_URL = "https://kagami.example"


class MalClient:
    """An HTTP client on the app plus the headers a MAL app sends."""

    def __init__(self, http: httpx.AsyncClient, app: Any, client_id: str) -> None:
        self.http, self.app, self.client_id = http, app, client_id
        self.public = {"X-MAL-CLIENT-ID": client_id}

    async def get(self, path: str, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        """GET with the client id unless other headers are given."""
        return await self.http.get(path, headers=self.public if headers is None else headers, **kw)

    async def token_for(
        self, database: Database, user_id: int, dialect: TokenDialect = TokenDialect.MAL
    ) -> dict[str, str]:
        """An ``Authorization`` header with a (MAL by default) user token for ``user_id``."""
        async with database.session() as s:
            client_pk = await s.scalar(sa.select(OAuthClient.id).limit(1))
            issued = await self.app.state.token_issuer.issue(
                s,
                client_id=client_pk,
                user_id=user_id,
                dialect=dialect,
                grant=GrantType.AUTHORIZATION_CODE,
            )
        return {"Authorization": f"Bearer {issued.access_token}"}


@pytest.fixture
async def mal(settings: Settings, database: Database) -> AsyncIterator[MalClient]:
    """A MAL client against a fresh app; paging links use a public base URL."""
    app = create_app(settings.model_copy(update={"public_base_url": BASE_URL}), database)
    await ensure_builtin(database)
    async with database.session() as s:
        client_id = await s.scalar(sa.select(OAuthClient.mal_client_id).limit(1))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield MalClient(http, app, client_id)


@pytest.fixture
async def user_headers(mal: MalClient, database: Database) -> dict[str, str]:
    """A new user's MAL bearer header."""
    async with database.session() as s:
        user = await make_user(s)
    return await mal.token_for(database, user.id)
