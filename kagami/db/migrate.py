"""Programmatic Alembic: ``upgrade`` brings any database to the newest schema, idempotently."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kagami.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r'^(down_revision|revision): str(?: \| None)? = "?(\w+)"?$', re.M)


def alembic_config() -> Config:
    """An Alembic config pointing at Kagami's bundled migrations (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache
def packaged_head() -> str | None:
    """The newest packaged revision, read from the migration files without Alembic.

    Alembic takes a third of a second to import; a server whose database is already at
    this revision starts without it. None when the files do not name exactly one head.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for field, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (revisions if field == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def is_at_head(database: Database) -> bool:
    """Whether the database's ``alembic_version`` is the packaged head and no backfill is
    pending (no upgrade to run)."""
    head = packaged_head()
    if head is None:
        return False
    async with database.engine.connect() as connection:
        exists = await connection.run_sync(
            lambda sync: sa.inspect(sync).has_table("alembic_version")
        )
        if not exists:
            return False
        found = (await connection.execute(sa.text("SELECT version_num FROM alembic_version"))).all()
        if [row[0] for row in found] != [head]:
            return False
        from kagami.lists.stat_backfill import is_pending

        return not await is_pending(connection)  # an interrupted backfill goes on first


def _upgrade_sync(connection: Connection, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


async def upgrade(database: Database, revision: str = "head", *, quiet: bool = False) -> None:
    """Apply every pending migration in one transaction, then finish any pending backfill.

    A no-op when already current (``is_at_head`` is false while a backfill is pending): at
    the packaged head Alembic is not even imported, since every CLI command that touches the
    database upgrades first and would pay a third of a second for nothing (#16). Backfills
    (``lists/stat_backfill.py``) commit batch by batch behind a progress bar (``quiet`` hides
    it), so an interrupted one goes on.
    """
    if revision == "head" and await is_at_head(database):
        return
    async with database.engine.begin() as connection:
        await connection.run_sync(_upgrade_sync, revision)
    from kagami.lists.stat_backfill import finish_pending

    await finish_pending(database, quiet=quiet)


def _current_sync(connection: Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(database: Database) -> str | None:
    """The revision the database is at, or None for an empty database."""
    async with database.engine.connect() as connection:
        return await connection.run_sync(_current_sync)


def _diff_sync(connection: Connection) -> list[Any]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

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
