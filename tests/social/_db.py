"""A session on a fresh database holding the social and community tables.

Both domains are created together (notifications point at threads and comments). Their
tables are copied into a private MetaData with ``id``-only stand-ins for users, media,
characters, staff and studios, so other domains' models cannot break these tests.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from kagami.community import models as community_models
from kagami.db.base import Base
from kagami.social import models as social_models
from tests.support import postgres as pg

_PARENTS = {
    "users": "kagami.accounts.models",
    "media": "kagami.catalogue.models",
    "characters": "kagami.catalogue.models",
    "staff": "kagami.catalogue.models",
    "studios": "kagami.catalogue.models",
}


def _register_parents() -> None:
    """Put every referenced table on ``Base.metadata``: the ORM's flush order resolves each FK."""
    for name, module in _PARENTS.items():
        try:
            importlib.import_module(module)
        except Exception:
            if name not in Base.metadata.tables:
                sa.Table(name, Base.metadata, sa.Column("id", sa.Integer, primary_key=True))


def _test_metadata() -> sa.MetaData:
    modules = {social_models.__name__, community_models.__name__}
    meta = sa.MetaData()
    for name in _PARENTS:
        sa.Table(name, meta, sa.Column("id", sa.Integer, primary_key=True))
    for mapper in Base.registry.mappers:
        if mapper.class_.__module__ in modules:
            mapper.local_table.to_metadata(meta)
    return meta


def _foreign_keys_on(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@asynccontextmanager
async def social_session(
    backend: str, request: pytest.FixtureRequest
) -> AsyncIterator[AsyncSession]:
    """A session whose database has users, media, characters, staff and studios 1-3."""
    _register_parents()
    admin_url = url = None
    if backend == "sqlite":
        engine = create_async_engine("sqlite+aiosqlite://")
        event.listen(engine.sync_engine, "connect", _foreign_keys_on)
    else:
        admin_url = request.getfixturevalue("postgres_admin_url")
        url = await pg.create_database(admin_url)
        engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_test_metadata().create_all)
            for name in _PARENTS:
                await conn.execute(sa.text(f"INSERT INTO {name} (id) VALUES (1), (2), (3)"))
        async with async_sessionmaker(engine, expire_on_commit=False, autoflush=False)() as db:
            yield db
    finally:
        await engine.dispose()
        if admin_url is not None and url is not None:
            await pg.drop_database(admin_url, url)
