"""Shared state of one seeding run: the transaction, id allocation, batched inserts, progress."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from random import Random
from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa
from rich.progress import Progress, TaskID
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.importers.synthetic.tiers import Tier

CHUNK = 4_000
T = TypeVar("T")


class MediaInfo(NamedTuple):
    """What later phases need to know about one media, real or synthetic."""

    id: int
    type: str
    format: str | None
    status: str | None
    total: int | None  # episodes (anime) or chapters (manga)
    volumes: int | None
    start: int | None  # epoch of the start date


@dataclass(slots=True)
class UserInfo:
    """One synthetic user, as later phases need it."""

    id: int
    name: str
    created_at: int
    score_format: str
    # Per media type: custom list names, advanced scoring sections.
    custom_lists: dict[str, list[str]] = field(default_factory=dict)
    advanced: dict[str, list[str]] = field(default_factory=dict)
    never_scores: bool = False


@dataclass
class World:
    """Everything generated so far that later phases build on."""

    media: list[MediaInfo] = field(default_factory=list)
    studio_ids: list[int] = field(default_factory=list)
    staff_ids: list[int] = field(default_factory=list)
    main_character_ids: list[int] = field(default_factory=list)
    users: list[UserInfo] = field(default_factory=list)
    followers: dict[int, list[int]] = field(default_factory=dict)
    # user id -> (media id, media type, score) of their best-scored finished entries.
    favourite_candidates: dict[int, list[tuple[int, str, int]]] = field(default_factory=dict)
    # user id -> (media id, media type, status, progress, updated_at) of their latest entries.
    recent_entries: dict[int, list[tuple[int, str, str, int, int]]] = field(default_factory=dict)


def session_dialect(session: AsyncSession) -> sa.Dialect:
    """The dialect of the engine or connection ``session`` is bound to."""
    bind = session.bind
    if bind is None:
        raise RuntimeError("The seeding session must be bound to an engine or connection.")
    return bind.dialect


def _as_table(table: sa.FromClause) -> sa.Table:
    """``table`` as a Table (a model's ``__table__`` is typed as any FROM clause)."""
    if not isinstance(table, sa.Table):
        raise TypeError(f"expected a Table, got {type(table).__name__}")
    return table


def _encode_json(value: Any) -> str:
    """JSON text as SQLAlchemy's JSON type would write it (the common empty cases cached)."""
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value)


class SeedContext:
    """One run's transaction, per-phase RNGs, explicit id allocation and batched inserts."""

    def __init__(
        self,
        session: AsyncSession,
        *,
        tier: Tier,
        seed: int,
        progress: Progress,
        enrich_real: bool = False,
    ):
        self.session = session
        self.enrich_real = enrich_real  # may real media get made-up facts and list entries?
        self.tier = tier
        self.seed = seed
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.world = World()
        self._next_ids: dict[str, int] = {}

    @property
    def is_sqlite(self) -> bool:
        """Whether the run writes to SQLite."""
        return session_dialect(self.session).name == "sqlite"

    def rng(self, phase: str) -> Random:
        """An RNG for one phase, so phases stay independent of each other's draws."""
        return Random(f"kagami-synthetic:{self.seed}:{phase}")

    async def allocate(self, table: sa.FromClause, count: int, *, floor: int = 1) -> int:
        """Reserve ``count`` explicit ids in ``table`` above any existing row; returns the first."""
        table = _as_table(table)
        name = table.name
        if name not in self._next_ids:
            top = await self.session.scalar(sa.select(sa.func.max(table.c.id)))
            self._next_ids[name] = max(floor, (top or 0) + 1)
        first = self._next_ids[name]
        self._next_ids[name] = first + count
        return first

    async def insert(self, table: sa.FromClause, rows: Sequence[dict[str, Any]]) -> None:
        """Insert plain-dict rows in chunks, counting them.

        Rows go to the driver as tuples (JSON pre-encoded): SQLAlchemy's per-row parameter
        processing would otherwise cost more than the database's own work.
        """
        table = _as_table(table)
        if rows:
            names = list(rows[0])
            sql, encoders = self._statement(table, names)
            connection = await self.session.connection()
            copy = None
            if connection.dialect.name == "postgresql":
                # COPY (binary) rather than INSERT: several times faster on PostgreSQL.
                raw = await connection.get_raw_connection()
                copy = raw.driver_connection.copy_records_to_table  # type: ignore[union-attr]
            for start in range(0, len(rows), CHUNK):
                params = [
                    tuple(
                        value if (encode := encoders[i]) is None or value is None else encode(value)
                        for i, value in enumerate(row.values())
                    )
                    for row in rows[start : start + CHUNK]
                ]
                if copy is not None:
                    await copy(table.name, records=params, columns=names)
                else:
                    await connection.exec_driver_sql(sql, params)
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def _statement(
        self, table: sa.Table, names: list[str]
    ) -> tuple[str, list[Callable[[Any], Any] | None]]:
        dialect = session_dialect(self.session)
        quote = dialect.identifier_preparer.quote
        if dialect.paramstyle == "numeric_dollar":
            marks = [f"${n}" for n in range(1, len(names) + 1)]
        elif dialect.paramstyle == "qmark":
            marks = ["?"] * len(names)
        else:
            marks = ["%s"] * len(names)
        sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)})"
            f" VALUES ({', '.join(marks)})"
        )
        encoders: list[Callable[[Any], Any] | None] = [
            _encode_json if isinstance(table.c[n].type, sa.JSON) else None for n in names
        ]
        return sql, encoders

    async def execute(self, sql: str, **params: Any) -> None:
        """Run one portable SQL statement (aggregate counter updates)."""
        await self.session.execute(sa.text(sql), params)

    def task(self, description: str, total: int) -> TaskID:
        """A progress bar for one phase."""
        return self.progress.add_task(description, total=total)


def chunked(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    """Consecutive slices of ``items`` of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
