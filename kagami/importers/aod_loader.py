"""Import an anime-offline-database file batch by batch, with a progress bar.

AOD is a secondary source: the bundled catalogue (bangumi-data + arm) has exact dates and
native/English titles, so AOD only fills those when they are missing (``FILL_ONLY``), while
episodes, duration, cover, genres, tags, studios and info links are written. Synonyms are
merged (existing first). Each batch commits, so an interrupted import resumes on re-run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.importers.aod import InvalidEntry, map_entry
from kagami.importers.aod_reader import open_aod
from kagami.importers.records import MediaRecord
from kagami.importers.upsert import upsert_media_records
from kagami.progress import make_progress

BATCH_SIZE = 500
FILL_ONLY = frozenset(
    {
        "id_mal", "format", "status", "title_romaji", "title_english", "title_native",
        "start_year", "start_month", "start_day", "end_year", "end_month", "end_day",
        "season", "season_year", "season_int", "country_of_origin",
        "broadcast_day", "broadcast_time",
    }
)  # fmt: skip


@dataclass
class AodImportResult:
    """What an AOD import did, for the command's summary line."""

    imported: int = 0
    without_anilist_id: int = 0
    invalid: int = 0
    duplicates: int = 0


async def _merge_synonyms(
    session: AsyncSession, records: Sequence[MediaRecord]
) -> list[MediaRecord]:
    """Existing synonyms first, then AOD's title and synonyms not already a title or synonym."""
    rows = await session.execute(
        sa.select(
            Media.id, Media.title_romaji, Media.title_english, Media.title_native, Media.synonyms
        ).where(Media.id.in_([r.anilist_id for r in records]))
    )
    existing = {row[0]: row[1:] for row in rows}
    merged = []
    for record in records:
        if record.anilist_id not in existing:
            merged.append(record)
            continue
        romaji, english, native, synonyms = existing[record.anilist_id]
        titles = {romaji or record.title_romaji, english, native}
        names = [*(synonyms or ()), record.title_romaji, *record.synonyms]
        kept = tuple(n for n in dict.fromkeys(names) if n not in titles)
        merged.append(dataclasses.replace(record, synonyms=kept))
    return merged


async def _write(database: Database, batch: dict[int, MediaRecord]) -> int:
    async with database.session() as session:
        records = await _merge_synonyms(session, list(batch.values()))
        await upsert_media_records(session, records, fill_only=FILL_ONLY)
    batch.clear()
    return len(records)


async def import_aod(database: Database, path: Path, *, quiet: bool = False) -> AodImportResult:
    """Upsert every AOD entry with an AniList id from ``path`` (.json, .jsonl, or .zst)."""
    result = AodImportResult()
    batch: dict[int, MediaRecord] = {}
    with open_aod(path) as source, make_progress(quiet=quiet, in_bytes=True) as progress:
        task = progress.add_task(f"Importing {path.name}", total=source.size)
        for entry in source.entries():
            try:
                if not isinstance(entry, dict):
                    raise InvalidEntry("entry is not an object")
                record = map_entry(entry)
            except InvalidEntry:
                result.invalid += 1
                continue
            if record is None:
                result.without_anilist_id += 1
                continue
            result.duplicates += record.anilist_id in batch
            batch[record.anilist_id] = record  # the later entry wins, as across batches
            if len(batch) >= BATCH_SIZE:
                result.imported += await _write(database, batch)
                progress.update(task, completed=source.position())
        if batch:
            result.imported += await _write(database, batch)
        progress.update(task, completed=source.size)
    await database.refresh_statistics()
    return result


__all__ = ["BATCH_SIZE", "FILL_ONLY", "AodImportResult", "import_aod"]
