"""Fixtures for OAuth model tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kagami.accounts.models import User
from kagami.oauth.models import (
    OAuthAccessToken,
    OAuthAuthorizationCode,
    OAuthClient,
    OAuthRefreshToken,
)
from tests.accounts._db import engine_with, sessions


@pytest.fixture
async def session_factory(
    backend: str, request: pytest.FixtureRequest
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh database holding users and the OAuth tables."""
    models = [
        User,
        OAuthClient,
        OAuthAuthorizationCode,
        OAuthAccessToken,
        OAuthRefreshToken,
    ]
    async with engine_with(backend, request, models) as engine:
        yield sessions(engine)
