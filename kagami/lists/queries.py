"""List reads shared by every dialect: a user's entries filtered, sorted, chunked, grouped.

Grouping follows AniList's ``MediaListCollection``: one group per status (entries
hidden from status lists excluded), COMPLETED optionally split by media format,
then one group per custom list, entries in the user's row order. Group names (and the
user's section order, which is written in them) belong to the dialect that shows them.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import MediaListOptions, User
from kagami.accounts.queries import find_user, users_by_ids  # noqa: F401  (moved; re-exported)
from kagami.catalogue.enums import MediaFormat
from kagami.catalogue.models import Media
from kagami.db.filters import in_list, not_in_list
from kagami.db.like import contains_text, matches_pattern
from kagami.db.rows import plain_columns, to_record
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry, ListEntryCustomList
from kagami.memory import collector_paused
from kagami.social.models import Follow

STATUS_ORDER = (
    MediaListStatus.CURRENT,
    MediaListStatus.REPEATING,
    MediaListStatus.COMPLETED,
    MediaListStatus.PAUSED,
    MediaListStatus.DROPPED,
    MediaListStatus.PLANNING,
)

# Canonical sort keys -> column (AniList MediaListSort without _DESC, lower-cased).
ENTRY_SORT_COLUMNS: dict[str, Any] = {
    "media_id": ListEntry.media_id,
    "score": ListEntry.score,
    "status": ListEntry.status,
    "progress": ListEntry.progress,
    "progress_volumes": ListEntry.progress_volumes,
    "repeat": ListEntry.repeat,
    "priority": ListEntry.priority,
    "started_on": ListEntry.started_year,
    "finished_on": ListEntry.completed_year,
    "added_time": ListEntry.created_at,
    "updated_time": ListEntry.updated_at,
    "media_title_romaji": Media.title_romaji,
    "media_title_english": Media.title_english,
    "media_title_native": Media.title_native,
    "media_popularity": Media.popularity,
}
# users.row_order -> default sort of a collection's entries.
_ROW_ORDER: dict[str, list[tuple[str, bool]]] = {
    "score": [("score", True)],
    "title": [("media_title_romaji", False)],
    "updatedAt": [("updated_time", True)],
    "id": [("media_id", False)],
}


@dataclass
class EntryQuery:
    """Filters over list entries; None/empty means no constraint."""

    user_ids: list[int] | None = None
    media_type: str | None = None
    statuses: list[str] | None = None
    statuses_not: list[str] = field(default_factory=list)
    media_ids: list[int] | None = None
    media_ids_not: list[int] = field(default_factory=list)
    entry_ids: list[int] | None = None
    notes_like: str | None = None
    # FuzzyDateInt bounds per date ("started" / "completed"): (equal, greater, lesser, like).
    dates: dict[str, tuple[Any, Any, Any, Any]] = field(default_factory=dict)
    # Only media also on this user's list (AniList compareWithAuthList).
    also_on_list_of: int | None = None
    # Only entries of users this user follows (AniList isFollowing).
    followed_by: int | None = None
    sort: Sequence[tuple[str, bool]] = ()
    # Private entries are shown only to their owner (None: to nobody).
    viewer_id: int | None = None


@dataclass
class ListGroup:
    """One list of a collection: a status, a completed format, or a custom list (by name).

    Groups carry no display name: each dialect names them in its own words.
    """

    entries: list[ListEntry]
    is_custom_list: bool = False
    is_split_completed_list: bool = False
    status: MediaListStatus | None = None
    format: str | None = None  # of a split completed list; None = unknown format
    custom_list: str | None = None


@dataclass
class Collection:
    """A user's grouped list and whether more chunks follow."""

    user: User
    groups: list[ListGroup]
    has_next_chunk: bool
    custom_lists: dict[int, list[str]]
    media: dict[int, Any] = field(default_factory=dict)  # Records, when fetched with_media
    # The user's own section order (their names for the groups), for the dialect to apply.
    section_order: list[str] = field(default_factory=list)


async def _entry_records(
    session: AsyncSession,
    stmt: sa.Select[Any],
    media: dict[int, Any],
    media_skip: Sequence[str] | None,
    entry_skip: Sequence[str] = (),
) -> list[Any]:
    """Run an entry SELECT as Records (plain columns; no ORM identity map or instances).

    With ``media_skip`` not None, the joined media row (minus those columns) lands in
    ``media`` and in each entry's ``media_row``.
    """
    columns, entry_keys = plain_columns(ListEntry.__table__, entry_skip)
    media_keys: list[str] = []
    if media_skip is not None:
        media_columns, media_keys = plain_columns(Media.__table__, media_skip)
        columns += [c.label(f"m__{key}") for c, key in zip(media_columns, media_keys, strict=True)]
    # Core on the session's connection: plain tuples, no ORM result machinery.
    result = await (await session.connection()).execute(stmt.with_only_columns(*columns))
    split = len(entry_keys)
    entries: list[Any] = []
    # In slices, returning to the event loop between them: a 5,000-entry list is ~50 ms
    # of Python here, which would otherwise hold up every other request of the process.
    for rows in result.partitions(_RECORD_SLICE):
        with collector_paused():
            if media_skip is None:
                entries += [to_record(entry_keys, row) for row in rows]
            else:
                for row in rows:
                    entry = to_record(entry_keys, row[:split])
                    media_row = to_record(media_keys, row[split:])
                    entry.__dict__["media_row"] = media[entry.media_id] = media_row
                    entries.append(entry)
        await asyncio.sleep(0)
    return entries


_RECORD_SLICE = 500


def _fuzzy_int(key: str) -> tuple[Any, Any]:
    """(year column, the date as a FuzzyDateInt YYYYMMDD with unknown parts 0)."""
    year, month, day = (getattr(ListEntry, f"{key}_{part}") for part in ("year", "month", "day"))
    value = year * 10000 + sa.func.coalesce(month, 0) * 100 + sa.func.coalesce(day, 0)
    return year, value


def _date_conditions(key: str, equal: Any, greater: Any, lesser: Any, like: Any) -> list[Any]:
    """FuzzyDateInt filters on an entry date; an entry without a year never matches one."""
    year, value = _fuzzy_int(key)
    conds: list[Any] = []
    if equal is not None:
        conds.append(value == equal)
    if greater is not None:
        conds.append(value > greater)
    if lesser is not None:
        conds.append(value < lesser)
    if like is not None:
        conds.append(matches_pattern(value, str(like)))
    return [year.is_not(None), *conds] if conds else []


def entry_select(
    q: EntryQuery, row_order: str | None = None, *, with_media: bool = False
) -> sa.Select[Any]:
    """SELECT of entries matching ``q`` in its (or the row order's) sort."""
    stmt = sa.select(ListEntry)
    conds: list[Any] = []
    for column, values in (
        (ListEntry.user_id, q.user_ids),
        (ListEntry.status, q.statuses),
        (ListEntry.media_id, q.media_ids),
        (ListEntry.id, q.entry_ids),
    ):
        if values is not None:
            conds.append(in_list(column, values))
    if q.statuses_not:
        conds.append(not_in_list(ListEntry.status, q.statuses_not))
    if q.media_ids_not:
        conds.append(not_in_list(ListEntry.media_id, q.media_ids_not))
    if q.media_type is not None:
        conds.append(ListEntry.media_type == q.media_type)
    if q.notes_like:
        conds.append(contains_text(ListEntry.notes, q.notes_like))
    for key, bounds in q.dates.items():
        conds.extend(_date_conditions(key, *bounds))
    if q.also_on_list_of is not None:
        theirs = sa.select(ListEntry.media_id).where(ListEntry.user_id == q.also_on_list_of)
        conds.append(ListEntry.media_id.in_(theirs))
    if q.followed_by is not None:
        followed = sa.select(Follow.followed_id).where(Follow.follower_id == q.followed_by)
        conds.append(ListEntry.user_id.in_(followed))
    conds.append(sa.or_(ListEntry.private.is_(False), ListEntry.user_id == (q.viewer_id or -1)))
    sort = list(q.sort) or _ROW_ORDER.get(row_order or "", [("media_id", False)])
    if with_media or any(key.startswith("media_") and key != "media_id" for key, _ in sort):
        stmt = stmt.join(Media, Media.id == ListEntry.media_id)
    if with_media:
        stmt = stmt.add_columns(Media)
    order = [
        ENTRY_SORT_COLUMNS[k].desc() if desc else ENTRY_SORT_COLUMNS[k].asc()
        for k, desc in sort
        if k in ENTRY_SORT_COLUMNS
    ]
    return stmt.where(*conds).order_by(*order, ListEntry.id)


async def custom_list_names(
    session: AsyncSession, entry_ids: Sequence[int]
) -> dict[int, list[str]]:
    """Custom list names each entry is on."""
    out: dict[int, list[str]] = defaultdict(list)
    if not entry_ids:
        return out
    stmt = sa.select(ListEntryCustomList.entry_id, ListEntryCustomList.list_name).where(
        ListEntryCustomList.entry_id.in_(list(entry_ids))
    )
    for entry_id, name in (await session.execute(stmt)).all():
        out[entry_id].append(name)
    return out


async def _custom_lists_of(
    session: AsyncSession, user_id: int, entry_ids: set[int]
) -> dict[int, list[str]]:
    """Custom list names per entry of one user (by user, not a huge IN list of entry ids)."""
    stmt = sa.select(ListEntryCustomList.entry_id, ListEntryCustomList.list_name).where(
        ListEntryCustomList.user_id == user_id
    )
    out: dict[int, list[str]] = defaultdict(list)
    for entry_id, name in (await session.execute(stmt)).all():
        if entry_id in entry_ids:
            out[entry_id].append(name)
    return out


async def list_options(
    session: AsyncSession, user_ids: Sequence[int]
) -> dict[tuple[int, str], MediaListOptions]:
    """Per-type list options keyed by (user id, media type); missing rows mean defaults."""
    stmt = sa.select(MediaListOptions).where(MediaListOptions.user_id.in_(list(user_ids)))
    return {(o.user_id, str(o.media_type)): o for o in (await session.execute(stmt)).scalars()}


_FORMATS = tuple(f.value for f in MediaFormat)  # split completed lists, in this order


async def collection(
    session: AsyncSession,
    user: User,
    q: EntryQuery,
    *,
    force_single_completed: bool,
    chunk: int | None,
    per_chunk: int | None,
    with_media: bool = False,
    media_skip: Sequence[str] = (),
    entry_skip: Sequence[str] = (),
) -> Collection:
    """The user's entries of one type grouped as AniList's MediaListCollection does.

    Groups come in canonical order (statuses, completed formats, custom lists as the user
    declared them); the user's ``section_order`` names them, so a dialect applies it.

    Entries minus the ``entry_skip`` columns (and, ``with_media``, their media minus the
    ``media_skip`` columns) come back as read-only :class:`~kagami.db.rows.Record` rows
    rather than ORM objects: a big list loads ~4x faster.
    """
    media_type = q.media_type or "ANIME"
    options = (await list_options(session, [user.id])).get((user.id, media_type))
    stmt = entry_select(q, user.row_order, with_media=with_media)
    has_next = False
    if chunk is not None or per_chunk is not None:
        size = max(1, min(per_chunk or 500, 500))
        stmt = stmt.limit(size + 1).offset((max(1, chunk or 1) - 1) * size)
    media: dict[int, Any] = {}
    entries = await _entry_records(
        session, stmt, media, media_skip if with_media else None, entry_skip
    )
    if chunk is not None or per_chunk is not None:
        has_next = len(entries) > size
        entries = entries[:size]
    customs = await _custom_lists_of(session, user.id, {e.id for e in entries})
    split = (
        bool(options and options.split_completed_section_by_format) and not force_single_completed
    )
    formats: dict[int, str | None] = {}
    if split:
        ids = [e.media_id for e in entries if e.status == MediaListStatus.COMPLETED]
        if ids:
            rows = await session.execute(sa.select(Media.id, Media.format).where(Media.id.in_(ids)))
            formats = {i: (f.value if f else None) for i, f in rows.all()}
    by_key: dict[Any, list[ListEntry]] = defaultdict(list)
    for entry in entries:
        if not entry.hidden_from_status_lists:
            if split and entry.status == MediaListStatus.COMPLETED:
                by_key[("split", formats.get(entry.media_id))].append(entry)
            else:
                by_key[("status", entry.status)].append(entry)
        for name in customs.get(entry.id, ()):
            by_key[("custom", name)].append(entry)
    groups: list[ListGroup] = []
    for status in STATUS_ORDER:
        if status == MediaListStatus.COMPLETED and split:
            for fmt in (f for f in (*_FORMATS, None) if ("split", f) in by_key):
                groups.append(
                    ListGroup(
                        by_key[("split", fmt)],
                        is_split_completed_list=True,
                        status=status,
                        format=fmt,
                    )
                )
        elif ("status", status) in by_key:
            groups.append(ListGroup(by_key[("status", status)], status=status))
    declared = list(options.custom_lists) if options else []
    for name in [*declared, *sorted({k[1] for k in by_key if k[0] == "custom"} - set(declared))]:
        if ("custom", name) in by_key:
            groups.append(
                ListGroup(by_key[("custom", name)], is_custom_list=True, custom_list=name)
            )
    order = list(options.section_order) if options and options.section_order else []
    return Collection(user, groups, has_next, customs, media, order)


async def find_entries(session: AsyncSession, q: EntryQuery, page: int, per_page: int) -> Any:
    """One page of entries matching ``q`` (count + rows)."""
    from kagami.db.paging import paginate

    return await paginate(session, entry_select(q), page, per_page)


async def entries_for_media(
    session: AsyncSession, user_id: int, media_ids: Sequence[int]
) -> dict[int, ListEntry]:
    """One user's entries for these media, keyed by media id (Media.mediaListEntry)."""
    if not media_ids:
        return {}
    stmt = sa.select(ListEntry).where(
        ListEntry.user_id == user_id, ListEntry.media_id.in_(list(media_ids))
    )
    return {e.media_id: e for e in (await session.execute(stmt)).scalars()}
