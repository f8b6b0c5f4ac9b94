"""Batched reads of media's related rows (one statement for many parents, paged per parent).

Every function takes the parent ids of one GraphQL level and returns rows grouped
by parent, so a request's statement count depends on its shape, never its size.
Per-parent paging uses ROW_NUMBER() windows, which SQLite and PostgreSQL share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import (
    AiringSchedule,
    Character,
    Media,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaExternalLink,
    MediaGenre,
    MediaRelationEdge,
    MediaStaff,
    MediaStudio,
    MediaTag,
    MediaTagLink,
    Staff,
    Studio,
)
from kagami.catalogue.queries import on_list_condition

_ROLE_ORDER = sa.case(
    {"MAIN": 0, "SUPPORTING": 1, "BACKGROUND": 2}, value=MediaCharacter.role, else_=3
)


@dataclass(frozen=True, slots=True)
class Slice:
    """One parent's page of rows and how many rows it has in all."""

    rows: list[Any]
    total: int


def _order(
    sort: Sequence[tuple[str, bool]], columns: dict[str, Any], default: list[Any]
) -> list[Any]:
    """ORDER BY terms for canonical sort keys, falling back to ``default``."""
    order = [columns[k].desc() if desc else columns[k].asc() for k, desc in sort if k in columns]
    return [*(order or default)]


async def _windowed(
    session: AsyncSession,
    *,
    entities: Sequence[Any],
    edge_id: Any,
    partition: Any,
    joins: Sequence[tuple[Any, Any]],
    where: Sequence[Any],
    order: Sequence[Any],
    page: int,
    per_page: int | None,
) -> dict[int, Slice]:
    """Rows grouped by ``partition``, each group ordered and cut to one page."""
    rn = sa.func.row_number().over(partition_by=partition, order_by=list(order)).label("rn")
    total = sa.func.count().over(partition_by=partition).label("total")
    inner = sa.select(edge_id.label("eid"), partition.label("pid"), rn, total)
    for target, on in joins:
        inner = inner.join(target, on)
    window = inner.where(*where).subquery()
    stmt = sa.select(*entities, window.c.pid, window.c.total).join(window, window.c.eid == edge_id)
    for target, on in joins:
        stmt = stmt.join(target, on)
    if per_page is not None:
        stmt = stmt.where(window.c.rn > (page - 1) * per_page, window.c.rn <= page * per_page)
    stmt = stmt.order_by(window.c.pid, window.c.rn)
    groups: dict[int, list[Any]] = defaultdict(list)
    totals: dict[int, int] = {}
    width = len(entities)
    for row in (await session.execute(stmt)).all():
        pid = row[width]
        groups[pid].append(tuple(row[:width]) if width > 1 else row[0])
        totals[pid] = row[width + 1]
    return {pid: Slice(groups[pid], totals[pid]) for pid in totals}


async def character_edges(
    session: AsyncSession,
    media_ids: Sequence[int],
    *,
    role: str | None,
    sort: Sequence[tuple[str, bool]],
    page: int,
    per_page: int,
) -> dict[int, Slice]:
    """(MediaCharacter, Character) rows per media, paged and sorted (ROLE, then relevance)."""
    columns = {
        "id": Character.id,
        "role": _ROLE_ORDER,
        "favourites": Character.favourites,
        "relevance": MediaCharacter.position,
        "search_match": MediaCharacter.position,
    }
    order = [*_order(sort, columns, [_ROLE_ORDER, MediaCharacter.position]), MediaCharacter.id]
    where: list[sa.ColumnElement[bool]] = [MediaCharacter.media_id.in_(list(media_ids))]
    if role is not None:
        where.append(MediaCharacter.role == role)
    return await _windowed(
        session,
        entities=[MediaCharacter, Character],
        edge_id=MediaCharacter.id,
        partition=MediaCharacter.media_id,
        joins=[(Character, Character.id == MediaCharacter.character_id)],
        where=where,
        order=order,
        page=page,
        per_page=per_page,
    )


async def voice_actors(
    session: AsyncSession,
    edge_ids: Sequence[int],
    *,
    language: str | None,
    sort: Sequence[tuple[str, bool]],
) -> dict[int, list[tuple[MediaCharacterVoiceActor, Staff]]]:
    """(voice-actor credit, Staff) rows per character edge, optionally in one language."""
    columns = {
        "id": Staff.id,
        "language": MediaCharacterVoiceActor.language,
        "favourites": Staff.favourites,
        "relevance": MediaCharacterVoiceActor.position,
    }
    order = _order(sort, columns, [MediaCharacterVoiceActor.position])
    stmt = (
        sa.select(MediaCharacterVoiceActor, Staff)
        .join(Staff, Staff.id == MediaCharacterVoiceActor.staff_id)
        .where(MediaCharacterVoiceActor.media_character_id.in_(list(edge_ids)))
        .order_by(*order, MediaCharacterVoiceActor.id)
    )
    if language is not None:
        stmt = stmt.where(sa.func.lower(MediaCharacterVoiceActor.language) == language.lower())
    out: dict[int, list[tuple[MediaCharacterVoiceActor, Staff]]] = defaultdict(list)
    for credit, staff in (await session.execute(stmt)).all():
        out[credit.media_character_id].append((credit, staff))
    return out


async def staff_edges(
    session: AsyncSession,
    media_ids: Sequence[int],
    *,
    sort: Sequence[tuple[str, bool]],
    page: int,
    per_page: int,
) -> dict[int, Slice]:
    """(MediaStaff, Staff) rows per media, paged and sorted (credit order by default)."""
    columns = {
        "id": Staff.id,
        "role": MediaStaff.role,
        "language": Staff.language_v2,
        "favourites": Staff.favourites,
        "relevance": MediaStaff.position,
    }
    order = [*_order(sort, columns, [MediaStaff.position]), MediaStaff.id]
    return await _windowed(
        session,
        entities=[MediaStaff, Staff],
        edge_id=MediaStaff.id,
        partition=MediaStaff.media_id,
        joins=[(Staff, Staff.id == MediaStaff.staff_id)],
        where=[MediaStaff.media_id.in_(list(media_ids))],
        order=order,
        page=page,
        per_page=per_page,
    )


async def studio_edges(
    session: AsyncSession,
    media_ids: Sequence[int],
    *,
    is_main: bool | None,
    sort: Sequence[tuple[str, bool]],
) -> dict[int, Slice]:
    """(MediaStudio, Studio) rows per media, main studios first unless sorted otherwise."""
    columns = {"id": Studio.id, "name": Studio.name, "favourites": Studio.favourites}
    order = [*_order(sort, columns, [MediaStudio.is_main.desc()]), MediaStudio.id]
    where: list[sa.ColumnElement[bool]] = [MediaStudio.media_id.in_(list(media_ids))]
    if is_main is not None:
        where.append(MediaStudio.is_main == is_main)
    return await _windowed(
        session,
        entities=[MediaStudio, Studio],
        edge_id=MediaStudio.id,
        partition=MediaStudio.media_id,
        joins=[(Studio, Studio.id == MediaStudio.studio_id)],
        where=where,
        order=order,
        page=1,
        per_page=None,
    )


async def genres(session: AsyncSession, media_ids: Sequence[int]) -> dict[int, list[str]]:
    """Genres per media, in their stored order."""
    stmt = (
        sa.select(MediaGenre.media_id, MediaGenre.genre)
        .where(MediaGenre.media_id.in_(list(media_ids)))
        .order_by(MediaGenre.position, MediaGenre.genre)
    )
    out: dict[int, list[str]] = defaultdict(list)
    for media_id, genre in (await session.execute(stmt)).all():
        out[media_id].append(genre)
    return out


async def tags(
    session: AsyncSession, media_ids: Sequence[int]
) -> dict[int, list[tuple[MediaTagLink, MediaTag]]]:
    """(link, tag) per media, most relevant first."""
    stmt = (
        sa.select(MediaTagLink, MediaTag)
        .join(MediaTag, MediaTag.id == MediaTagLink.tag_id)
        .where(MediaTagLink.media_id.in_(list(media_ids)))
        .order_by(MediaTagLink.rank.desc(), MediaTag.name)
    )
    out: dict[int, list[tuple[MediaTagLink, MediaTag]]] = defaultdict(list)
    for link, tag in (await session.execute(stmt)).all():
        out[link.media_id].append((link, tag))
    return out


async def relations(
    session: AsyncSession, media_ids: Sequence[int]
) -> dict[int, list[tuple[MediaRelationEdge, Media]]]:
    """(relation edge, related media) per media."""
    stmt = (
        sa.select(MediaRelationEdge, Media)
        .join(Media, Media.id == MediaRelationEdge.related_media_id)
        .where(MediaRelationEdge.media_id.in_(list(media_ids)))
        .order_by(MediaRelationEdge.id)
    )
    out: dict[int, list[tuple[MediaRelationEdge, Media]]] = defaultdict(list)
    for edge, media in (await session.execute(stmt)).all():
        out[edge.media_id].append((edge, media))
    return out


async def external_links(
    session: AsyncSession, media_ids: Sequence[int]
) -> dict[int, list[MediaExternalLink]]:
    """External links per media."""
    stmt = (
        sa.select(MediaExternalLink)
        .where(MediaExternalLink.media_id.in_(list(media_ids)))
        .order_by(MediaExternalLink.id)
    )
    out: dict[int, list[MediaExternalLink]] = defaultdict(list)
    for link in (await session.execute(stmt)).scalars():
        out[link.media_id].append(link)
    return out


async def airing(
    session: AsyncSession,
    media_ids: Sequence[int],
    *,
    after: int | None,
    page: int,
    per_page: int | None,
) -> dict[int, Slice]:
    """Airing schedule rows per media by air time; ``after`` keeps only episodes not yet aired."""
    where: list[sa.ColumnElement[bool]] = [AiringSchedule.media_id.in_(list(media_ids))]
    if after is not None:
        where.append(AiringSchedule.airing_at > after)
    return await _windowed(
        session,
        entities=[AiringSchedule],
        edge_id=AiringSchedule.id,
        partition=AiringSchedule.media_id,
        joins=[],
        where=where,
        order=[AiringSchedule.airing_at, AiringSchedule.id],
        page=page,
        per_page=per_page,
    )


async def _media_of(
    session: AsyncSession,
    link: Any,
    owner: Any,
    owner_ids: Sequence[int],
    *,
    filters: Sequence[sa.ColumnElement[bool]],
    default_order: list[Any],
    sort: Sequence[tuple[str, bool]],
    sort_columns: dict[str, Any],
    page: int,
    per_page: int,
    on_list: tuple[int, bool] | None,
) -> dict[int, Slice]:
    """(link row, Media) per owner through a link table (characters, studios, staff), paged."""
    where: list[sa.ColumnElement[bool]] = [owner.in_(list(owner_ids)), *filters]
    if on_list is not None:  # (user id, on or not on their list)
        where.append(on_list_condition(*on_list))
    return await _windowed(
        session,
        entities=[link, Media],
        edge_id=link.id,
        partition=owner,
        joins=[(Media, Media.id == link.media_id)],
        where=where,
        order=[*_order(sort, sort_columns, default_order), link.id],
        page=page,
        per_page=per_page,
    )


async def media_of_characters(
    session: AsyncSession,
    character_ids: Sequence[int],
    *,
    media_type: str | None,
    sort: Sequence[tuple[str, bool]],
    sort_columns: dict[str, Any],
    page: int,
    per_page: int,
    on_list: tuple[int, bool] | None = None,
) -> dict[int, Slice]:
    """(MediaCharacter, Media) per character: the media each appears in, paged."""
    filters = [] if media_type is None else [Media.type == media_type]
    return await _media_of(
        session,
        MediaCharacter,
        MediaCharacter.character_id,
        character_ids,
        filters=filters,
        default_order=[Media.popularity.desc()],
        sort=sort,
        sort_columns=sort_columns,
        page=page,
        per_page=per_page,
        on_list=on_list,
    )


async def media_of_studios(
    session: AsyncSession,
    studio_ids: Sequence[int],
    *,
    is_main: bool | None,
    sort: Sequence[tuple[str, bool]],
    sort_columns: dict[str, Any],
    page: int,
    per_page: int,
    on_list: tuple[int, bool] | None = None,
) -> dict[int, Slice]:
    """(MediaStudio, Media) per studio: the media it worked on, paged."""
    filters = [] if is_main is None else [MediaStudio.is_main == is_main]
    return await _media_of(
        session,
        MediaStudio,
        MediaStudio.studio_id,
        studio_ids,
        filters=filters,
        default_order=[Media.start_date_int.desc().nulls_last()],
        sort=sort,
        sort_columns=sort_columns,
        page=page,
        per_page=per_page,
        on_list=on_list,
    )


async def media_of_staff(
    session: AsyncSession,
    staff_ids: Sequence[int],
    *,
    media_type: str | None,
    sort: Sequence[tuple[str, bool]],
    sort_columns: dict[str, Any],
    page: int,
    per_page: int,
    on_list: tuple[int, bool] | None = None,
) -> dict[int, Slice]:
    """(MediaStaff, Media) per staff member: their production credits, paged."""
    filters = [] if media_type is None else [Media.type == media_type]
    return await _media_of(
        session,
        MediaStaff,
        MediaStaff.staff_id,
        staff_ids,
        filters=filters,
        default_order=[Media.start_date_int.desc().nulls_last()],
        sort=sort,
        sort_columns=sort_columns,
        page=page,
        per_page=per_page,
        on_list=on_list,
    )
