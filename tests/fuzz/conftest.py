"""Fixtures for the fuzz tests: an app with room for many requests, a catalogue and tokens.

Every fuzz test carries the ``fuzz`` marker (``uv run pytest -m fuzz`` runs just them).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from kagami.app import create_app
from kagami.community.models import ForumCategory
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID, ensure_builtin_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.models import OAuthClient
from tests.dialects.anilist_graphql.catalogue import Catalogue, build_catalogue
from tests.factories import make_user
from tests.fuzz.consistency import drift

BASE_URL = "http://test"


@dataclass
class World:
    """The app under fuzz, its client and the fuzzing user's credentials per dialect."""

    app: Any
    http: httpx.AsyncClient
    database: Database
    catalogue: Catalogue
    user_id: int
    other_id: int
    anilist: dict[str, str]
    v1: dict[str, str]
    mal: dict[str, str]
    mal_client: dict[str, str]


async def _bearer(app: Any, database: Database, user_id: int, dialect: TokenDialect) -> str:
    async with database.session() as s:
        client_pk = await s.scalar(
            sa.select(OAuthClient.id).where(OAuthClient.mal_client_id == BUILTIN_MAL_CLIENT_ID)
        )
        issued = await app.state.token_issuer.issue(
            s,
            client_id=client_pk,
            user_id=user_id,
            dialect=dialect,
            grant=GrantType.AUTHORIZATION_CODE,
        )
    return f"Bearer {issued.access_token}"


@pytest.fixture
async def world(settings: Settings, database: Database) -> AsyncIterator[World]:
    """A fresh app (rate limit far above what a run sends), the catalogue and two users."""
    roomy = settings.model_copy(update={"rate_limit": "100000/minute"})
    app = create_app(roomy, database)
    catalogue = await build_catalogue(database)
    async with database.session() as s:
        await ensure_builtin_client(s)
        s.add(ForumCategory(id=7, name="General"))
        user = await make_user(s, name="fuzzer")
        other = await make_user(s, name="bystander")
        await s.commit()
    tokens = {
        dialect: {"Authorization": await _bearer(app, database, user.id, dialect)}
        for dialect in (TokenDialect.ANILIST, TokenDialect.ANILIST_V1, TokenDialect.MAL)
    }
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield World(
            app=app,
            http=http,
            database=database,
            catalogue=catalogue,
            user_id=user.id,
            other_id=other.id,
            anilist=tokens[TokenDialect.ANILIST],
            v1=tokens[TokenDialect.ANILIST_V1],
            mal=tokens[TokenDialect.MAL],
            mal_client={"X-MAL-CLIENT-ID": BUILTIN_MAL_CLIENT_ID},
        )


@pytest.fixture
async def consistent(world: World) -> AsyncIterator[None]:
    """After every example ran: the maintained counters drifted no further from a recount."""
    before = await drift(world.database)
    yield
    assert await drift(world.database) == before
