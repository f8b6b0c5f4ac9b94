"""Maintained ``User.statistics`` breakdowns (``user_stat_breakdowns``): moved on each write.

An entry adds (1, scored, score, minutes, chapters) to one row per key it counts under
(``lists/stat_keys.py``; ``lists/statistics.py`` has the semantics): its status always,
and unless it is PLANNING its score bucket, start year and every key of its media. A
write subtracts the old snapshot's addends and adds the new one's in ONE statement:
the entry-level rows and the media-level addends are bound as a small literal table,
joined to the media's keys read live from the catalogue, summed per row and upserted
with ``ON CONFLICT DO UPDATE SET x = x + excluded.x`` (never read, so concurrent
writers never lose an update). Keys are the catalogue's at write time; ``rebuild``
recomputes users from scratch (the seeder, and after a catalogue import changed keys).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.lists import stat_keys
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry, UserStatBreakdown

if TYPE_CHECKING:
    from kagami.lists.totals import Snapshot

SUMS = ("count", "scored_count", "score_sum", "minutes_watched", "chapters_read")
PRIMARY_KEY = ("user_id", "media_type", "dimension", "private", "key")
DIMENSIONS = stat_keys.ENTRY_DIMENSIONS + stat_keys.MEDIA_DIMENSIONS
_ROWS_PER_STATEMENT = 150  # literal rows per upsert (SQLite allows 500 compound terms)
_REBUILD_CHUNK = 500  # users per rebuild statement (bounded IN lists)
_REPEATED_KEYS = frozenset({"staff", "voice_actor"})  # a key may link a media twice


def addends(s: Snapshot, media: Media) -> tuple[int, ...]:
    """An entry's addends to ``SUMS`` in every row it counts in (PLANNING: status only)."""
    if s.media_type == MediaType.ANIME:
        units = s.progress + s.repeat * (media.episodes or 0)
        minutes, chapters = units * (media.duration or 0), 0
    else:
        minutes, chapters = 0, s.progress + s.repeat * (media.chapters or 0)
    return (1, 1 if s.score > 0 else 0, s.score, minutes, chapters)


EntryRow = tuple[str, bool, str, str]  # media type, private, dimension, key
MediaRow = tuple[int, str, bool]  # media id, media type, private


class Moves:
    """Breakdown changes of one user's write, netted per row, written in one statement."""

    def __init__(self) -> None:
        self.entry_rows: dict[EntryRow, list[int]] = defaultdict(lambda: [0] * len(SUMS))
        self.media_rows: dict[MediaRow, list[int]] = defaultdict(lambda: [0] * len(SUMS))

    def move(self, media: Media, old: Snapshot | None, new: Snapshot | None) -> None:
        """Replace ``old``'s addends (None: a new entry) by ``new``'s (None: deleted)."""
        for snap, sign in ((old, -1), (new, 1)):
            if snap is None:
                continue
            values = addends(snap, media)
            kind = str(snap.media_type)
            for dimension, key in stat_keys.entry_keys(snap.status, snap.score, snap.started_year):
                _add(self.entry_rows[(kind, snap.private, dimension, key)], values, sign)
            if snap.status != MediaListStatus.PLANNING:
                _add(self.media_rows[(media.id, kind, snap.private)], values, sign)

    async def write(self, session: AsyncSession, user_id: int) -> None:
        """Upsert the rows that changed: one statement for a save (bounded chunks for bulk)."""
        entry = sorted((k, v) for k, v in self.entry_rows.items() if any(v))
        media = sorted((k, v) for k, v in self.media_rows.items() if any(v))
        self.entry_rows.clear()
        self.media_rows.clear()
        while entry or media:
            room = _ROWS_PER_STATEMENT
            some_media, media = media[:room], media[room:]
            room -= len(some_media)
            some_entry, entry = entry[:room], entry[room:]
            await _execute_move(session, user_id, some_entry, some_media)


def _add(row: list[int], values: tuple[int, ...], sign: int) -> None:
    for i, value in enumerate(values):
        row[i] += sign * value


_TYPES: dict[str, Any] = {
    "media_id": sa.Integer,
    "private": sa.Boolean,
    **dict.fromkeys(SUMS, sa.BigInteger),
}
_MEDIA_COLUMNS = ("media_id", "media_type", "private", *SUMS)
_ENTRY_COLUMNS = ("media_type", "private", "dimension", "key", *SUMS)


def _bound_rows(prefix: str, names: Sequence[str], count: int) -> Any:
    """A UNION ALL of ``count`` rows of typed parameters ``{prefix}{i}_{name}``."""
    selects: list[Any] = [
        sa.select(
            *(
                sa.bindparam(f"{prefix}{i}_{name}", type_=_TYPES.get(name, sa.String)).label(name)
                for name in names
            )
        )
        for i in range(count)
    ]
    return selects[0] if count == 1 else sa.union_all(*selects)


def _params(prefix: str, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    return {
        f"{prefix}{i}_{name}": value
        for i, row in enumerate(rows)
        for name, value in zip(names, row, strict=True)
    }


async def _execute_move(
    session: AsyncSession,
    user_id: int,
    entry: list[tuple[EntryRow, list[int]]],
    media: list[tuple[MediaRow, list[int]]],
) -> None:
    dialect = session.get_bind().dialect.name
    stmt = _move_statement(dialect, len(entry), len(media))
    params = {
        "user_id": user_id,
        "media_ids": sorted({key[0] for key, _ in media}),
        **_params("m", _MEDIA_COLUMNS, [(*k, *v) for k, v in media]),
        **_params("e", _ENTRY_COLUMNS, [(*k, *v) for k, v in entry]),
    }
    await session.execute(stmt, params)


@lru_cache(maxsize=64)  # shapes: a save has one media row and a few entry rows
def _move_statement(dialect: str, entries: int, media: int) -> Any:
    """INSERT ... SELECT of the netted rows, media rows fanned out to the media's keys."""
    parts: list[Any] = []
    if media:
        d = _bound_rows("m", _MEDIA_COLUMNS, media).subquery("d")
        ids: Any = sa.bindparam("media_ids", expanding=True)
        k = stat_keys.media_keys(ids).subquery("k")
        parts.append(
            sa.select(
                d.c.media_type, k.c.dimension, d.c.private, k.c.key, *(d.c[n] for n in SUMS)
            ).join(k, k.c.media_id == d.c.media_id)
        )
    if entries:
        e = _bound_rows("e", _ENTRY_COLUMNS, entries).subquery("e")
        parts.append(
            sa.select(e.c.media_type, e.c.dimension, e.c.private, e.c.key, *(e.c[n] for n in SUMS))
        )
    union: Any = parts[0] if len(parts) == 1 else sa.union_all(*parts)
    u = union.subquery("u")
    grouped = (
        sa.select(
            sa.bindparam("user_id", type_=sa.Integer),
            u.c.media_type,
            u.c.dimension,
            u.c.private,
            u.c.key,
            *(sa.func.sum(u.c[n]) for n in SUMS),
        )
        .where(sa.true())  # SQLite: an upsert's SELECT needs a WHERE to parse unambiguously
        .group_by(u.c.media_type, u.c.dimension, u.c.private, u.c.key)
    )
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # The table, not the entity: with a parameter dict the ORM would plan a bulk insert.
    table: Any = UserStatBreakdown.__table__
    stmt = insert(table).from_select([*PRIMARY_KEY, *SUMS], grouped)
    return stmt.on_conflict_do_update(
        index_elements=list(PRIMARY_KEY),
        set_={n: table.c[n] + stmt.excluded[n] for n in SUMS},
    )


def _score_key() -> Any:
    score = ListEntry.score
    return sa.case((score < 15, 10), (score >= 95, 100), else_=(score + 5) // 10 * 10)


def consumption() -> tuple[Any, Any]:
    """SQL of an entry's minutes watched and chapters read (``ListEntry`` joined to ``Media``)."""
    e = ListEntry
    anime = e.media_type == MediaType.ANIME
    units_of = sa.case((anime, Media.episodes), else_=Media.chapters)
    units = e.progress + e.repeat * sa.func.coalesce(units_of, 0)
    minutes = sa.case((anime, units * sa.func.coalesce(Media.duration, 0)), else_=0)
    return minutes, sa.case((anime, 0), else_=units)


def recount(dimension: str, user_ids: Collection[int] | None = None) -> Any:
    """SELECT of what one dimension's rows must hold, from scratch: PRIMARY_KEY + SUMS."""
    e = ListEntry
    minutes, chapters = consumption()
    where: list[Any] = []
    if user_ids is not None:
        where.append(e.user_id.in_(list(user_ids)))
    if dimension != "status":
        where.append(e.status != MediaListStatus.PLANNING)
    source: Any = None  # a link dimension's (FROM clause, its media id, conditions)
    if dimension == "status":
        key: Any = sa.cast(e.status, sa.String)
    elif dimension == "score":
        key = sa.cast(_score_key(), sa.String)
        where.append(e.score > 0)
    elif dimension == "start_year":
        key = sa.cast(e.started_year, sa.String)
    elif dimension in stat_keys.COLUMN_DIMENSIONS:
        key = stat_keys.column_key(dimension)
    else:
        link = stat_keys.link(dimension)
        key, source = link.key, (link.table, link.media_id, link.where)
        if dimension in _REPEATED_KEYS:
            # Each media's keys once (a staff member's roles, a voice actor's characters),
            # deduplicated before the join: a small set to hash, not every entry's to sort.
            keyed = sa.select(link.media_id.label("media_id"), link.key.label("key"))
            l_ = keyed.select_from(link.table).where(*link.where).distinct().subquery("l")
            key, source = l_.c.key, (l_, l_.c.media_id, ())
    facts: Any = sa.select(
        e.user_id,
        e.media_type,
        e.private,
        key.label("key"),
        e.score,
        minutes.label("minutes"),
        chapters.label("chapters"),
    ).join(Media, Media.id == e.media_id)
    if source is not None:
        table, media_id, conditions = source
        facts = facts.join(table, media_id == e.media_id).where(*conditions)
    f = facts.where(*where, key.is_not(None)).subquery("f")
    return sa.select(
        f.c.user_id,
        f.c.media_type,
        sa.literal_column(f"'{dimension}'"),
        f.c.private,
        f.c.key,
        sa.func.count(),
        sa.func.sum(sa.case((f.c.score > 0, 1), else_=0)),
        sa.func.sum(f.c.score),
        sa.func.sum(f.c.minutes),
        sa.func.sum(f.c.chapters),
    ).group_by(f.c.user_id, f.c.media_type, f.c.private, f.c.key)


async def rebuild(session: AsyncSession, user_ids: Collection[int] | None = None) -> None:
    """Recompute these users' rows (None: everyone's, in chunks of users) from their entries."""
    delete = sa.delete(UserStatBreakdown)
    if user_ids is not None:
        delete = delete.where(UserStatBreakdown.user_id.in_(list(user_ids)))
    await session.execute(delete)
    if user_ids is None:
        stmt = sa.select(ListEntry.user_id).distinct().order_by(ListEntry.user_id)
        users = list(await session.scalars(stmt))
    else:
        users = sorted(user_ids)
    insert = sa.insert(UserStatBreakdown)
    for start in range(0, len(users), _REBUILD_CHUNK):
        chunk = users[start : start + _REBUILD_CHUNK]
        for dimension in DIMENSIONS:
            select = recount(dimension, chunk)
            await session.execute(insert.from_select([*PRIMARY_KEY, *SUMS], select))
