"""The synthetic tiny tier, seeded once per backend for read-only GraphQL tests.

``seeded_world`` clones the session's migrated template (as ``database`` does), seeds
``tier="tiny"`` into it and serves it through one app; ``TinyWorld`` reads the same data
back with plain SQL, so each test compares the API's answer with an independent query.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.importers.synthetic import seed_database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.test_viewer import _token
from tests.support import postgres as pg


@dataclass
class TinyWorld:
    """One seeded database, an HTTP client on an app serving it, and SQL read-backs."""

    database: Database
    gql: GraphQLClient

    async def rows(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        """Every row of ``sql`` as plain tuples."""
        async with self.database.session() as session:
            return [tuple(r) for r in (await session.execute(sa.text(sql), params)).all()]

    async def column(self, sql: str, **params: Any) -> list[Any]:
        """The first column of every row of ``sql``."""
        return [r[0] for r in await self.rows(sql, **params)]

    async def row(self, sql: str, **params: Any) -> tuple[Any, ...]:
        """The one row ``sql`` must return."""
        found = await self.rows(sql, **params)
        assert found, f"the tiny tier has no row for: {sql} {params}"
        return found[0]

    async def value(self, sql: str, **params: Any) -> Any:
        """The first column of the one row ``sql`` must return."""
        return (await self.row(sql, **params))[0]

    async def data(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The ``data`` of a request that must succeed."""
        status, body = await self.gql(query, variables, **(headers or {}))
        assert status == 200 and "errors" not in body, body
        return body["data"]

    async def status(self, query: str, variables: dict[str, Any] | None = None) -> int:
        """The HTTP status of an anonymous request expected to fail (as its error body says)."""
        status, body = await self.gql(query, variables)
        assert body["errors"][0]["status"] == status, body
        return status

    async def bearer(self, user_id: int) -> dict[str, str]:
        """An ``Authorization`` header for an AniList token of ``user_id``."""
        return {"Authorization": f"Bearer {await _token(self.gql, self.database, user_id)}"}


def _settings(data_dir: Path, url: str) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=url,
        import_bundled_on_start=False,
        rate_limit="100000/minute",
        _env_file=None,
    )


@dataclass(frozen=True)
class Template:
    """What the seeded database is cloned from: a SQLite file, or a PostgreSQL template."""

    backend: str
    source: str | Path
    admin_url: str | None = None


def migrated_template(backend: str, request: pytest.FixtureRequest) -> Template:
    """The session's migrated template on ``backend`` (call it from a sync fixture: an async
    fixture cannot ``getfixturevalue()`` the async template fixtures)."""
    if backend == "sqlite":
        return Template(backend, request.getfixturevalue("_sqlite_migrated_template"))
    admin_url = request.getfixturevalue("postgres_admin_url")
    template = request.getfixturevalue("_postgres_migrated_template")
    return Template(backend, template, admin_url)


@asynccontextmanager
async def _database_url(template: Template, data_dir: Path) -> AsyncIterator[str]:
    """A new database at head, cloned from ``template``; dropped afterwards."""
    if template.admin_url is None:
        path = data_dir / "kagami.sqlite3"
        shutil.copyfile(template.source, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    url = await pg.create_database(template.admin_url, template=str(template.source))
    try:
        yield url
    finally:
        await pg.drop_database(template.admin_url, url)


@asynccontextmanager
async def seeded_world(template: Template, data_dir: Path) -> AsyncIterator[TinyWorld]:
    """The tiny tier (seed 1) on a fresh database cloned from ``template``, served over HTTP."""
    async with _database_url(template, data_dir) as url:
        settings = _settings(data_dir, url)
        database = Database(settings)
        try:
            await seed_database(database, tier="tiny", seed=1, quiet=True)
            app = create_app(settings, database)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                yield TinyWorld(database, GraphQLClient(client, app))
        finally:
            await database.dispose()
