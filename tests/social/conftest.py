"""Fixtures for social model tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.db import Database
from tests.factories import make_one_of_each


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    """A session on the migrated schema with users, media, characters, staff, studios 1-3."""
    async with database.session() as seeding:
        await make_one_of_each(seeding, 3)
    async with database.sessionmaker() as db:
        yield db
