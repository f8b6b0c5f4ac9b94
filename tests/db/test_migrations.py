"""Migrations build the schema the models describe, on both backends, any number of times."""

from __future__ import annotations

import sqlalchemy as sa

from kagami.db import Database
from kagami.db.migrate import current_revision, schema_drift, upgrade
from kagami.models import metadata


async def _table_names(database: Database) -> set[str]:
    async with database.engine.connect() as conn:
        return await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))


async def test_upgrade_reaches_head_and_is_idempotent(empty_database: Database) -> None:
    # From scratch, not from the session's pre-migrated template.
    assert await current_revision(empty_database) is None
    assert await _table_names(empty_database) == set()
    await upgrade(empty_database)
    head = await current_revision(empty_database)
    assert head is not None
    assert set(metadata.tables) <= await _table_names(empty_database)
    await upgrade(empty_database)
    await upgrade(empty_database)
    assert await current_revision(empty_database) == head
    assert await schema_drift(empty_database) == []


async def test_database_fixture_is_at_head(database: Database, empty_database: Database) -> None:
    await upgrade(empty_database)
    assert await current_revision(database) == await current_revision(empty_database)
    assert await _table_names(database) == await _table_names(empty_database)


async def test_models_and_migrations_do_not_drift(database: Database) -> None:
    diff = await schema_drift(database)
    assert diff == [], f"models differ from migrations: {diff}"


async def test_every_model_table_exists_after_migrating(database: Database) -> None:
    assert set(metadata.tables) <= await _table_names(database)
