"""Migrations build the schema the models describe, on both backends, any number of times."""

from __future__ import annotations

import sqlalchemy as sa

from kagami.db import Database
from kagami.db.migrate import current_revision, schema_drift, upgrade
from kagami.models import metadata


async def test_upgrade_reaches_head_and_is_idempotent(database: Database) -> None:
    head = await current_revision(database)
    assert head is not None
    await upgrade(database)
    await upgrade(database)
    assert await current_revision(database) == head


async def test_models_and_migrations_do_not_drift(database: Database) -> None:
    diff = await schema_drift(database)
    assert diff == [], f"models differ from migrations: {diff}"


async def test_every_model_table_exists_after_migrating(database: Database) -> None:
    async with database.engine.connect() as conn:
        tables = await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
    assert set(metadata.tables) <= tables
