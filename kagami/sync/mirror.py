"""``kagami import catalogue``: fill the catalogue from an AniList- or MAL-speaking server.

Media are visited in id order, a batch per remote request (AniList) or per few requests
(MAL); each batch is written in one transaction together with the cursor, so an
interrupted run (Ctrl-C, a remote that stops answering) resumes after the last whole
batch. Finishing deletes the cursor, so the next run starts over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.lists.models import ListEntry
from kagami.progress import make_progress
from kagami.sync import cursors
from kagami.sync.mirror_anilist import PER_PAGE, fetch_media
from kagami.sync.mirror_mal import fetch_mal_media
from kagami.sync.mirror_records import MirrorRecord
from kagami.sync.mirror_write import write_batch
from kagami.sync.remote_http import RemoteClient

SCOPES = ("all-local", "listed", "ids")
MAX_RANGE = 10_000_000
# Columns MAL may leave out (no country at all): a MAL mirror fills them, never clears them.
MAL_FILL_ONLY = (
    "country_of_origin",
    "season",
    "season_year",
    "season_int",
    "broadcast_day",
    "broadcast_time",
)


@dataclass(frozen=True)
class Scope:
    """Which media to mirror: the whole catalogue, the media on users' lists, or an id range."""

    kind: str = "all-local"
    low: int = 0
    high: int = 0

    def label(self) -> str:
        """The scope as the cursor's name holds it."""
        return f"ids {self.low}-{self.high}" if self.kind == "ids" else self.kind


def parse_range(text: str) -> tuple[int, int]:
    """``A-B`` as (A, B); ValueError unless 1 <= A <= B and the range is not absurd."""
    low, sep, high = text.partition("-")
    if not sep or not (low.isascii() and low.isdigit() and high.isascii() and high.isdigit()):
        raise ValueError(f"--ids takes a range A-B of media ids, not {text[:40]!r}")
    a, b = int(low), int(high)
    if not 1 <= a <= b or b - a >= MAX_RANGE:
        raise ValueError(f"--ids {a}-{b}: need 1 <= A <= B and at most {MAX_RANGE:,} ids")
    return a, b


@dataclass
class MirrorResult:
    """What a mirror run did."""

    visited: int = 0
    written: int = 0
    resumed_after: int | None = None
    remote_requests: int = 0


Target = tuple[int, int | None, MediaType]  # local media id, MAL id, type


def _candidates(scope: Scope) -> Any:
    stmt = sa.select(Media.id, Media.id_mal, Media.type)
    if scope.kind == "listed":
        stmt = stmt.where(Media.id.in_(sa.select(ListEntry.media_id).distinct()))
    elif scope.kind == "ids":
        stmt = stmt.where(Media.id.between(scope.low, scope.high))
    return stmt


async def _next_targets(
    session: AsyncSession, scope: Scope, dialect: str, after: int, size: int
) -> list[Target]:
    if scope.kind == "ids" and dialect == "anilist":  # ids we do not have yet are created
        low = max(after + 1, scope.low)
        return [(i, None, MediaType.ANIME) for i in range(low, min(low + size, scope.high + 1))]
    stmt = _candidates(scope).where(Media.id > after).order_by(Media.id).limit(size)
    return [(m, mal, kind) for m, mal, kind in await session.execute(stmt)]


async def _total(session: AsyncSession, scope: Scope, dialect: str, after: int) -> int:
    if scope.kind == "ids" and dialect == "anilist":
        return max(0, scope.high - max(after + 1, scope.low) + 1)
    stmt = _candidates(scope).where(Media.id > after).subquery()
    return int(await session.scalar(sa.select(sa.func.count()).select_from(stmt)) or 0)


async def _fetch(
    client: RemoteClient, dialect: str, targets: Sequence[Target]
) -> list[MirrorRecord]:
    if dialect == "anilist":
        return await fetch_media(client, [media_id for media_id, _, _ in targets])
    return await fetch_mal_media(client, targets)


async def mirror_catalogue(
    database: Database,
    client: RemoteClient,
    *,
    dialect: str,
    scope: Scope,
    quiet: bool = False,
    batch_size: int = PER_PAGE,
) -> MirrorResult:
    """Mirror ``scope`` from the remote, resuming where an interrupted run with the same
    remote, dialect and scope stopped."""
    name = f"catalogue|{dialect}|{client.base_url}|{scope.label()}"
    result = MirrorResult()
    async with database.session() as session:
        saved = await cursors.load(session, name)
        total = await _total(session, scope, dialect, saved or 0)
    result.resumed_after = saved
    position = saved or 0
    with make_progress(quiet=quiet) as progress:
        task = progress.add_task(f"Mirroring from {client.base_url}", total=total)
        while True:
            async with database.session() as session:
                targets = await _next_targets(session, scope, dialect, position, batch_size)
            if not targets:
                break
            records = await _fetch(client, dialect, targets)
            position = targets[-1][0]
            async with database.session() as session:
                fill_only = MAL_FILL_ONLY if dialect == "mal" else ()
                result.written += await write_batch(session, records, fill_only=fill_only)
                await cursors.save(session, name, position)
            result.visited += len(targets)
            progress.advance(task, len(targets))
    async with database.session() as session:
        await cursors.drop(session, name)
    result.remote_requests = client.requests
    return result
