"""A throwaway PostgreSQL database per test session, on a server the app's CI provides.

Each ``kagami_server`` session (each pytest-xdist worker too) gets its own database, so
sessions never share data or snapshot names, and the database the URL names is never
touched: only databases made here are dropped, with their snapshot databases. The first
session's freshly started database is kept as a template (named for Kagami's version,
migrations and bundled data), so later sessions skip migrating and importing the catalogue.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

PREFIX = "kagami_pytest_"


def _async_url(url: str) -> URL:
    """``url`` with SQLAlchemy's asyncpg driver, whichever PostgreSQL scheme it was given."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"not a PostgreSQL URL: {parsed.render_as_string(hide_password=True)}")
    return parsed.set(drivername="postgresql+asyncpg")


@asynccontextmanager
async def _admin(url: URL) -> AsyncIterator[tuple[AsyncConnection, Callable[[str], str]]]:
    """A connection to the server's ``postgres`` database outside transactions, and a quoter."""
    admin = url.set(database="postgres")
    engine = create_async_engine(admin, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            yield conn, engine.dialect.identifier_preparer.quote
    finally:
        await engine.dispose()


def template_name(catalogue: bool) -> str:
    """The template database for this Kagami, with or without the bundled catalogue."""
    from kagami.testing.harness import template_key

    return f"{PREFIX}tpl_{'c' if catalogue else 'e'}{template_key()}"


async def create_database(server_url: str, template: str) -> tuple[str, bool]:
    """Create ``kagami_pytest_<random>`` on the server ``server_url`` names, as a copy of
    ``template`` when that exists; return its URL and whether it was copied."""
    url = _async_url(server_url)
    name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
    async with _admin(url) as (conn, quote):
        found = await conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :t"), {"t": template}
        )
        source = quote(template) if found else "template0"
        await conn.execute(text(f"CREATE DATABASE {quote(name)} TEMPLATE {source} ENCODING 'UTF8'"))
    return url.set(database=name).render_as_string(hide_password=False), found is not None


async def keep_as_template(database_url: str, snapshot: str, template: str) -> None:
    """Rename the database's snapshot ``snapshot`` to ``template``, unless a concurrent
    session made that template first (then the snapshot is dropped)."""
    from sqlalchemy.exc import DBAPIError

    url = _async_url(database_url)
    copy = f"{url.database}__snap_{snapshot}"
    async with _admin(url) as (conn, quote):
        try:
            await conn.execute(text(f"ALTER DATABASE {quote(copy)} RENAME TO {quote(template)}"))
        except DBAPIError:  # duplicate_database: another worker won the race
            await conn.execute(text(f"DROP DATABASE IF EXISTS {quote(copy)} WITH (FORCE)"))


async def drop_database(database_url: str) -> None:
    """Drop a database made by ``create_database`` and its snapshots, ending their sessions."""
    url = _async_url(database_url)
    name = url.database or ""
    if not name.startswith(PREFIX):
        raise ValueError(f"refusing to drop {name!r}: not made by kagami.testing")
    async with _admin(url) as (conn, quote):
        found = await conn.scalars(
            text(
                "SELECT datname FROM pg_database "
                "WHERE datname = :n OR starts_with(datname, :n || '__snap_')"
            ),
            {"n": name},
        )
        for database in found.all():
            await conn.execute(text(f"DROP DATABASE IF EXISTS {quote(database)} WITH (FORCE)"))
