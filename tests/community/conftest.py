"""Fixtures for community model tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.social._db import social_session


@pytest.fixture
async def session(backend: str, request: pytest.FixtureRequest) -> AsyncIterator[AsyncSession]:
    """A session on a fresh database with the social and community tables."""
    async with social_session(backend, request) as db:
        yield db
