"""Media look-ups for every dialect: filters, sorts, title search and paging."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import (
    ExternalLinkSource,
    Media,
    MediaExternalLink,
    MediaGenre,
    MediaTag,
    MediaTagLink,
)
from kagami.catalogue.search import media_search_clause
from kagami.db.filters import distinct_items, in_list, not_in_list, range_conditions
from kagami.db.like import matches_pattern
from kagami.db.paging import PageResult, paginate
from kagami.db.rows import Record, plain_columns, to_record

# Canonical sort keys -> column; each dialect maps its own spellings onto these.
MEDIA_SORT_COLUMNS: dict[str, Any] = {
    "id": Media.id,
    "type": Media.type,
    "format": Media.format,
    "status": Media.status,
    "title_romaji": Media.title_romaji,
    "title_english": Media.title_english,
    "title_native": Media.title_native,
    "start_date": Media.start_date_int,
    "end_date": Media.end_date_int,
    "score": Media.average_score,
    "popularity": Media.popularity,
    "trending": Media.trending,
    "favourites": Media.favourites,
    "episodes": Media.episodes,
    "duration": Media.duration,
    "chapters": Media.chapters,
    "volumes": Media.volumes,
    "updated_at": Media.updated_at,
}


@dataclass
class MediaQuery:
    """Filters over the catalogue; ``None`` or an empty list means "no constraint"."""

    ids: list[int] | None = None
    ids_not: list[int] = field(default_factory=list)
    id_mal: list[int] | None = None
    id_mal_not: list[int] = field(default_factory=list)
    type: str | None = None
    formats: list[str] | None = None
    formats_not: list[str] = field(default_factory=list)
    statuses: list[str] | None = None
    statuses_not: list[str] = field(default_factory=list)
    sources: list[str] | None = None
    countries: list[str] | None = None
    countries_not: list[str] = field(default_factory=list)
    season: str | None = None
    season_year: int | None = None
    is_adult: bool | None = None
    is_licensed: bool | None = None
    genres_all: list[str] = field(default_factory=list)
    genres_not: list[str] = field(default_factory=list)
    tags_all: list[str] = field(default_factory=list)
    tags_not: list[str] = field(default_factory=list)
    tag_categories_all: list[str] = field(default_factory=list)
    tag_categories_not: list[str] = field(default_factory=list)
    minimum_tag_rank: int | None = None
    search: str | None = None
    # FuzzyDateInt LIKE patterns ("2016%"), per date key (start_date / end_date).
    date_like: dict[str, str] = field(default_factory=dict)
    licensed_by: list[str] = field(default_factory=list)
    licensed_by_ids: list[int] = field(default_factory=list)
    # (column key, lower bound exclusive, upper bound exclusive, equal, not equal)
    ranges: dict[str, tuple[Any, Any, Any, Any]] = field(default_factory=dict)
    # (key, descending); "search_match" ranks by title match.
    sort: Sequence[tuple[str, bool]] = ()
    # onList: True = only media on this user's list, False = only media not on it.
    on_list: bool | None = None
    on_list_user_id: int | None = None


def _in(column: Any, values: list[Any] | None) -> list[Any]:
    return [] if values is None else [in_list(column, values)]


def _not_in(column: Any, values: list[Any]) -> list[Any]:
    return [sa.or_(column.is_(None), not_in_list(column, values))] if values else []


# "Has every one of these" lists up to this long test each value with its own EXISTS
# (index look-ups per candidate row); longer ones group the links once instead, as one
# condition per value would outgrow SQLite's expression depth (1,000).
_EXISTS_EACH = 8


def _tag_links(by: Any, names: Sequence[str], minimum_rank: int | None) -> Any:
    """Tag links (media id) whose tag's ``by`` column is among ``names``."""
    conds = [in_list(by, names)]
    if minimum_rank is not None:
        conds.append(MediaTagLink.rank >= minimum_rank)
    return sa.select(MediaTagLink.media_id).join(MediaTag).where(*conds)


def _tag_exists(names: Sequence[str], by: Any, minimum_rank: int | None) -> Any:
    """EXISTS a tag link of this media whose tag's ``by`` column is among ``names``."""
    return sa.exists(_tag_links(by, names, minimum_rank).where(MediaTagLink.media_id == Media.id))


def _has_all(links: Any, link_media: Any, by: Any, count: int) -> Any:
    """Media whose ``links`` (already filtered to the wanted values) cover ``count`` values."""
    grouped = links.group_by(link_media).having(sa.func.count(sa.distinct(by)) == count)
    return Media.id.in_(grouped)


def _genres_all(genres: list[str]) -> list[Any]:
    """Media having every genre of ``genres``."""
    genres = distinct_items(genres)
    if len(genres) > _EXISTS_EACH:
        links = sa.select(MediaGenre.media_id).where(in_list(MediaGenre.genre, genres))
        return [_has_all(links, MediaGenre.media_id, MediaGenre.genre, len(genres))]
    return [
        sa.exists(
            sa.select(MediaGenre.media_id).where(
                MediaGenre.media_id == Media.id, MediaGenre.genre == genre
            )
        )
        for genre in genres
    ]


def _tags_all(names: list[str], by: Any, minimum_rank: int | None) -> list[Any]:
    """Media having a tag for every name (or category) of ``names``."""
    names = distinct_items(names)
    if len(names) > _EXISTS_EACH:
        links = _tag_links(by, names, minimum_rank)
        return [_has_all(links, MediaTagLink.media_id, by, len(names))]
    return [_tag_exists([name], by, minimum_rank) for name in names]


def on_list_condition(user_id: int, on_list: bool) -> Any:
    """Media on (``on_list``) or not on the user's list, private entries included."""
    from kagami.lists.models import ListEntry  # lists depends on catalogue, not the reverse

    entry = sa.select(ListEntry.media_id).where(
        ListEntry.user_id == user_id, ListEntry.media_id == Media.id
    )
    return sa.exists(entry) if on_list else ~sa.exists(entry)


def media_conditions(q: MediaQuery) -> list[Any]:
    """SQL conditions for every filter set on ``q``."""
    conds: list[Any] = [
        *_in(Media.id, q.ids),
        *_not_in(Media.id, q.ids_not),
        *_in(Media.id_mal, q.id_mal),
        *_not_in(Media.id_mal, q.id_mal_not),
        *_in(Media.format, q.formats),
        *_not_in(Media.format, q.formats_not),
        *_in(Media.status, q.statuses),
        *_not_in(Media.status, q.statuses_not),
        *_in(Media.source, q.sources),
        *_in(Media.country_of_origin, q.countries),
        *_not_in(Media.country_of_origin, q.countries_not),
    ]
    for attr, column in (
        ("type", Media.type),
        ("season", Media.season),
        ("season_year", Media.season_year),
        ("is_adult", Media.is_adult),
        ("is_licensed", Media.is_licensed),
    ):
        value = getattr(q, attr)
        if value is not None:
            conds.append(column == value)
    conds.extend(_genres_all(q.genres_all))
    if q.genres_not:
        conds.append(
            ~sa.exists(
                sa.select(MediaGenre.media_id).where(
                    MediaGenre.media_id == Media.id, in_list(MediaGenre.genre, q.genres_not)
                )
            )
        )
    conds.extend(_tags_all(q.tags_all, MediaTag.name, q.minimum_tag_rank))
    if q.tags_not:
        conds.append(~_tag_exists(q.tags_not, MediaTag.name, None))
    conds.extend(_tags_all(q.tag_categories_all, MediaTag.category, q.minimum_tag_rank))
    if q.tag_categories_not:
        conds.append(~_tag_exists(q.tag_categories_not, MediaTag.category, None))
    for key, pattern in q.date_like.items():
        conds.append(matches_pattern(MEDIA_SORT_COLUMNS[key], pattern))
    if q.licensed_by or q.licensed_by_ids:
        link = sa.select(MediaExternalLink.media_id).where(MediaExternalLink.media_id == Media.id)
        conds.append(
            sa.exists(
                link.where(
                    sa.or_(
                        in_list(MediaExternalLink.site, q.licensed_by),
                        in_list(MediaExternalLink.site_id, q.licensed_by_ids),
                    )
                )
            )
        )
    if q.on_list is not None and q.on_list_user_id is not None:
        conds.append(on_list_condition(q.on_list_user_id, q.on_list))
    for key, bounds in q.ranges.items():
        conds.extend(range_conditions(MEDIA_SORT_COLUMNS[key], *bounds))
    return conds


def media_order(q: MediaQuery, match_score: Any = None) -> list[Any]:
    """ORDER BY for ``q``: its sorts (search match first when searching), then id."""
    sort = list(q.sort) or ([("search_match", False)] if q.search else [("id", False)])
    order: list[Any] = []
    for key, desc in sort:
        if key == "search_match":
            if match_score is not None:
                order.extend([match_score.desc(), Media.popularity.desc()])
            continue
        column = MEDIA_SORT_COLUMNS[key]
        order.append(column.desc().nulls_last() if desc else column.asc().nulls_last())
    order.append(Media.id)
    return order


def media_select(q: MediaQuery, dialect_name: str) -> sa.Select[Any]:
    """SELECT of media matching ``q`` in its order; a search joins the trigram index."""
    stmt = sa.select(Media).where(*media_conditions(q))
    match = media_search_clause(dialect_name, q.search) if q.search else None
    if match is not None:
        stmt = stmt.join(match, match.c.id == Media.id)
    return stmt.order_by(*media_order(q, match.c.score if match is not None else None))


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def find_media(
    session: AsyncSession, q: MediaQuery, page: int, per_page: int
) -> PageResult[Media]:
    """One page of media matching ``q`` with the total count (two statements)."""
    return await paginate(session, media_select(q, _dialect(session)), page, per_page)


# MediaQuery attribute -> media column, for look-ups by key (``Media(id:, type:)``).
_KEY_COLUMNS = {"ids": "id", "id_mal": "id_mal", "type": "type"}
# Every other attribute with its "no constraint" default (the viewer's id alone filters nothing).
_UNSET = tuple(
    (f.name, getattr(MediaQuery(), f.name))
    for f in fields(MediaQuery)
    if f.name not in _KEY_COLUMNS and f.name != "on_list_user_id"
)
# Every media column's key: what a key look-up reads when its caller names no columns.
MEDIA_COLUMN_KEYS = frozenset(c.key for c in Media.__table__.columns)


def _key_lookup(q: MediaQuery) -> dict[str, Any] | None:
    """``q``'s values when it only names one id, one MAL id and/or a type; else None."""
    if q.ids == [] or q.id_mal == []:
        return None
    for name, default in _UNSET:
        if getattr(q, name) != default:
            return None
    values: dict[str, Any] = {}
    for attr in ("ids", "id_mal"):
        found = getattr(q, attr)
        if found is not None:
            if len(set(found)) != 1:
                return None
            values[attr] = found[0]
    if q.type is not None:
        values["type"] = q.type
    return values or None


@lru_cache(maxsize=512)
def _key_statement(
    keys: frozenset[str], columns: frozenset[str]
) -> tuple[sa.Select[Any], list[str]]:
    """A prebuilt SELECT of ``columns`` by those keys, and its Record keys.

    Built, cache-keyed and compiled once per process and shape (queries recur).
    """
    table = Media.__table__
    selected, names = plain_columns(table, MEDIA_COLUMN_KEYS - columns)
    conds = [table.c[_KEY_COLUMNS[key]] == sa.bindparam(key) for key in sorted(keys)]
    return sa.select(*selected).where(*conds).order_by(table.c.id).limit(1), names


async def first_media(
    session: AsyncSession, q: MediaQuery, columns: frozenset[str] | None = None
) -> Media | Record | None:
    """The first media matching ``q`` (singular root look-ups), or None.

    The common ``Media(id:)`` / ``Media(idMal:, type:)`` look-ups skip building a statement
    and the ORM: a prebuilt Core SELECT answers a read-only :class:`Record` holding
    ``columns`` (every column when None; the caller promises to read no others).
    """
    values = _key_lookup(q)
    if values is not None:
        stmt, names = _key_statement(frozenset(values), columns or MEDIA_COLUMN_KEYS)
        connection = await session.connection()
        row = (await connection.execute(stmt, values)).first()
        return None if row is None else to_record(names, row)
    stmt = media_select(q, _dialect(session)).limit(1)
    return (await session.execute(stmt)).scalars().first()


async def media_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Media]:
    """Media keyed by id, for loaders resolving references in one statement."""
    rows = (await session.execute(sa.select(Media).where(Media.id.in_(list(ids))))).scalars()
    return {m.id: m for m in rows}


async def genre_collection(session: AsyncSession) -> list[str]:
    """Every genre used in the catalogue, alphabetically."""
    stmt = sa.select(MediaGenre.genre).distinct().order_by(MediaGenre.genre)
    return list((await session.execute(stmt)).scalars())


async def tag_collection(session: AsyncSession) -> list[MediaTag]:
    """Every media tag, by category then name."""
    stmt = sa.select(MediaTag).order_by(MediaTag.category, MediaTag.name)
    return list((await session.execute(stmt)).scalars())


async def external_link_sources(
    session: AsyncSession, source_id: int | None, link_type: str | None, media_type: str | None
) -> list[ExternalLinkSource]:
    """Known external sites (enabled ones), filtered, by site name."""
    stmt = sa.select(ExternalLinkSource).where(ExternalLinkSource.is_disabled.is_(False))
    if source_id is not None:
        stmt = stmt.where(ExternalLinkSource.id == source_id)
    if link_type is not None:
        stmt = stmt.where(ExternalLinkSource.type == link_type)
    if media_type is not None:
        stmt = stmt.where(ExternalLinkSource.media_type == media_type)
    return list((await session.execute(stmt.order_by(ExternalLinkSource.site))).scalars())
