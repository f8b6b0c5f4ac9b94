"""First start, shared by `kagami serve` and tests: migrate, then load the bundled catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import is_at_head, upgrade
from kagami.importers.bundled_loader import bundled_import_is_current, import_bundled


@dataclass(frozen=True)
class PrepareResult:
    """What start-up did, for the log line and tests."""

    imported: bool
    media_count: int
    durability: str = ""  # e.g. "sqlite journal_mode=wal synchronous=full"


async def prepare(settings: Settings, *, quiet: bool = False) -> PrepareResult:
    """Migrate the database and import the bundled catalogue unless this exact one is already in."""
    database = Database(settings)
    try:
        if not await is_at_head(database):
            await upgrade(database)
        imported = False
        if settings.import_bundled_on_start and not await bundled_import_is_current(database):
            await import_bundled(database, quiet=quiet)
            imported = True
        from kagami.catalogue.service import catalogue_size
        from kagami.oauth.setup import ensure_builtin

        await ensure_builtin(database)

        async with database.session() as session:
            size = await catalogue_size(session)
        durability = await database.durability()
        return PrepareResult(imported=imported, media_count=size["media"], durability=durability)
    finally:
        await database.dispose()
