"""One app serving every dialect, with the existing per-dialect test clients around it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.models import OAuthClient
from kagami.oauth.setup import ensure_builtin
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.dialects.anilist_v1.conftest import V1Client
from tests.dialects.mal.conftest import BASE_URL, MalClient


@dataclass
class Dialects:
    """The three dialects' clients over one HTTP client on one app."""

    http: httpx.AsyncClient
    app: Any
    database: Database
    gql: GraphQLClient
    v1: V1Client
    mal: MalClient

    async def anilist(self, user_id: int) -> dict[str, str]:
        """An AniList v2 bearer header for ``user_id``."""
        return await bearer(self.gql, self.database, user_id)

    async def mal_auth(self, user_id: int) -> dict[str, str]:
        """A MAL v2 bearer header for ``user_id``."""
        return await self.mal.token_for(self.database, user_id)

    async def v1_auth(self, user_id: int) -> dict[str, str]:
        """An AniList v1 bearer header for ``user_id``."""
        return await self.v1.auth(user_id)


@pytest.fixture
def settings_update() -> dict[str, Any]:
    """Settings the app gets on top of the test settings (a module may override this)."""
    return {}


@pytest.fixture
async def dialects(
    settings: Settings, database: Database, settings_update: dict[str, Any]
) -> AsyncIterator[Dialects]:
    """Every dialect on one fresh app (cheap password hashing, MAL's public base URL)."""
    update = {"public_base_url": BASE_URL, "password_hash_profile": "cheapest", **settings_update}
    app = create_app(settings.model_copy(update=update), database)
    await ensure_builtin(database)
    async with database.session() as s:
        client_id = await s.scalar(sa.select(OAuthClient.mal_client_id).limit(1))
    assert client_id is not None
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield Dialects(
            http,
            app,
            database,
            GraphQLClient(http, app),
            V1Client(http, app, database),
            MalClient(http, app, client_id),
        )
