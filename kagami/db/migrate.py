"""Programmatic Alembic: ``upgrade`` brings any database to the newest schema, idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from kagami.db.engine import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at Kagami's bundled migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _upgrade_sync(connection: Connection, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


async def upgrade(database: Database, revision: str = "head") -> None:
    """Apply every pending migration in one transaction; a no-op when already current."""
    async with database.engine.begin() as connection:
        await connection.run_sync(_upgrade_sync, revision)


def _current_sync(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(database: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""
    async with database.engine.connect() as connection:
        return await connection.run_sync(_current_sync)


def _diff_sync(connection: Connection) -> list[Any]:
    import kagami.models  # noqa: F401  (fills Base.metadata)
    from kagami.db.autogen import include_name
    from kagami.db.base import Base

    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "render_as_batch": connection.dialect.name == "sqlite",
            "include_name": include_name,
        },
    )
    return list(compare_metadata(context, Base.metadata))


async def schema_drift(database: Database) -> list[Any]:
    """Differences between the migrated database and the ORM models (empty when in sync)."""
    async with database.engine.connect() as connection:
        return await connection.run_sync(_diff_sync)
