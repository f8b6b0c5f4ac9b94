"""Importing a MAL list export into a user's list, in resumable batches.

The file is read twice: once whole, so a truncated, hostile or foreign file is refused
before anything is written (and the entries are counted for the progress bar), then
entry by entry, 500 at a time. Each batch is one transaction that also moves the user's
import cursor, so an interrupted import (Ctrl-C, a crash) keeps its finished batches and
a re-run of the same file goes on from there. Entries map by MAL id (``idMal``, or a MAL
dialect synthetic id); ids the catalogue does not know and entries MAL's format does not
allow are reported, never skipped in silence. Re-running changes nothing: entries are
written as a whole through :func:`kagami.lists.restore.restore_entries`.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.accounts.service import find_user_by_name
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.db.writes import insert_or_ignore
from kagami.dialects.mal.mapping import mal_id_of, synthetic_media_id
from kagami.lists.restore import Outcome, Restore, restore_entries
from kagami.transfer.errors import TransferError
from kagami.transfer.mal_xml_map import EntryError, MalEntry, entry_from_fields
from kagami.transfer.mal_xml_read import MAX_XML_BYTES, MalRecord, MalXmlReader, scan
from kagami.transfer.models import ListImportCursor

BATCH_SIZE = 500
MAX_LISTED = 10_000  # unknown/invalid entries kept for the report (all are counted)


@dataclass(frozen=True, slots=True)
class Unknown:
    """An entry whose MAL id names no media in the catalogue."""

    position: int
    media_type: MediaType
    mal_id: int
    title: str


@dataclass(frozen=True, slots=True)
class Problem:
    """An entry that could not be imported, and why."""

    position: int
    mal_id: int | None
    message: str


@dataclass
class ImportReport:
    """What an import did: counts per outcome, and the entries it could not import."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    resumed_from: int = 0
    unknown_count: int = 0
    invalid_count: int = 0
    unknown: list[Unknown] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)

    def add_unknown(self, item: Unknown) -> None:
        """Count an unknown id (listed up to ``MAX_LISTED``)."""
        self.unknown_count += 1
        if len(self.unknown) < MAX_LISTED:
            self.unknown.append(item)

    def add_invalid(self, item: Problem) -> None:
        """Count an invalid entry (listed up to ``MAX_LISTED``)."""
        self.invalid_count += 1
        if len(self.invalid) < MAX_LISTED:
            self.invalid.append(item)

    def count(self, outcome: Outcome) -> None:
        """Count one written (or kept) entry."""
        name = outcome.value
        setattr(self, name, getattr(self, name) + 1)


async def user_named(session: AsyncSession, name: str) -> User:
    """The active user an import or export is for; a :class:`TransferError` if there is none."""
    user = await find_user_by_name(session, name) if 0 < len(name) <= 64 else None
    if user is None or not user.is_active:
        raise TransferError(f"No user named {name[:64]!r}.")
    return user


async def media_by_mal_id(
    session: AsyncSession, media_type: MediaType, mal_ids: Iterable[int]
) -> dict[int, int]:
    """MAL id -> Kagami media id for the ids the catalogue knows (real or synthetic)."""
    wanted = set(mal_ids)
    synthetic = {synthetic_media_id(i): i for i in wanted}
    synthetic.pop(None, None)
    real = [i for i in wanted if i not in synthetic.values()]
    found: dict[int, int] = {}
    query = sa.select(Media.id, Media.id_mal).where(Media.type == media_type)
    for condition in (Media.id_mal.in_(real), Media.id.in_(list(synthetic))):
        for media_id, id_mal in await session.execute(query.where(condition)):
            mal_id = mal_id_of(media_id, id_mal)
            if mal_id in wanted:
                found[mal_id] = media_id
    return found


def _batches(records: Iterator[MalRecord], size: int) -> Iterator[list[MalRecord]]:
    while batch := list(islice(records, size)):
        yield batch


def _cursor_key(digest: str, overwrite: bool) -> str:
    return hashlib.sha256(f"mal-xml:{digest}:{int(overwrite)}".encode()).hexdigest()


async def _cursor(database: Database, user_id: int, key: str) -> int:
    async with database.session() as session:
        found = await session.get(ListImportCursor, (user_id, key))
        return found.position if found is not None else 0


async def _move_cursor(session: AsyncSession, user_id: int, key: str, position: int) -> None:
    if not await insert_or_ignore(
        session, ListImportCursor, user_id=user_id, digest=key, position=position
    ):
        await session.execute(
            sa.update(ListImportCursor)
            .where(ListImportCursor.user_id == user_id, ListImportCursor.digest == key)
            .values(position=position)
        )


async def _import_batch(
    database: Database,
    user_id: int,
    batch: list[MalRecord],
    *,
    cursor: tuple[str, int],
    overwrite: bool,
    report: ImportReport,
) -> None:
    """Check, resolve and (past the cursor) write one batch in one transaction."""
    key, done = cursor
    entries: list[tuple[int, MalEntry]] = []
    for record in batch:
        try:
            entries.append((record.position, entry_from_fields(record.media_type, record.fields)))
        except EntryError as exc:
            report.add_invalid(Problem(record.position, None, str(exc)))
    async with database.session() as session:
        known: dict[MediaType, dict[int, int]] = {}
        for media_type in MediaType:
            ids = [e.mal_id for _, e in entries if e.media_type is media_type]
            if ids:
                known[media_type] = await media_by_mal_id(session, media_type, ids)
        items: list[tuple[int, MalEntry, Restore]] = []
        for position, entry in entries:
            media_id = known.get(entry.media_type, {}).get(entry.mal_id)
            if media_id is None:
                report.add_unknown(Unknown(position, entry.media_type, entry.mal_id, entry.title))
            elif position > done:
                restore = Restore(media_id, entry.changes, overwrite=overwrite or entry.overwrite)
                items.append((position, entry, restore))
        if batch[-1].position <= done:
            return  # imported by the interrupted run; counted above only for the report
        results = await restore_entries(session, user_id, [r for _, _, r in items])
        for (position, entry, _), result in zip(items, results, strict=True):
            if result.outcome is Outcome.INVALID:
                text = "; ".join(f"{k}: {' '.join(v)}" for k, v in result.errors.items())
                report.add_invalid(Problem(position, entry.mal_id, text))
            elif result.outcome is not Outcome.UNKNOWN_MEDIA:
                report.count(result.outcome)
        await _move_cursor(session, user_id, key, batch[-1].position)


async def import_mal_xml(
    database: Database,
    path: Path,
    user_name: str,
    *,
    overwrite: bool = False,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = MAX_XML_BYTES,
    on_start: Callable[[int, int], None] | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a MAL export (plain or gzipped XML) into ``user_name``'s list.

    ``overwrite`` updates existing entries even where the file's ``update_on_import`` is 0.
    ``on_start(total, resumed_from)`` and ``on_batch(entries)`` drive a progress bar.
    """
    async with database.session() as session:
        user_id = (await user_named(session, user_name)).id
    total, digest = await asyncio.to_thread(scan, path, max_bytes=max_bytes)
    key = _cursor_key(digest, overwrite)
    done = await _cursor(database, user_id, key)
    report = ImportReport(total=total, resumed_from=done)
    if on_start is not None:
        on_start(total, done)
    with path.open("rb") as raw:
        reader = MalXmlReader(raw, max_bytes=max_bytes)
        for batch in _batches(iter(reader), batch_size):
            await _import_batch(
                database, user_id, batch, cursor=(key, done), overwrite=overwrite, report=report
            )
            if on_batch is not None:
                on_batch(len(batch))
        if reader.digest != digest:
            raise TransferError("The file changed while it was being imported; run it again.")
    async with database.session() as session:
        await session.execute(
            sa.delete(ListImportCursor).where(
                ListImportCursor.user_id == user_id, ListImportCursor.digest == key
            )
        )
    return report
