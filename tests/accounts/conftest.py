"""Fixtures for account model tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kagami.accounts.models import MediaListOptions, User
from tests.accounts._db import engine_with, sessions


@pytest.fixture
async def session_factory(
    backend: str, request: pytest.FixtureRequest
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh database holding only the account tables."""
    models = [User, MediaListOptions]
    async with engine_with(backend, request, models) as engine:
        yield sessions(engine)
