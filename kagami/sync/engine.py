"""One sync run: read both lists, plan, then apply the plan one media at a time.

Everything is read before anything is written, so a remote that times out or answers
garbage while listing leaves both sides untouched. Each step then commits its local write
together with its sync state in one transaction, right after its remote write succeeded:
an interrupted run leaves every media either fully synced or untouched, and the next run
picks up the rest. Local writes go through the list services (``kagami.lists.service``).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.service import find_user_by_name
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.errors import DomainError
from kagami.lists.models import ListEntry
from kagami.lists.service import delete_entry, save_entry
from kagami.sync import state
from kagami.sync.entries import SyncEntry, fingerprint
from kagami.sync.plan import Action, Step, plan
from kagami.sync.remote_http import RemoteRejected
from kagami.sync.remotes import Remote

_IN_CHUNK = 500  # ids per IN (...) list


class SyncError(Exception):
    """The sync cannot start (unknown user...): a message for the operator."""


@dataclass
class SyncReport:
    """What a run planned and did."""

    steps: list[Step]
    dry_run: bool
    unknown: list[tuple[str, int]] = field(default_factory=list)  # remote media not here
    failed: list[tuple[int, str]] = field(default_factory=list)  # media id, why
    done: Counter[str] = field(default_factory=Counter)
    remote_requests: int = 0
    waited: float = 0.0

    @property
    def writes(self) -> int:
        """List writes done (both sides), sync-state bookkeeping excluded."""
        return sum(n for action, n in self.done.items() if action not in ("record", "forget"))


@dataclass
class _Sides:
    local: dict[int, SyncEntry]
    remote: dict[int, SyncEntry]
    keys: dict[int, int]  # local media id -> the remote's id for it
    seen: dict[int, str]
    user_id: int
    unknown: list[tuple[str, int]]


def _chunks(values: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


async def _media_rows(session: AsyncSession, keys: set[int]) -> list[tuple[int, int | None, str]]:
    """Media whose own id or MAL id (or synthetic MAL id) is among ``keys``."""
    from kagami.dialects.mal.mapping import synthetic_media_id

    ids = sorted(keys | {m for k in keys if (m := synthetic_media_id(k)) is not None})
    rows: list[tuple[int, int | None, str]] = []
    for part in _chunks(ids):
        found = await session.execute(
            sa.select(Media.id, Media.id_mal, Media.type).where(
                sa.or_(Media.id.in_(part), Media.id_mal.in_(part))
            )
        )
        rows.extend((m, mal, str(kind)) for m, mal, kind in found)
    return rows


async def _read_sides(
    database: Database, user_name: str, remote: Remote, fetched: list[SyncEntry]
) -> _Sides:
    async with database.session() as session:
        user = await find_user_by_name(session, user_name)
        if user is None or not user.is_active:
            raise SyncError(f"No user named {user_name!r}.")
        rows = (
            await session.execute(
                sa.select(ListEntry, Media.id_mal)
                .join(Media, Media.id == ListEntry.media_id)
                .where(ListEntry.user_id == user.id)
            )
        ).all()
        local = {entry.media_id: SyncEntry.of(entry) for entry, _ in rows}
        keys = {e.media_id: remote.key_of(e.media_id, mal, e.media_type) for e, mal in rows}
        by_key: dict[tuple[str, int], int] = {}
        for media_id, id_mal, kind in await _media_rows(session, {e.media_id for e in fetched}):
            key = remote.key_of(media_id, id_mal, MediaType(kind))
            by_key.setdefault((kind, key), media_id)
        seen = await state.load(session, user.id, remote.client.base_url, remote.dialect)
        remote_side: dict[int, SyncEntry] = {}
        unknown: list[tuple[str, int]] = []
        for entry in fetched:
            found = by_key.get((entry.media_type.value, entry.media_id))
            if found is None:
                unknown.append((entry.media_type.value, entry.media_id))
                continue
            keys.setdefault(found, entry.media_id)
            remote_side[found] = dataclasses.replace(entry, media_id=found)
        seen_fps = {media_id: fp for media_id, (fp, _) in seen.items()}
        for media_id, (_, entry_id) in seen.items():
            if media_id in remote_side and remote_side[media_id].remote_entry_id is None:
                remote_side[media_id] = dataclasses.replace(
                    remote_side[media_id], remote_entry_id=entry_id
                )
        return _Sides(local, remote_side, keys, seen_fps, user.id, unknown)


async def plan_sync(
    database: Database, *, user_name: str, remote: Remote, policy: str
) -> tuple[SyncReport, _Sides]:
    """Read the remote list, then the local one, and plan (writes nothing)."""
    async with database.session() as session:
        user = await find_user_by_name(session, user_name)
        if user is None or not user.is_active:
            raise SyncError(f"No user named {user_name!r}.")
    fetched = await remote.fetch()
    sides = await _read_sides(database, user_name, remote, fetched)
    steps = plan(sides.local, sides.remote, sides.seen, dialect=remote.dialect, policy=policy)
    report = SyncReport(steps, dry_run=True, unknown=sides.unknown)
    return report, sides


async def _save_local(
    session: AsyncSession, user_id: int, entry: SyncEntry, dialect: str
) -> SyncEntry:
    changes = entry.changes(dialect)
    saved = await save_entry(session, user_id, media_id=entry.media_id, changes=changes)
    return SyncEntry.of(saved)


async def _delete_local(session: AsyncSession, user_id: int, media_id: int) -> None:
    entry_id = await session.scalar(
        sa.select(ListEntry.id).where(ListEntry.user_id == user_id, ListEntry.media_id == media_id)
    )
    if entry_id is not None:
        await delete_entry(session, user_id, entry_id)


async def _apply(database: Database, remote: Remote, sides: _Sides, step: Step) -> None:
    """One step: the remote write first, then the local write and the state in one transaction."""
    key, dialect, user_id = sides.keys[step.media_id], remote.dialect, sides.user_id
    where = (user_id, remote.client.base_url, dialect, step.media_id)
    if step.action is Action.PUSH and step.local is not None:
        answer = await remote.save(step.local, key)
        async with database.session() as session:
            if fingerprint(answer, dialect) != fingerprint(step.local, dialect):
                # The remote filled something in (a start date, completion): take it back.
                filled = dataclasses.replace(answer, media_id=step.media_id)
                await _save_local(session, user_id, filled, dialect)
            await state.put(session, *where, fingerprint(answer, dialect), answer.remote_entry_id)
    elif step.action is Action.PULL and step.remote is not None:
        async with database.session() as session:
            local = await _save_local(session, user_id, step.remote, dialect)
            final = step.remote
            if fingerprint(local, dialect) != fingerprint(final, dialect):
                final = await remote.save(local, key)  # a local rule filled something in
            await state.put(session, *where, fingerprint(final, dialect), final.remote_entry_id)
    elif step.action is Action.DELETE_REMOTE and step.remote is not None:
        await remote.delete(step.remote, key)
        async with database.session() as session:
            await state.drop(session, *where)
    elif step.action is Action.DELETE_LOCAL:
        async with database.session() as session:
            await _delete_local(session, user_id, step.media_id)
            await state.drop(session, *where)
    elif step.action is Action.RECORD and step.remote is not None:
        async with database.session() as session:
            fp = fingerprint(step.remote, dialect)
            await state.put(session, *where, fp, step.remote.remote_entry_id)
    elif step.action is Action.FORGET:
        async with database.session() as session:
            await state.drop(session, *where)


async def run_sync(
    database: Database, *, user_name: str, remote: Remote, policy: str, dry_run: bool = False
) -> SyncReport:
    """Plan and (unless ``dry_run``) apply one sync between a local user and the remote."""
    report, sides = await plan_sync(database, user_name=user_name, remote=remote, policy=policy)
    report.dry_run = dry_run
    if not dry_run:
        for step in report.steps:
            try:
                await _apply(database, remote, sides, step)
            except (RemoteRejected, DomainError) as exc:
                report.failed.append((step.media_id, str(getattr(exc, "message", exc))))
                continue
            report.done[step.action.value] += 1
    report.remote_requests, report.waited = remote.client.requests, remote.client.waited
    return report
