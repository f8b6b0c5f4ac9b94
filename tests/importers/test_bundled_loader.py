"""Re-running the bundled import corrects what an older parser stored (e.g. seasons)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import sqlalchemy as sa

from kagami.catalogue.models import Media
from kagami.data import ARM, BANGUMI_DATA, bundled_path
from kagami.db import Database
from kagami.db.meta import set_meta
from kagami.importers.bundled import load_bundled
from kagami.importers.bundled_loader import META_KEY, bundled_import_is_current
from kagami.importers.upsert import upsert_media_records

FRIEREN = 154587


async def _season(database: Database) -> tuple[str | None, int | None, int | None]:
    async with database.session() as session:
        row = (
            await session.execute(
                sa.select(Media.season, Media.season_year, Media.season_int).where(
                    Media.id == FRIEREN
                )
            )
        ).one()
    return row.season, row.season_year, row.season_int


async def test_reimport_overwrites_a_wrongly_derived_season(database: Database) -> None:
    (frieren,) = [r for r in load_bundled() if r.anilist_id == FRIEREN]
    assert (frieren.season, frieren.season_year) == ("FALL", 2023)
    async with database.session() as session:  # what the old month-only rule stored
        await upsert_media_records(session, [replace(frieren, season="SUMMER")])
    assert await _season(database) == ("SUMMER", 2023, 233)

    async with database.session() as session:
        await upsert_media_records(session, [frieren])

    assert await _season(database) == ("FALL", 2023, 234)


async def test_a_catalogue_imported_by_the_previous_parser_is_imported_again(
    database: Database,
) -> None:
    old = hashlib.sha256()  # parser 1 hashed the two files only
    for name in (BANGUMI_DATA, ARM):
        old.update(name.encode() + b"\0")
        old.update(bundled_path(name).read_bytes())
    async with database.session() as session:
        await set_meta(session, META_KEY, old.hexdigest())

    assert await bundled_import_is_current(database) is False
