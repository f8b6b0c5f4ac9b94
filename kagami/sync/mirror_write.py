"""Write one batch of mirrored media, leaving every field an admin edited as it is.

The core columns, genres, tags and studios go through the catalogue upsert importers use
(``importers/upsert.py``); this module adds what that one does not cover: description,
manga lengths, image variants, characters with voice actors, staff, relations and the airing
schedule. A collection the remote answered replaces ours (for that media); one it did not
mention (``None``) is left alone. Runs in the caller's transaction: one batch, all or nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.admin_edits import locked_fields
from kagami.catalogue.models import (
    AiringSchedule,
    Character,
    Media,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaRelationEdge,
    MediaStaff,
    Staff,
)
from kagami.importers.records import MediaRecord
from kagami.importers.upsert import upsert_media_records
from kagami.lists import totals as list_totals
from kagami.sync.mirror_records import MirrorRecord, Person

_EXTRAS = (
    "description",
    "chapters",
    "volumes",
    "cover_extra_large",
    "cover_medium",
    "cover_color",
    "banner_image",
)
_KEEP_TITLES = ("title_romaji", "title_english", "title_native", "synonyms")
_DROP_WHEN_LOCKED = {"episodes": "episodes", "duration": "duration", "cover_large": "cover_image"}


def _insert(session: AsyncSession, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def _current_titles(session: AsyncSession, ids: Collection[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = await session.execute(
        sa.select(Media.id, *(getattr(Media, c) for c in _KEEP_TITLES)).where(Media.id.in_(ids))
    )
    return {row[0]: row for row in rows}


def _respect_locks(record: MediaRecord, locked: set[str], current: Any) -> MediaRecord:
    """The record with each locked field replaced by what the catalogue holds."""
    if not locked:
        return record
    changes: dict[str, Any] = {}
    for column in _KEEP_TITLES:
        if column in locked and current is not None:
            value = getattr(current, column)
            changes[column] = tuple(value or ()) if column == "synonyms" else value
    if changes.get("title_romaji") is None:
        changes.pop("title_romaji", None)  # the column may hold NULL; the record needs text
    for column, attribute in _DROP_WHEN_LOCKED.items():
        if column in locked:
            changes[attribute] = None  # the upsert leaves a None optional fact alone
    if "genres" in locked:
        changes["genres"] = ()
    return dataclasses.replace(record, **changes)


async def _upsert_people(
    session: AsyncSession, model: Any, people: dict[int, Person], staff: bool
) -> None:
    if not people:
        return
    rows = []
    for p in people.values():
        row = {
            "id": p.id,
            "name_full": p.name_full,
            "name_native": p.name_native,
            "image_large": p.image_large,
            "image_medium": p.image_medium,
        }
        if staff:
            row["language_v2"] = p.language
        rows.append(row)
    stmt = _insert(session, model.__table__)
    update = {k: stmt.excluded[k] for k in rows[0] if k != "id"}
    await session.execute(
        stmt.values(rows).on_conflict_do_update(index_elements=["id"], set_=update)
    )


async def _write_characters(session: AsyncSession, records: Sequence[MirrorRecord]) -> None:
    chosen = [r for r in records if r.characters is not None]
    if not chosen:
        return
    people = {c.character.id: c.character for r in chosen for c in r.characters or ()}
    actors = {va.id: va for r in chosen for c in r.characters or () for va in c.voice_actors}
    await _upsert_people(session, Character, people, staff=False)
    await _upsert_people(session, Staff, actors, staff=True)
    ids = [r.media_id for r in chosen]
    await session.execute(sa.delete(MediaCharacter).where(MediaCharacter.media_id.in_(ids)))
    edges = {
        (r.media_id, c.character.id): {
            "media_id": r.media_id,
            "character_id": c.character.id,
            "role": c.role,
            "position": i,
        }
        for r in chosen
        for i, c in enumerate(r.characters or ())
    }
    if not edges:
        return
    await session.execute(sa.insert(MediaCharacter), list(edges.values()))
    edge_ids = {
        (m, c): edge_id
        for edge_id, m, c in await session.execute(
            sa.select(
                MediaCharacter.id, MediaCharacter.media_id, MediaCharacter.character_id
            ).where(MediaCharacter.media_id.in_(ids))
        )
    }
    voices = {
        (edge_ids[(r.media_id, c.character.id)], va.id): {
            "media_character_id": edge_ids[(r.media_id, c.character.id)],
            "staff_id": va.id,
            "language": va.language or "Japanese",
            "position": j,
        }
        for r in chosen
        for c in r.characters or ()
        for j, va in enumerate(c.voice_actors)
    }
    if voices:
        await session.execute(sa.insert(MediaCharacterVoiceActor), list(voices.values()))


async def _write_staff(session: AsyncSession, records: Sequence[MirrorRecord]) -> None:
    chosen = [r for r in records if r.staff is not None]
    if not chosen:
        return
    await _upsert_people(
        session, Staff, {p.id: p for r in chosen for p, _ in r.staff or ()}, staff=True
    )
    ids = [r.media_id for r in chosen]
    await session.execute(sa.delete(MediaStaff).where(MediaStaff.media_id.in_(ids)))
    edges = {
        (r.media_id, p.id, role): {"media_id": r.media_id, "staff_id": p.id, "role": role,
                                   "position": i}
        for r in chosen
        for i, (p, role) in enumerate(r.staff or ())
    }  # fmt: skip
    if edges:
        await session.execute(sa.insert(MediaStaff), list(edges.values()))


async def _local_ids(
    session: AsyncSession, wanted: set[tuple[str, int]], by_mal: bool
) -> dict[tuple[str, int], int]:
    """(type, AniList or MAL id) -> local media id, for the related media we have."""
    if not wanted:
        return {}
    column = Media.id_mal if by_mal else Media.id
    rows = await session.execute(
        sa.select(Media.type, column, Media.id).where(column.in_({k for _, k in wanted}))
    )
    return {(str(kind), key): media_id for kind, key, media_id in rows if key is not None}


async def _write_relations(session: AsyncSession, records: Sequence[MirrorRecord]) -> None:
    chosen = [r for r in records if r.relations is not None]
    if not chosen:
        return
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for by_mal in (False, True):
        group = [r for r in chosen if r.relations_by_mal is by_mal]
        wanted = {(kind, key) for r in group for kind, key, _ in r.relations or ()}
        local = await _local_ids(session, wanted, by_mal)
        for r in group:
            for kind, key, relation in r.relations or ():
                related = local.get((kind, key))
                if related is not None and related != r.media_id:
                    rows.setdefault(
                        (r.media_id, related),
                        {"media_id": r.media_id, "related_media_id": related,
                         "relation_type": relation},
                    )  # fmt: skip
    ids = [r.media_id for r in chosen]
    await session.execute(sa.delete(MediaRelationEdge).where(MediaRelationEdge.media_id.in_(ids)))
    if rows:
        await session.execute(sa.insert(MediaRelationEdge), list(rows.values()))


async def _write_airing(session: AsyncSession, records: Sequence[MirrorRecord]) -> None:
    """Upsert by (media, episode), so schedule ids (and the notifications job) stay stable."""
    for r in records:
        if r.airing is None:
            continue
        episodes = {episode: at for episode, at in r.airing}
        await session.execute(
            sa.delete(AiringSchedule).where(
                AiringSchedule.media_id == r.media_id, AiringSchedule.episode.not_in(episodes)
            )
        )
        if episodes:
            stmt = _insert(session, AiringSchedule.__table__)
            await session.execute(
                stmt.values(
                    [
                        {"media_id": r.media_id, "episode": e, "airing_at": a}
                        for e, a in episodes.items()
                    ]
                ).on_conflict_do_update(
                    index_elements=["media_id", "episode"],
                    set_={"airing_at": stmt.excluded.airing_at},
                )
            )


async def write_batch(
    session: AsyncSession, records: Sequence[MirrorRecord], *, fill_only: Collection[str] = ()
) -> int:
    """Upsert a batch of mirrored media (creating new ones), locks respected; the count."""
    if not records:
        return 0
    ids = [r.media_id for r in records]
    locks = await locked_fields(session, ids)
    current = await _current_titles(session, [i for i in ids if i in locks])
    core = [
        _respect_locks(r.record, locks.get(r.media_id, set()), current.get(r.media_id))
        for r in records
    ]
    await upsert_media_records(session, core, fill_only=fill_only)
    # Users' maintained statistics count chapters, staff and voice actors, written below.
    before = await list_totals.lengths(session, ids)
    for r in records:
        locked = locks.get(r.media_id, set())
        values = {
            name: getattr(r, name)
            for name in _EXTRAS
            if getattr(r, name) is not None and name not in locked
        }
        if values:
            await session.execute(sa.update(Media).where(Media.id == r.media_id).values(values))
    unlocked = [
        r
        for r in records
        if not {"characters", "staff", "relations"} & locks.get(r.media_id, set())
    ]
    await _write_characters(session, unlocked)
    await _write_staff(session, unlocked)
    await _write_relations(session, unlocked)
    await _write_airing(session, records)
    await list_totals.after_length_changes(session, before)
    return len(records)
