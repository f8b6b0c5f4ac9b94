"""List writes every dialect calls: save, bulk-update and delete entries, delete a custom list.

Each write first locks the acting user's row (PostgreSQL ``FOR UPDATE``; on SQLite a
no-op UPDATE, which takes the database's write lock before anything is read), so one
user's list writes run one after another: concurrent saves of one media never make two
entries, and the old values the counters and activities are computed from are current.
Services never commit; the caller's transaction does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.locking import active_actor, lock_actor, lock_user_row
from kagami.accounts.models import MediaListOptions, User
from kagami.accounts.options import zone_of
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.errors import Forbidden, Invalid
from kagami.lists import counters
from kagami.lists import totals as list_totals
from kagami.lists.changes import EntryChanges, Totals, apply, check, label
from kagami.lists.models import ListEntry, ListEntryCustomList
from kagami.lists.policy import may_edit_entry
from kagami.lists.scoring import from_format
from kagami.social.list_activity import record_list_activity

MAX_BULK_IDS = 500  # UpdateMediaListEntries ids per request


_SaveRow = tuple[User, Media | None, ListEntry | None, MediaListOptions | None]


_SAVE_READ = (
    sa.select(User, Media, ListEntry, MediaListOptions)
    .select_from(User)
    .outerjoin(Media, Media.id == sa.bindparam("media_id"))
    .outerjoin(ListEntry, sa.and_(ListEntry.user_id == User.id, ListEntry.media_id == Media.id))
    .outerjoin(
        MediaListOptions,
        sa.and_(MediaListOptions.user_id == User.id, MediaListOptions.media_type == Media.type),
    )
    .where(User.id == sa.bindparam("actor_id"))
    .execution_options(populate_existing=True)
)


async def _lock_actor_with_media(session: AsyncSession, actor_id: int, media_id: int) -> _SaveRow:
    """The locked actor with the media, her entry of it and her list options for its type,
    in one statement (the save path's reads; None for what does not exist)."""
    # The lock first, in its own statement: on PostgreSQL a SELECT that waited for a row
    # lock still reads the other tables as of its start, and would miss a concurrent
    # writer's new entry (two entries for one media).
    await lock_user_row(session, actor_id)
    row = (await session.execute(_SAVE_READ, {"actor_id": actor_id, "media_id": media_id})).first()
    user, media, entry, options = row if row is not None else (None, None, None, None)
    return active_actor(session, user), media, entry, options


def today_for(user: User) -> date:
    """Today's date where the user lives (their timezone option, else UTC)."""
    return datetime.now(zone_of(user.timezone) or UTC).date()


def totals_of(media: Media) -> Totals:
    """The media's length as entry progress counts it."""
    if media.type == MediaType.MANGA:
        return Totals(media.chapters, media.volumes)
    return Totals(media.episodes, None)


async def _options(session: AsyncSession, user_id: int, media_type: str) -> MediaListOptions | None:
    return await session.scalar(
        sa.select(MediaListOptions).where(
            MediaListOptions.user_id == user_id, MediaListOptions.media_type == media_type
        )
    )


def _resolve_score(
    user: User, changes: EntryChanges, user_score: float | None
) -> dict[str, list[str]]:
    """Put a score given in the user's own format into ``changes.score`` (POINT_100)."""
    if changes.score is not None or user_score is None:
        return {}
    try:
        changes.score = from_format(user_score, user.score_format)
    except ValueError:
        return {"score": [f"The score is not a valid {user.score_format.value} score."]}
    return {}


def _named_scores(
    changes: EntryChanges, options: MediaListOptions | None, errors: dict[str, list[str]]
) -> dict[str, float] | None:
    """Advanced scores keyed by the user's section names, in the order the user named them."""
    if changes.advanced_scores is None:
        return None
    names = list(options.advanced_scoring) if options else []
    if len(changes.advanced_scores) > len(names):
        errors.setdefault("advanced_scores", []).append(
            f"There are {len(names)} advanced scoring sections."
        )
        return None
    return {name: float(v) for name, v in zip(names, changes.advanced_scores, strict=False)}


def _check_custom_lists(
    changes: EntryChanges, options: MediaListOptions | None, errors: dict[str, list[str]]
) -> list[str] | None:
    if changes.custom_lists is None:
        return None
    known = set(options.custom_lists) if options else set()
    unknown = [n for n in changes.custom_lists if n not in known]
    if unknown:
        errors.setdefault("custom_lists", []).append(
            f"Not one of your custom lists: {', '.join(sorted(unknown)[:10])}."
        )
    return list(dict.fromkeys(changes.custom_lists))


async def _set_custom_lists(
    session: AsyncSession, entry: ListEntry, names: Sequence[str], *, is_new: bool
) -> None:
    if not is_new:
        await session.execute(
            sa.delete(ListEntryCustomList).where(ListEntryCustomList.entry_id == entry.id)
        )
    if names:
        await session.execute(
            sa.insert(ListEntryCustomList),
            [{"entry_id": entry.id, "list_name": n, "user_id": entry.user_id} for n in names],
        )


def invalid_choice(field: str) -> Invalid:
    """AniList's answer to an id that names nothing: a validation error on that argument."""
    return Invalid({field: [f"The selected {label(field)} is invalid."]})


async def _owned_entry(session: AsyncSession, actor_id: int, entry_id: int) -> ListEntry:
    entry = await session.get(ListEntry, entry_id, populate_existing=True)
    if entry is None:
        raise invalid_choice("id")
    if not may_edit_entry(actor_id, entry.user_id):
        raise Forbidden()
    return entry


async def save_entry(
    session: AsyncSession,
    actor_id: int,
    *,
    entry_id: int | None = None,
    media_id: int | None = None,
    changes: EntryChanges,
    user_score: float | None = None,
) -> ListEntry:
    """Create or update the actor's entry (by entry id, or by media); ``user_score`` is in
    the actor's own score format, ``changes.score`` (which wins) in POINT_100."""
    if entry_id is None and media_id is None:
        raise Invalid({"media_id": ["A media id or a list entry id is required."]})
    entry: ListEntry | None
    if entry_id is not None:
        user = await lock_actor(session, actor_id)
        entry = await _owned_entry(session, actor_id, entry_id)
        media = await session.get(Media, entry.media_id)
        options = None if media is None else await _options(session, actor_id, media.type.value)
    else:
        assert media_id is not None
        user, media, entry, options = await _lock_actor_with_media(session, actor_id, media_id)
    if media is None:
        raise invalid_choice("media_id")
    totals = totals_of(media)
    errors = _resolve_score(user, changes, user_score)
    errors.update(check(changes, totals))
    advanced = _named_scores(changes, options, errors)
    names = _check_custom_lists(changes, options, errors)
    if errors:
        raise Invalid(errors)
    is_new = entry is None
    if entry is None:
        entry = ListEntry.blank(actor_id, media.id, media.type)
        old = None
    else:
        old = (entry.status, entry.progress, entry.score)
    before = None if is_new else list_totals.snapshot(entry)
    apply(entry, changes, totals, today_for(user))
    if advanced is not None:
        entry.advanced_scores = {**(entry.advanced_scores or {}), **advanced}
    if is_new:
        session.add(entry)
    await session.flush()
    if names is not None:
        await _set_custom_lists(session, entry, names, is_new=is_new)
    if is_new:
        await counters.bump_popularity(session, media.id, 1)
    if entry.score != (old[2] if old else 0):
        await counters.refresh_scores(session, [media.id])
    deltas = list_totals.Deltas(actor_id)
    deltas.move(media, before, list_totals.snapshot(entry))
    await deltas.write(session)
    await record_list_activity(
        session, user, entry, old_status=old[0] if old else None, old_progress=old[1] if old else 0
    )
    return entry


async def update_entries(
    session: AsyncSession,
    actor_id: int,
    *,
    entry_ids: Sequence[int],
    changes: EntryChanges,
    user_score: float | None = None,
) -> list[ListEntry]:
    """Apply the same changes to several of the actor's entries (AniList's bulk edit)."""
    ids = list(dict.fromkeys(entry_ids))
    if len(ids) > MAX_BULK_IDS:
        raise Invalid({"ids": [f"At most {MAX_BULK_IDS} list entries at once."]})
    if changes.custom_lists is not None:
        raise Invalid({"custom_lists": ["Custom lists are saved one entry at a time."]})
    user = await lock_actor(session, actor_id)
    if not ids:
        return []
    rows = (
        await session.execute(
            sa.select(ListEntry, Media)
            .join(Media, Media.id == ListEntry.media_id)
            .where(ListEntry.id.in_(ids))
            .execution_options(populate_existing=True)
        )
    ).all()
    found = {entry.id: (entry, media) for entry, media in rows}
    if len(found) < len(ids):
        raise invalid_choice("ids")
    if any(not may_edit_entry(actor_id, e.user_id) for e, _ in found.values()):
        raise Forbidden()
    errors = _resolve_score(user, changes, user_score)
    errors.update(check(changes, None))
    for _entry, media in found.values():
        for name, messages in check(changes, totals_of(media)).items():
            errors.setdefault(name, messages)
    types = {media.type.value for _, media in found.values()}
    options = {t: await _options(session, actor_id, t) for t in sorted(types)}
    advanced = {t: _named_scores(changes, options[t], errors) for t in types}
    if errors:
        raise Invalid(errors)
    today = today_for(user)
    rescored: set[int] = set()
    deltas = list_totals.Deltas(actor_id)
    entries = []
    for entry_id in ids:
        entry, media = found[entry_id]
        before = entry.score
        old = list_totals.snapshot(entry)
        apply(entry, changes, totals_of(media), today)
        deltas.move(media, old, list_totals.snapshot(entry))
        named = advanced[media.type.value]
        if named is not None:
            entry.advanced_scores = {**(entry.advanced_scores or {}), **named}
        if entry.score != before:
            rescored.add(media.id)
        entries.append(entry)
    await session.flush()
    await counters.refresh_scores(session, rescored)
    await deltas.write(session)
    return entries


async def delete_entry(session: AsyncSession, actor_id: int, entry_id: int) -> None:
    """Delete one of the actor's entries (custom-list rows go with it) and move the counters."""
    await lock_user_row(session, actor_id)  # the entry's values stay current until commit
    row = (
        await session.execute(
            sa.select(ListEntry, Media)
            .join(Media, Media.id == ListEntry.media_id)
            .where(ListEntry.id == entry_id)
            .execution_options(populate_existing=True)
        )
    ).first()
    if row is None:
        raise invalid_choice("id")
    entry, media = row
    if not may_edit_entry(actor_id, entry.user_id):
        raise Forbidden()
    media_id, scored, before = entry.media_id, entry.score > 0, list_totals.snapshot(entry)
    deleted = await session.execute(
        sa.delete(ListEntry)
        .where(ListEntry.id == entry_id, ListEntry.user_id == actor_id)
        .execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:  # type: ignore[attr-defined]
        raise invalid_choice("id")  # deleted by a concurrent request in the meantime
    session.expunge(entry)
    await counters.bump_popularity(session, media_id, -1)
    if scored:
        await counters.refresh_scores(session, [media_id])
    deltas = list_totals.Deltas(actor_id)
    deltas.move(media, before, None)
    await deltas.write(session)


async def delete_custom_list(
    session: AsyncSession, actor_id: int, *, name: str, media_type: MediaType
) -> None:
    """Remove a custom list from the actor's list options and from every entry on it."""
    options = await _options(session, actor_id, media_type.value)
    if options is None or name not in options.custom_lists:
        raise invalid_choice("custom_list")
    options.custom_lists = [n for n in options.custom_lists if n != name]
    if name in (options.section_order or []):
        options.section_order = [n for n in options.section_order if n != name]
    of_type = sa.select(ListEntry.id).where(
        ListEntry.user_id == actor_id, ListEntry.media_type == media_type
    )
    await session.execute(
        sa.delete(ListEntryCustomList).where(
            ListEntryCustomList.user_id == actor_id,
            ListEntryCustomList.list_name == name,
            ListEntryCustomList.entry_id.in_(of_type),
        )
    )
    await session.flush()


async def add_progress(
    session: AsyncSession, actor_id: int, *, media_id: int, amount: int = 1
) -> ListEntry:
    """Move the actor's progress on one media by ``amount`` (the site's one-click +1).

    The current progress is read after the actor's lock, so two quick clicks make two
    episodes; the rest (completion at the last episode, activity) is :func:`save_entry`'s.
    """
    await lock_user_row(session, actor_id)
    current = await session.scalar(
        sa.select(ListEntry.progress).where(
            ListEntry.user_id == actor_id, ListEntry.media_id == media_id
        )
    )
    if current is None:
        raise invalid_choice("media_id")
    changes = EntryChanges(progress=current + amount)
    return await save_entry(session, actor_id, media_id=media_id, changes=changes)
