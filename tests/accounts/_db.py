"""Just the tables a domain test needs, on either backend, isolated from other domains' models.

Tables are copied into a private MetaData so half-written models elsewhere cannot break
``create_all``; any table they reference that is not copied (e.g. ``media``) gets an
``id``-only stand-in so foreign keys still hold.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from kagami.db.base import Base
from tests.support import postgres as pg


def _foreign_keys_on(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def ensure_referenced_table(name: str, module: str) -> None:
    """Register ``name`` on the shared metadata (the ORM's flush order resolves every FK).

    Imports the owning domain's models; while those do not import cleanly yet, an
    ``id``-only stand-in takes their place.
    """
    try:
        importlib.import_module(module)
    except Exception:
        if name not in Base.metadata.tables:
            sa.Table(name, Base.metadata, sa.Column("id", sa.Integer, primary_key=True))


def _isolated_metadata(tables: Iterable[sa.Table]) -> sa.MetaData:
    meta = sa.MetaData()
    copies = [table.to_metadata(meta) for table in tables]
    for table in copies:
        for fk in table.foreign_keys:
            referred = fk.target_fullname.split(".", 1)[0]
            if referred not in meta.tables:
                sa.Table(referred, meta, sa.Column("id", sa.Integer, primary_key=True))
    return meta


@asynccontextmanager
async def engine_with(
    backend: str, request: pytest.FixtureRequest, models: Iterable[type[Base]]
) -> AsyncIterator[AsyncEngine]:
    """An engine on a fresh database (in-memory SQLite or PostgreSQL) with ``models``' tables."""
    tables = [Base.metadata.tables[model.__tablename__] for model in models]
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
            await conn.run_sync(_isolated_metadata(tables).create_all)
        yield engine
    finally:
        await engine.dispose()
        if admin_url is not None and url is not None:
            await pg.drop_database(admin_url, url)


def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory like the app's: no expiry on commit, no autoflush."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
