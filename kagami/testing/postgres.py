"""A throwaway PostgreSQL database per test session, on a server the app's CI provides.

Each ``kagami_server`` session (each pytest-xdist worker too) gets its own database, so
sessions never share data or snapshot names, and the database the URL names is never
touched: only databases made here are dropped, with their snapshot databases.
"""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

PREFIX = "kagami_pytest_"


def _async_url(url: str) -> URL:
    """``url`` with SQLAlchemy's asyncpg driver, whichever PostgreSQL scheme it was given."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"not a PostgreSQL URL: {parsed.render_as_string(hide_password=True)}")
    return parsed.set(drivername="postgresql+asyncpg")


def _admin_engine(url: URL) -> AsyncEngine:
    """One connection at a time to the server's ``postgres`` database, outside transactions."""
    admin = url.set(database="postgres")
    return create_async_engine(admin, poolclass=NullPool, isolation_level="AUTOCOMMIT")


async def create_database(server_url: str) -> str:
    """Create ``kagami_pytest_<random>`` on the server ``server_url`` names; return its URL."""
    url = _async_url(server_url)
    name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
    engine = _admin_engine(url)
    try:
        async with engine.connect() as conn:
            quoted = engine.dialect.identifier_preparer.quote(name)
            await conn.execute(text(f"CREATE DATABASE {quoted} ENCODING 'UTF8' TEMPLATE template0"))
    finally:
        await engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


async def drop_database(database_url: str) -> None:
    """Drop a database made by ``create_database`` and its snapshots, ending their sessions."""
    url = _async_url(database_url)
    name = url.database or ""
    if not name.startswith(PREFIX):
        raise ValueError(f"refusing to drop {name!r}: not made by kagami.testing")
    engine = _admin_engine(url)
    try:
        async with engine.connect() as conn:
            found = await conn.scalars(
                text(
                    "SELECT datname FROM pg_database "
                    "WHERE datname = :n OR starts_with(datname, :n || '__snap_')"
                ),
                {"n": name},
            )
            quote = engine.dialect.identifier_preparer.quote
            for database in found.all():
                await conn.execute(text(f"DROP DATABASE IF EXISTS {quote(database)} WITH (FORCE)"))
    finally:
        await engine.dispose()
