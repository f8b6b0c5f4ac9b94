"""Voice roles seen from the voice actor: characters voiced and media voiced in, batched.

A voice actor credited for one character in several media, or for several characters
in one media, yields one row per character (``characters_of_voice_actors``) or per
media (``media_of_voice_actors``); each row carries the best role of its credits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.connections import Slice, _order
from kagami.catalogue.models import Character, Media, MediaCharacter, MediaCharacterVoiceActor
from kagami.catalogue.queries import on_list_condition

_VA = MediaCharacterVoiceActor
_ROLES = ("MAIN", "SUPPORTING", "BACKGROUND")
_ROLE_RANK = sa.case({r: i for i, r in enumerate(_ROLES)}, value=MediaCharacter.role, else_=3)


def _role(rank: int | None) -> str | None:
    return _ROLES[rank] if rank is not None and rank < len(_ROLES) else None


async def _paged(
    session: AsyncSession,
    *,
    entity: Any,
    grouped: Any,
    order: Sequence[Any],
    page: int,
    per_page: int,
    where: Sequence[Any] = (),
) -> dict[int, Slice]:
    """(entity, role) rows per staff from ``grouped`` (pid, oid, role_rank, first), paged.

    ``where`` filters on ``entity`` before numbering, so totals count only what matches.
    """
    rn = sa.func.row_number().over(partition_by=grouped.c.pid, order_by=list(order)).label("rn")
    total = sa.func.count().over(partition_by=grouped.c.pid).label("total")
    window = (
        sa.select(grouped.c.pid, grouped.c.oid, grouped.c.role_rank, rn, total)
        .join(entity, entity.id == grouped.c.oid)
        .where(*where)
        .subquery()
    )
    stmt = (
        sa.select(entity, window.c.role_rank, window.c.pid, window.c.total)
        .join(window, window.c.oid == entity.id)
        .where(window.c.rn > (page - 1) * per_page, window.c.rn <= page * per_page)
        .order_by(window.c.pid, window.c.rn)
    )
    groups: dict[int, list[Any]] = defaultdict(list)
    totals: dict[int, int] = {}
    for row, rank, pid, count in (await session.execute(stmt)).all():
        groups[pid].append((row, _role(rank)))
        totals[pid] = count
    return {pid: Slice(groups[pid], totals[pid]) for pid in totals}


def _grouped(staff_ids: Sequence[int], other: Any, *where: Any) -> Any:
    return (
        sa.select(
            _VA.staff_id.label("pid"),
            other.label("oid"),
            sa.func.min(_ROLE_RANK).label("role_rank"),
            sa.func.min(_VA.id).label("first"),
        )
        .join(MediaCharacter, MediaCharacter.id == _VA.media_character_id)
        .where(_VA.staff_id.in_(list(staff_ids)), *where)
        .group_by(_VA.staff_id, other)
        .subquery()
    )


async def characters_of_voice_actors(
    session: AsyncSession,
    staff_ids: Sequence[int],
    *,
    sort: Sequence[tuple[str, bool]],
    page: int,
    per_page: int,
) -> dict[int, Slice]:
    """(Character, best role) per voice actor: the characters they voiced, paged."""
    grouped = _grouped(staff_ids, MediaCharacter.character_id)
    columns = {
        "id": Character.id,
        "role": grouped.c.role_rank,
        "favourites": Character.favourites,
        "relevance": grouped.c.first,
        "search_match": grouped.c.first,
    }
    default = [grouped.c.role_rank, Character.favourites.desc()]
    order = [*_order(sort, columns, default), Character.id]
    return await _paged(
        session, entity=Character, grouped=grouped, order=order, page=page, per_page=per_page
    )


async def media_of_voice_actors(
    session: AsyncSession,
    staff_ids: Sequence[int],
    *,
    sort: Sequence[tuple[str, bool]],
    sort_columns: dict[str, Any],
    page: int,
    per_page: int,
    on_list: tuple[int, bool] | None = None,
) -> dict[int, Slice]:
    """(Media, best role) per voice actor: the media they voiced a character in, paged."""
    grouped = _grouped(staff_ids, MediaCharacter.media_id)
    default = [Media.start_date_int.desc().nulls_last()]
    order = [*_order(sort, sort_columns, default), Media.id]
    where = [] if on_list is None else [on_list_condition(*on_list)]  # (user id, on or not on)
    return await _paged(
        session,
        entity=Media,
        grouped=grouped,
        order=order,
        page=page,
        per_page=per_page,
        where=where,
    )


async def voiced_characters(
    session: AsyncSession, pairs: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], list[Character]]:
    """Characters per (staff, media) pair: whom the staff member voiced in that media."""
    stmt = (
        sa.select(_VA.staff_id, MediaCharacter.media_id, Character)
        .join(MediaCharacter, MediaCharacter.id == _VA.media_character_id)
        .join(Character, Character.id == MediaCharacter.character_id)
        .where(sa.tuple_(_VA.staff_id, MediaCharacter.media_id).in_(list(pairs)))
        .order_by(_ROLE_RANK, MediaCharacter.position, Character.id)
    )
    out: dict[tuple[int, int], list[Character]] = defaultdict(list)
    for staff_id, media_id, character in (await session.execute(stmt)).all():
        if character not in out[(staff_id, media_id)]:
            out[(staff_id, media_id)].append(character)
    return out


async def voiced_media(
    session: AsyncSession, pairs: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], list[Media]]:
    """Media per (staff, character) pair: where the staff member voiced that character."""
    stmt = (
        sa.select(_VA.staff_id, MediaCharacter.character_id, Media)
        .join(MediaCharacter, MediaCharacter.id == _VA.media_character_id)
        .join(Media, Media.id == MediaCharacter.media_id)
        .where(sa.tuple_(_VA.staff_id, MediaCharacter.character_id).in_(list(pairs)))
        .order_by(Media.start_date_int.desc().nulls_last(), Media.id)
    )
    out: dict[tuple[int, int], list[Media]] = defaultdict(list)
    for staff_id, character_id, media in (await session.execute(stmt)).all():
        if media not in out[(staff_id, character_id)]:
            out[(staff_id, character_id)].append(media)
    return out
