"""Fixtures for the AniList v2 dialect: an HTTP client on the app and a small catalogue."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import Catalogue, build_catalogue


class GraphQLClient:
    """Posts GraphQL documents to the app and returns (status, body)."""

    def __init__(self, client: httpx.AsyncClient, app: Any = None) -> None:
        self.http = client
        self.app = app

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> tuple[int, dict[str, Any]]:
        response = await self.http.post(
            "/", json={"query": query, "variables": variables or {}}, headers=headers
        )
        return response.status_code, response.json()

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> dict[str, Any]:
        """The ``data`` of a request that must succeed."""
        status, body = await self(query, variables, **headers)
        assert status == 200 and "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]


@pytest.fixture
async def gql(settings: Settings, database: Database) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client against a fresh app on the test database."""
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield GraphQLClient(client, app)


@pytest.fixture
async def catalogue(database: Database) -> Catalogue:
    """A small hand-made catalogue (see ``catalogue.py``)."""
    return await build_catalogue(database)


@pytest.fixture
async def signed_in(gql: GraphQLClient, database: Database) -> dict[str, str]:
    """An ``Authorization`` header carrying a new user's AniList access token."""
    from tests.dialects.anilist_graphql.social_data import bearer
    from tests.factories import make_user

    async with database.session() as s:
        user = await make_user(s)
    return await bearer(gql, database, user.id)
