"""Restoring list entries from an import: values written as given, counters kept exact.

An import (a MAL list export, a Kagami backup) brings entries whose dates, statuses and
progress were decided elsewhere, so unlike :func:`kagami.lists.service.save_entry` no
automatic rule runs here: no start date of today, no completion at the last episode, no
list activity (an import is not something the person did today; a backup carries its
own activities). Everything else is the same as a save: the actor's row is locked, values
are checked against the schema's bounds and the media's length, custom lists must be the
user's own, and popularity, score aggregates and the user's list totals move in the same
transaction. One call handles a batch with a fixed number of queries plus one statement
per new entry, so a 50,000-entry import stays fast.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import flag_modified

from kagami.accounts.locking import lock_actor
from kagami.accounts.models import MediaListOptions
from kagami.catalogue.models import Media
from kagami.db.base import now_epoch
from kagami.lists import counters
from kagami.lists import totals as list_totals
from kagami.lists.changes import _PLAIN as SAVED_AS_GIVEN
from kagami.lists.changes import EntryChanges, FuzzyDate, check
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry, ListEntryCustomList
from kagami.lists.service import totals_of

MAX_BATCH = 2000  # entries per call: bounds the IN lists and one transaction's size

# The fields a save copies as given, plus one it handles apart.
_PLAIN = (*SAVED_AS_GIVEN, "hidden_from_status_lists")


class Outcome(enum.StrEnum):
    """What a restore did with one entry."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # an entry existed and the import was told not to overwrite it
    INVALID = "invalid"
    UNKNOWN_MEDIA = "unknown_media"


@dataclass
class Restore:
    """One entry to restore: fields left ``None`` in ``changes`` stay (new entries: defaults).

    ``changes.advanced_scores`` is unused; ``advanced_scores`` maps section names to
    scores as stored. ``created_at``/``updated_at`` (epoch seconds) restore the entry's
    own times; left ``None``, a new entry is created now and a changed one updated now.
    """

    media_id: int
    changes: EntryChanges
    advanced_scores: dict[str, float] | None = None
    created_at: int | None = None
    updated_at: int | None = None
    overwrite: bool = True


@dataclass
class Restored:
    """The outcome of one :class:`Restore`, with per-field messages when it was invalid."""

    outcome: Outcome
    errors: dict[str, list[str]] = field(default_factory=dict)


def _problems(
    item: Restore, media: Media, options: MediaListOptions | None
) -> dict[str, list[str]]:
    errors = check(item.changes, totals_of(media))
    scores = item.advanced_scores or {}
    if any(not 0 <= v <= 100 for v in scores.values()) or len(scores) > 100:
        errors["advanced_scores"] = ["Each advanced score must be between 0 and 100."]
    names = item.changes.custom_lists
    if names:
        known = set(options.custom_lists) if options else set()
        unknown = sorted(n for n in names if n not in known)
        if unknown:
            errors["custom_lists"] = [f"Not one of your custom lists: {', '.join(unknown[:10])}."]
    return errors


def _assign(entry: ListEntry, item: Restore) -> bool:
    """Write the given values into ``entry``; whether any stored value changed."""
    changed = False

    def put(name: str, value: object) -> None:
        nonlocal changed
        if getattr(entry, name) != value:
            setattr(entry, name, value)
            changed = True

    changes = item.changes
    for name in _PLAIN:
        plain = getattr(changes, name)
        if plain is not None:
            put(name, plain)
    if changes.notes is not None:
        put("notes", changes.notes or None)
    if changes.tags is not None:
        put("tags", list(changes.tags))
    for key in ("started", "completed"):
        value: FuzzyDate | None = getattr(changes, f"{key}_at")
        if value is not None:
            for part, v in zip(("year", "month", "day"), value, strict=True):
                put(f"{key}_{part}", v)
    if item.advanced_scores is not None:
        put("advanced_scores", dict(item.advanced_scores))
    return changed


def _new_entry(user_id: int, media: Media) -> ListEntry:
    entry = ListEntry.blank(user_id, media.id, media.type)
    entry.status = MediaListStatus.CURRENT
    return entry


_COLUMNS = [c.key for c in sa.inspect(ListEntry).column_attrs if c.key != "id"]


async def _insert(session: AsyncSession, entries: list[ListEntry]) -> None:
    """Insert new entries in one statement (batched by the driver) and give them their ids."""
    if not entries:
        return
    rows = [{key: getattr(e, key) for key in _COLUMNS} for e in entries]
    inserted = await session.execute(
        sa.insert(ListEntry).returning(ListEntry.id, ListEntry.media_id), rows
    )
    ids = {media_id: entry_id for entry_id, media_id in inserted}
    for entry in entries:
        entry.id = ids[entry.media_id]


async def _set_custom_lists(
    session: AsyncSession, user_id: int, changes: list[tuple[ListEntry, list[str], bool]]
) -> None:
    """Replace the custom-list memberships of these entries: one DELETE and one INSERT."""
    old = [entry.id for entry, _names, is_new in changes if not is_new]
    if old:
        await session.execute(
            sa.delete(ListEntryCustomList).where(ListEntryCustomList.entry_id.in_(old))
        )
    rows = [
        {"entry_id": entry.id, "list_name": name, "user_id": user_id}
        for entry, names, _is_new in changes
        for name in names
    ]
    if rows:
        await session.execute(sa.insert(ListEntryCustomList), rows)


async def restore_entries(
    session: AsyncSession, actor_id: int, items: Sequence[Restore]
) -> list[Restored]:
    """Create or overwrite the actor's entries for these media; one result per item, in order.

    Invalid items and unknown media are reported, not raised, so one bad entry does not
    stop a batch; a media named twice in one batch is written once, by its last item.
    """
    if len(items) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} entries per batch")
    user = await lock_actor(session, actor_id)
    media_ids = sorted({item.media_id for item in items})
    media = {
        m.id: m for m in (await session.scalars(sa.select(Media).where(Media.id.in_(media_ids))))
    }
    existing = {
        e.media_id: e
        for e in await session.scalars(
            sa.select(ListEntry)
            .where(ListEntry.user_id == user.id, ListEntry.media_id.in_(media_ids))
            .execution_options(populate_existing=True)
        )
    }
    options = {
        o.media_type: o
        for o in await session.scalars(
            sa.select(MediaListOptions).where(MediaListOptions.user_id == user.id)
        )
    }
    memberships: dict[int, set[str]] = {}
    if existing:
        rows = await session.execute(
            sa.select(ListEntryCustomList.entry_id, ListEntryCustomList.list_name).where(
                ListEntryCustomList.entry_id.in_([e.id for e in existing.values()])
            )
        )
        for entry_id, name in rows:
            memberships.setdefault(entry_id, set()).add(name)
    last = {item.media_id: index for index, item in enumerate(items)}
    results: list[Restored] = []
    deltas = list_totals.Deltas(user.id)
    rescored: set[int] = set()
    created: list[ListEntry] = []  # inserted together after the loop
    lists_to_set: list[tuple[ListEntry, list[str], bool]] = []
    now = now_epoch()
    for index, item in enumerate(items):
        found = media.get(item.media_id)
        if found is None:
            results.append(Restored(Outcome.UNKNOWN_MEDIA))
            continue
        errors = _problems(item, found, options.get(found.type))
        if errors:
            results.append(Restored(Outcome.INVALID, errors))
            continue
        if last[item.media_id] != index:  # a later item names the same media
            results.append(Restored(Outcome.UNCHANGED))
            continue
        entry = existing.get(found.id)
        if entry is not None and not item.overwrite:
            results.append(Restored(Outcome.KEPT))
            continue
        is_new = entry is None
        if entry is None:
            entry = _new_entry(user.id, found)
            before, old_score = None, 0
        else:
            before, old_score = list_totals.snapshot(entry), entry.score
        changed = _assign(entry, item)
        names = item.changes.custom_lists
        if names is not None:
            wanted = list(dict.fromkeys(names))
            if is_new or set(wanted) != memberships.get(entry.id, set()):
                lists_to_set.append((entry, wanted, is_new))
                changed = True
        if item.created_at is not None and entry.created_at != item.created_at:
            entry.created_at, changed = item.created_at, True
        if is_new or changed:
            entry.updated_at = item.updated_at if item.updated_at is not None else now
            flag_modified(entry, "updated_at")  # an explicit time wins over onupdate
        if is_new:
            if item.created_at is None:
                entry.created_at = now
            created.append(entry)
        if entry.score != old_score:
            rescored.add(found.id)
        deltas.move(found, before, list_totals.snapshot(entry))
        outcome = Outcome.CREATED if is_new else Outcome.UPDATED if changed else Outcome.UNCHANGED
        results.append(Restored(outcome))
    await session.flush()  # the changed existing entries
    await _insert(session, created)
    await _set_custom_lists(session, user.id, lists_to_set)
    await counters.bump_popularity_of(session, [e.media_id for e in created])
    await counters.refresh_scores(session, rescored)
    await deltas.write(session)
    return results
