"""Maintained per-user list totals (``user_list_totals``): moved by SQL arithmetic on each write.

An entry contributes to its owner's row for (media type, private) unless it is PLANNING:
one to ``count``, its POINT_100 score to the score sums when scored, and what it consumed
(repeats included, as ``lists/statistics.py`` defines it). A write subtracts the entry's
old contribution and adds its new one with ``INSERT ... ON CONFLICT DO UPDATE SET
x = x + excluded.x``, never reading the row, so concurrent writers never lose an update.
Media lengths are the ones in the catalogue at write time; ``rebuild`` recomputes users
from scratch (the seeder, and after a catalogue import changes lengths or the media's
breakdown keys).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.db.writes import table_of
from kagami.lists import stat_breakdowns, stat_keys
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry, UserListTotals

SUMS = (
    "count",
    "scored_count",
    "score_sum",
    "score_squares",
    "minutes_watched",
    "episodes_watched",
    "chapters_read",
    "volumes_read",
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one entry's totals depend on, read before or after a write."""

    media_type: MediaType
    status: MediaListStatus
    private: bool
    score: int
    progress: int
    progress_volumes: int
    repeat: int
    started_year: int | None = None  # the start-year breakdown's key


def snapshot(entry: ListEntry) -> Snapshot:
    """The entry's current counting values."""
    return Snapshot(
        entry.media_type,
        entry.status,
        bool(entry.private),
        entry.score,
        entry.progress,
        entry.progress_volumes,
        entry.repeat,
        entry.started_year,
    )


def contribution(s: Snapshot, media: Media) -> tuple[int, ...]:
    """The entry's addends to each of ``SUMS`` (all zero for PLANNING)."""
    if s.status == MediaListStatus.PLANNING:
        return (0,) * len(SUMS)
    scored = 1 if s.score > 0 else 0
    if s.media_type == MediaType.ANIME:
        episodes = s.progress + s.repeat * (media.episodes or 0)
        minutes, chapters, volumes = episodes * (media.duration or 0), 0, 0
    else:
        episodes = minutes = 0
        chapters = s.progress + s.repeat * (media.chapters or 0)
        volumes = s.progress_volumes + s.repeat * (media.volumes or 0)
    return (1, scored, s.score, s.score * s.score, minutes, episodes, chapters, volumes)


Key = tuple[MediaType, bool]


class Deltas:
    """Changes to one user's rows, summed per (media type, private) and written at once.

    The breakdowns (``lists/stat_breakdowns.py``) move with them, in one more statement.
    """

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self.rows: dict[Key, list[int]] = defaultdict(lambda: [0] * len(SUMS))
        self.breakdowns = stat_breakdowns.Moves()

    def move(self, media: Media, old: Snapshot | None, new: Snapshot | None) -> None:
        """Replace ``old``'s contribution (None: a new entry) by ``new``'s (None: deleted)."""
        for snap, sign in ((old, -1), (new, 1)):
            if snap is None:
                continue
            row = self.rows[(snap.media_type, snap.private)]
            for i, value in enumerate(contribution(snap, media)):
                row[i] += sign * value
        self.breakdowns.move(media, old, new)

    async def write(self, session: AsyncSession) -> None:
        """One upsert per totals row that changed, and one for the breakdowns."""
        await self.breakdowns.write(session, self.user_id)
        changed = [(k, v) for k, v in self.rows.items() if any(v)]
        if not changed:
            return
        stmt = _upsert(session.get_bind().dialect.name)
        for (media_type, private), values in sorted(changed, key=lambda kv: kv[0]):
            row = {"user_id": self.user_id, "media_type": media_type, "private": private}
            await session.execute(stmt, {**row, **dict(zip(SUMS, values, strict=True))})
        self.rows.clear()


_UPSERTS: dict[str, Any] = {}


def _upsert(dialect_name: str) -> Any:
    """``INSERT ... ON CONFLICT DO UPDATE SET x = x + excluded.x``, built once per backend."""
    if dialect_name not in _UPSERTS:
        insert = postgresql.insert if dialect_name == "postgresql" else sqlite.insert
        table = table_of(UserListTotals)  # Core: the ORM's bulk-insert path costs ~0.2 ms
        stmt = insert(table)
        _UPSERTS[dialect_name] = stmt.on_conflict_do_update(
            index_elements=["user_id", "media_type", "private"],
            set_={name: table.c[name] + stmt.excluded[name] for name in SUMS},
        )
    return _UPSERTS[dialect_name]


def recount(user_ids: Iterable[int] | None = None) -> sa.Select[Any]:
    """SELECT of what the rows must hold, from scratch: (user_id, media_type, private, *SUMS)."""
    e = ListEntry
    anime = e.media_type == MediaType.ANIME
    episodes = e.progress + e.repeat * sa.func.coalesce(Media.episodes, 0)
    chapters = e.progress + e.repeat * sa.func.coalesce(Media.chapters, 0)
    volumes = e.progress_volumes + e.repeat * sa.func.coalesce(Media.volumes, 0)
    stmt: Any = (
        sa.select(
            e.user_id,
            e.media_type,
            e.private,
            sa.func.count(),
            sa.func.sum(sa.case((e.score > 0, 1), else_=0)),
            sa.func.sum(e.score),
            sa.func.sum(e.score * e.score),
            sa.func.sum(sa.case((anime, episodes * sa.func.coalesce(Media.duration, 0)), else_=0)),
            sa.func.sum(sa.case((anime, episodes), else_=0)),
            sa.func.sum(sa.case((anime, 0), else_=chapters)),
            sa.func.sum(sa.case((anime, 0), else_=volumes)),
        )
        .join(Media, Media.id == e.media_id)
        .where(e.status != MediaListStatus.PLANNING)
        .group_by(e.user_id, e.media_type, e.private)
    )
    if user_ids is not None:
        stmt = stmt.where(e.user_id.in_(list(user_ids)))
    return stmt


async def rebuild(session: AsyncSession, user_ids: Collection[int] | None = None) -> None:
    """Recompute these users' rows and breakdowns (None: everyone's) from their entries."""
    delete = sa.delete(UserListTotals)
    if user_ids is not None:
        delete = delete.where(UserListTotals.user_id.in_(list(user_ids)))
    await session.execute(delete)
    columns = ["user_id", "media_type", "private", *SUMS]
    await session.execute(sa.insert(UserListTotals).from_select(columns, recount(user_ids)))
    await stat_breakdowns.rebuild(session, user_ids)


_LENGTHS = (Media.episodes, Media.duration, Media.chapters, Media.volumes)
_REBUILD_CHUNK = 500  # users per rebuild statement (bounded IN lists)


async def lengths(session: AsyncSession, media_ids: Collection[int]) -> dict[int, tuple[Any, ...]]:
    """What the totals and breakdowns were computed with, per media, before a catalogue update.

    The lengths, and every breakdown key of the media (format, years, genres, tags, staff...).
    """
    if not media_ids:
        return {}
    ids = list(media_ids)
    rows = await session.execute(sa.select(Media.id, *_LENGTHS).where(Media.id.in_(ids)))
    found = {row[0]: tuple(row[1:]) for row in rows}
    keys: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for media_id, dimension, key in await session.execute(stat_keys.media_keys(ids)):
        keys[media_id].add((dimension, key))
    return {i: (*v, frozenset(keys.get(i, ()))) for i, v in found.items()}


async def after_length_changes(session: AsyncSession, before: dict[int, tuple[Any, ...]]) -> None:
    """Rebuild the users with entries on media whose lengths or breakdown keys an import changed."""
    changed = [i for i, now in (await lengths(session, before)).items() if before[i] != now]
    if not changed:
        return
    stmt = (
        sa.select(ListEntry.user_id)
        .where(ListEntry.media_id.in_(changed))
        .distinct()
        .order_by(ListEntry.user_id)
    )
    users = list(await session.scalars(stmt))
    for start in range(0, len(users), _REBUILD_CHUNK):
        await rebuild(session, users[start : start + _REBUILD_CHUNK])
