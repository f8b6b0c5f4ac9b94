"""Batched reads behind MAL's media fields: one statement per requested field, never per media."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from kagami.catalogue.enums import MediaRelation
from kagami.catalogue.models import (
    Magazine,
    Media,
    MediaGenre,
    MediaMagazine,
    MediaRelationEdge,
    MediaStaff,
    MediaStudio,
    Staff,
    Studio,
)
from kagami.community.models import Recommendation
from kagami.db.rows import Record, to_record
from kagami.dialects.mal.list_status import ENTRY_COLUMNS
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry

# The media columns every node reads (id, title, main_picture) and the type.
BASE_COLUMNS = (
    "id", "id_mal", "type", "title_romaji", "title_english", "title_native",
    "cover_medium", "cover_large", "cover_extra_large",
)  # fmt: skip
MAX_RELATED = 50  # related media / recommendations per media (MAL shows a handful)
MAX_PEOPLE = 25  # authors / studios / magazines per media
# Built once: an alias made per request costs more than the query it joins.
other = aliased(Media, name="other_media")
_IDS: Any = sa.bindparam("ids", expanding=True)  # statements are built once, ids bound per call


@cache
def _genres_statement() -> Any:
    """The prebuilt statement of :func:`genres`."""
    stmt = (
        sa.select(MediaGenre.media_id, MediaGenre.genre)
        .where(MediaGenre.media_id.in_(_IDS))
        .order_by(MediaGenre.media_id, MediaGenre.position)
    )
    return stmt


@cache
def _studios_statement() -> Any:
    """The prebuilt statement of :func:`studios`."""
    stmt = (
        sa.select(MediaStudio.media_id, Studio.id, Studio.name)
        .join(Studio, Studio.id == MediaStudio.studio_id)
        .where(MediaStudio.media_id.in_(_IDS))
        .order_by(MediaStudio.media_id, MediaStudio.is_main.desc(), MediaStudio.id)
    )
    return stmt


@cache
def _authors_statement() -> Any:
    """The prebuilt statement of :func:`authors`."""
    story = sa.or_(MediaStaff.role.ilike("%story%"), MediaStaff.role.ilike("%art%"))
    stmt = (
        sa.select(MediaStaff.media_id, Staff, MediaStaff.role)
        .join(Staff, Staff.id == MediaStaff.staff_id)
        .where(MediaStaff.media_id.in_(_IDS), story)
        .order_by(MediaStaff.media_id, MediaStaff.position, MediaStaff.id)
    )
    return stmt


@cache
def _magazines_statement() -> Any:
    """The prebuilt statement of :func:`magazines`."""
    stmt = (
        sa.select(MediaMagazine.media_id, Magazine.id, Magazine.name, MediaMagazine.role)
        .join(Magazine, Magazine.id == MediaMagazine.magazine_id)
        .where(MediaMagazine.media_id.in_(_IDS))
        .order_by(MediaMagazine.media_id, Magazine.id)
    )
    return stmt


def _other_columns() -> list[Any]:
    """The other media's columns a node shows (id, title, main_picture; type)."""
    return [getattr(other, key) for key in BASE_COLUMNS]


@cache
def _relations_statement() -> Any:
    """The prebuilt statement of :func:`relations`."""
    stmt = (
        sa.select(MediaRelationEdge.media_id, MediaRelationEdge.relation_type, *_other_columns())
        .join(other, other.id == MediaRelationEdge.related_media_id)
        .where(MediaRelationEdge.media_id.in_(_IDS))
        .order_by(MediaRelationEdge.media_id, MediaRelationEdge.id)
    )
    return stmt


@cache
def _recommendations_statement() -> Any:
    """The prebuilt statement of :func:`recommendations`."""
    stmt = (
        sa.select(Recommendation.media_id, Recommendation.rating, *_other_columns())
        .join(other, other.id == Recommendation.media_recommendation_id)
        .where(Recommendation.media_id.in_(_IDS), Recommendation.rating > 0)
        .order_by(Recommendation.media_id, Recommendation.rating.desc(), other.id)
    )
    return stmt


@cache
def _status_counts_statement() -> Any:
    """The prebuilt statement of :func:`status_counts`."""
    stmt = (
        sa.select(ListEntry.media_id, ListEntry.status, sa.func.count())
        .where(ListEntry.media_id.in_(_IDS))
        .group_by(ListEntry.media_id, ListEntry.status)
    )
    return stmt


@cache
def _ranks_statement() -> Any:
    """The prebuilt statement of :func:`ranks`."""
    better_score = (
        sa.select(sa.func.count())
        .where(other.type == Media.type, other.average_score > Media.average_score)
        .scalar_subquery()
    )
    more_popular = (
        sa.select(sa.func.count())
        .where(other.type == Media.type, other.popularity > Media.popularity)
        .scalar_subquery()
    )
    stmt = sa.select(Media.id, Media.average_score, better_score, more_popular).where(
        Media.id.in_(_IDS)
    )
    return stmt


@cache
def _entries_statement() -> Any:
    """The prebuilt statement of :func:`entries`: the columns a list status shows, no ORM."""
    table = ListEntry.__table__.c
    columns = [table[key] for key in ("media_id", *ENTRY_COLUMNS, "tags", "notes")]
    stmt = sa.select(*columns).where(
        table.user_id == sa.bindparam("user_id"), table.media_id.in_(_IDS)
    )
    return stmt


def statements() -> list[Any]:
    """Every prebuilt statement here (what a detail answer reads)."""
    return [
        _genres_statement(),
        _studios_statement(),
        _authors_statement(),
        _magazines_statement(),
        _relations_statement(),
        _recommendations_statement(),
        _status_counts_statement(),
        _ranks_statement(),
        _entries_statement(),
    ]


async def genres(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[str]]:
    """Genre names per media, in their stored order."""
    stmt = _genres_statement()
    out: dict[int, list[str]] = defaultdict(list)
    for media_id, genre in await session.execute(stmt, {"ids": list(ids)}):
        out[media_id].append(genre)
    return out


async def studios(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Animation studios per media (main studios first), as MAL's ``{id, name}``."""
    stmt = _studios_statement()
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for media_id, studio_id, name in await session.execute(stmt, {"ids": list(ids)}):
        if len(out[media_id]) < MAX_PEOPLE:
            out[media_id].append({"id": studio_id, "name": name})
    return out


async def authors(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[tuple[Staff, str]]]:
    """Story/art staff per media with their role, in credit order."""
    stmt = _authors_statement()
    out: dict[int, list[tuple[Staff, str]]] = defaultdict(list)
    for media_id, staff, role in await session.execute(stmt, {"ids": list(ids)}):
        if len(out[media_id]) < MAX_PEOPLE:
            out[media_id].append((staff, role))
    return out


async def magazines(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Serialising magazines per media, as MAL's ``{node: {id, name}, role}``."""
    stmt = _magazines_statement()
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for media_id, magazine_id, name, role in await session.execute(stmt, {"ids": list(ids)}):
        if len(out[media_id]) < MAX_PEOPLE:
            out[media_id].append({"node": {"id": magazine_id, "name": name}, "role": role or ""})
    return out


async def _with_other(
    session: AsyncSession, stmt: Any, ids: Sequence[int]
) -> dict[int, list[tuple[Record, Any]]]:
    """Rows of (media id, a value, the other media's base columns): per media, up to
    MAX_RELATED (other media as a read-only record, value)."""
    out: dict[int, list[tuple[Record, Any]]] = defaultdict(list)
    keys = list(BASE_COLUMNS)
    for row in await (await session.connection()).execute(stmt, {"ids": list(ids)}):
        if len(out[row[0]]) < MAX_RELATED:
            out[row[0]].append((to_record(keys, row[2:]), row[1]))
    return out


async def relations(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, list[tuple[Record, MediaRelation]]]:
    """Related media per media with the relation type."""
    return await _with_other(session, _relations_statement(), ids)


async def recommendations(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, list[tuple[Record, int]]]:
    """Recommended media per media with their positive vote sum, best first."""
    return await _with_other(session, _recommendations_statement(), ids)


async def status_counts(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, dict[MediaListStatus, int]]:
    """How many list entries each media has per status (private entries count, as on MAL)."""
    stmt = _status_counts_statement()
    out: dict[int, dict[MediaListStatus, int]] = defaultdict(dict)
    for media_id, status, count in await session.execute(stmt, {"ids": list(ids)}):
        out[media_id][MediaListStatus(status)] = count
    return out


async def ranks(session: AsyncSession, ids: Sequence[int]) -> dict[int, tuple[int | None, int]]:
    """Score rank (None when unscored) and popularity rank of each media within its type."""
    stmt = _ranks_statement()
    out: dict[int, tuple[int | None, int]] = {}
    for media_id, score, above, popular in await session.execute(stmt, {"ids": list(ids)}):
        out[media_id] = (None if score is None else above + 1, popular + 1)
    return out


async def entries(session: AsyncSession, user_id: int, ids: Sequence[int]) -> dict[int, Record]:
    """The user's list entries for these media (read-only records for ``render_list_status``)."""
    connection = await session.connection()
    result = await connection.execute(_entries_statement(), {"ids": list(ids), "user_id": user_id})
    keys = list(result.keys())
    return {record.media_id: record for record in (to_record(keys, row) for row in result)}
