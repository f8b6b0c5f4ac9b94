"""Load the bundled catalogue into the database, batch by batch, with a progress bar."""

from __future__ import annotations

from contextlib import nullcontext

from kagami.db import Database
from kagami.db.meta import get_meta, set_meta
from kagami.importers.bundled import bundled_fingerprint, load_bundled

META_KEY = "bundled_catalogue_sha256"
BATCH_SIZE = 500


async def bundled_import_is_current(database: Database) -> bool:
    """Whether this exact bundled catalogue was fully imported before."""
    async with database.session() as session:
        return await get_meta(session, META_KEY) == bundled_fingerprint()


async def import_bundled(database: Database, *, quiet: bool = False) -> int:
    """Upsert every bundled record; each batch commits, so an interrupted run just resumes.

    The importer and Rich are imported here: a start whose catalogue is current needs neither.
    """
    from kagami.importers.upsert import upsert_media_records
    from kagami.progress import console, make_progress

    reading = console.status("Reading the bundled catalogue", spinner="dots")
    with nullcontext() if quiet else reading:
        records = load_bundled()
    with make_progress(quiet=quiet) as progress:
        task = progress.add_task("Importing bundled catalogue", total=len(records))
        for start in range(0, len(records), BATCH_SIZE):
            batch = records[start : start + BATCH_SIZE]
            async with database.session() as session:
                await upsert_media_records(session, batch)
            progress.advance(task, len(batch))
    async with database.session() as session:
        await set_meta(session, META_KEY, bundled_fingerprint())
    await database.refresh_statistics()
    return len(records)
