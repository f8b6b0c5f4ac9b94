"""The fault tests' user, tokens and media in a database, and the app over it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.fixtures.files import parse_fixtures
from kagami.fixtures.load import load_fixtures
from kagami.oauth.setup import ensure_builtin
from tests.faults.load import add_media, fixture_spec


@asynccontextmanager
async def load_client(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """Load the load's user, tokens and media, and yield an HTTP client on the whole app."""
    settings = settings.model_copy(update={"rate_limit": "1000000/minute"})
    async with database.session() as session:
        await load_fixtures(session, settings, parse_fixtures(fixture_spec()))
    await add_media(database)
    app = create_app(settings, database)
    await ensure_builtin(database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
