"""Upsert importer ``MediaRecord``s into the catalogue, keyed by AniList id.

Only the columns a record describes are written, so statistics (popularity, scores,
favourites) and data other importers added survive a re-run. ``fill_only`` columns keep a
value already present (``COALESCE(existing, new)``), so a secondary source fills gaps
without overwriting a better one. External links are replaced per site, so each source
owns its own sites; tags and studios are only ever added. A MAL id another media already
holds is left alone (``(type, id_mal)`` is unique). Each call is one batch in the caller's
transaction: an interrupted import leaves whole batches, and re-running converges.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Media, MediaExternalLink, MediaGenre
from kagami.db.base import now_epoch
from kagami.importers.records import MediaRecord
from kagami.importers.upsert_labels import link_studios, link_tags
from kagami.lists import totals as list_totals

_SEASON_INT = {"WINTER": 1, "SPRING": 2, "SUMMER": 3, "FALL": 4}


def _media_row(record: MediaRecord, now: int) -> dict[str, Any]:
    season_int = (
        (record.season_year % 100) * 10 + _SEASON_INT[record.season]
        if record.season and record.season_year
        else None
    )
    row: dict[str, Any] = {
        "id": record.anilist_id,
        "id_mal": record.mal_id,
        "type": record.type,
        "format": record.format,
        "status": record.status,
        "title_romaji": record.title_romaji,
        "title_english": record.title_english,
        "title_native": record.title_native,
        "synonyms": list(record.synonyms),
        "start_year": record.start_date.year,
        "start_month": record.start_date.month,
        "start_day": record.start_date.day,
        "end_year": record.end_date.year,
        "end_month": record.end_date.month,
        "end_day": record.end_date.day,
        "season": record.season,
        "season_year": record.season_year,
        "season_int": season_int,
        "country_of_origin": record.country_of_origin,
        "broadcast_day": record.broadcast_day,
        "broadcast_time": record.broadcast_time,
        "updated_at": now,
    }
    # Optional facts only overwrite when the source knows them.
    for column, value in (
        ("episodes", record.episodes),
        ("duration", record.duration),
        ("cover_large", record.cover_image),
    ):
        if value is not None:
            row[column] = value
    return row


def _insert(session: AsyncSession) -> Any:
    """The dialect's INSERT with ON CONFLICT support (same API on SQLite and PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Media)


async def _mal_owners(
    session: AsyncSession, records: Sequence[MediaRecord]
) -> dict[tuple[str, int], int]:
    """(type, MAL id) -> the media id holding it, for the MAL ids the records name."""
    wanted = {r.mal_id for r in records if r.mal_id is not None}
    if not wanted:
        return {}
    rows = await session.execute(
        sa.select(Media.type, Media.id_mal, Media.id).where(Media.id_mal.in_(wanted))
    )
    return {(str(kind), mal): media_id for kind, mal, media_id in rows if mal is not None}


async def upsert_media_records(
    session: AsyncSession, records: Sequence[MediaRecord], *, fill_only: Collection[str] = ()
) -> int:
    """Insert or update ``records`` (media row, genres, tags, studios, links); returns the count.

    ``fill_only`` names media columns that keep their current value when it is not NULL.
    """
    if not records:
        return 0
    now = now_epoch()
    ids = [r.anilist_id for r in records]
    owners = await _mal_owners(session, records)
    by_shape: dict[frozenset[str], list[dict[str, Any]]] = {}
    for record in records:
        row = _media_row(record, now)
        mal = record.mal_id
        if mal is not None and owners.setdefault((record.type, mal), row["id"]) != row["id"]:
            del row["id_mal"]  # held by another media: keep this row's current MAL id
        by_shape.setdefault(frozenset(row), []).append(row)
    lengths_before = await list_totals.lengths(session, ids)
    media = Media.__table__
    for keys, rows in by_shape.items():
        stmt = _insert(session)
        update = {
            k: sa.func.coalesce(media.c[k], stmt.excluded[k])
            if k in fill_only
            else stmt.excluded[k]
            for k in keys
            if k != "id"
        }
        await session.execute(
            stmt.values([{**row, "created_at": now} for row in rows]).on_conflict_do_update(
                index_elements=["id"], set_=update
            )
        )

    links = [
        {
            "media_id": r.anilist_id,
            "url": link.url,
            "site": link.site,
            "type": link.type,
            "language": link.language,
        }
        for r in records
        for link in r.external_links
    ]
    sites = {link["site"] for link in links}
    if sites:
        await session.execute(
            sa.delete(MediaExternalLink).where(
                MediaExternalLink.media_id.in_(ids), MediaExternalLink.site.in_(sites)
            )
        )
        await session.execute(sa.insert(MediaExternalLink), links)

    with_genres = [r for r in records if r.genres]
    if with_genres:
        await session.execute(
            sa.delete(MediaGenre).where(
                MediaGenre.media_id.in_([r.anilist_id for r in with_genres])
            )
        )
        await session.execute(
            sa.insert(MediaGenre),
            [
                {"media_id": r.anilist_id, "genre": genre, "position": i}
                for r in with_genres
                for i, genre in enumerate(dict.fromkeys(r.genres))
            ],
        )
    await link_tags(session, records)
    await link_studios(session, records)
    await list_totals.after_length_changes(session, lengths_before)  # lengths, genres, tags...
    return len(records)
