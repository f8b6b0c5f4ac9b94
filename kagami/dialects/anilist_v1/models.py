"""v1 model builders shared by every section: small user and small series models.

Field names come from ``mapping``'s tables; a test pins that each builder emits them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media, MediaGenre
from kagami.dialects.anilist_v1 import mapping


def small_user(user: User) -> dict[str, Any]:
    """The seed's "Small User Model"."""
    return {
        "id": user.id,
        "display_name": user.name,
        "image_url_lge": user.avatar_large,
        "image_url_med": user.avatar_medium,
    }


def small_series(media: Media, genres: Sequence[str]) -> dict[str, Any]:
    """The series model's "In small model" fields (anime or manga extras included)."""
    romaji = media.title_romaji or ""
    body: dict[str, Any] = {
        "id": media.id,
        "series_type": mapping.SERIES_TYPE_NAMES[media.type],
        "title_romaji": romaji,
        "title_english": media.title_english or romaji,
        "title_japanese": media.title_native or romaji,
        "type": mapping.media_type_name(media.format, media.country_of_origin),
        "start_date_fuzzy": media.start_date_int,
        "end_date_fuzzy": media.end_date_int,
        "synonyms": list(media.synonyms or []),
        "genres": list(genres),
        "adult": media.is_adult,
        "average_score": float(media.average_score or 0),
        "popularity": media.popularity,
        "image_url_sml": media.cover_medium if media.type is MediaType.ANIME else None,
        "image_url_med": media.cover_medium,
        "image_url_lge": media.cover_large,
        "updated_at": media.updated_at,
    }
    status = mapping.release_status(media.type, media.status)
    if media.type is MediaType.ANIME:
        body["total_episodes"] = media.episodes or 0
        body["airing_status"] = status
    else:
        body["total_chapters"] = media.chapters or 0
        body["publishing_status"] = status
    return body


async def genres_of(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[str]]:
    """Each media's genres in their stored order, in one statement."""
    found: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return found
    stmt = (
        sa.select(MediaGenre.media_id, MediaGenre.genre)
        .where(MediaGenre.media_id.in_(list(ids)))
        .order_by(MediaGenre.media_id, MediaGenre.position, MediaGenre.genre)
    )
    for media_id, genre in (await session.execute(stmt)).all():
        found[media_id].append(genre)
    return found


async def small_series_by_ids(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """Small series models keyed by id (missing ids left out), in two statements."""
    unique = list(dict.fromkeys(ids))
    if not unique:
        return {}
    rows = (await session.execute(sa.select(Media).where(Media.id.in_(unique)))).scalars().all()
    genres = await genres_of(session, [m.id for m in rows])
    return {m.id: small_series(m, genres[m.id]) for m in rows}


def v1_date(epoch: int | None) -> str | None:
    """A Unix time as the seed's ``"2014-10-20 09:31:57"`` (UTC)."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")
