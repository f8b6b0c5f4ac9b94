"""Fixtures for list model tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kagami.accounts.models import User
from kagami.lists.models import ListEntry, ListEntryCustomList
from tests.accounts._db import engine_with, ensure_referenced_table, sessions


@pytest.fixture
async def session_factory(
    backend: str, request: pytest.FixtureRequest
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh database holding users, list tables and a stand-in ``media``."""
    ensure_referenced_table("media", "kagami.catalogue.models")
    models = [User, ListEntry, ListEntryCustomList]
    async with engine_with(backend, request, models) as engine:
        yield sessions(engine)
