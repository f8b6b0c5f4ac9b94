"""Catalogue read services shared by every dialect."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media


async def catalogue_size(session: AsyncSession) -> dict[str, int]:
    """Count media in the catalogue, in total and per type (one statement)."""
    rows = (
        await session.execute(sa.select(Media.type, sa.func.count()).group_by(Media.type))
    ).all()
    per_type = {
        str(media_type.value if hasattr(media_type, "value") else media_type): n
        for media_type, n in rows
    }
    return {
        "media": sum(per_type.values()),
        "anime": per_type.get(MediaType.ANIME.value, 0),
        "manga": per_type.get(MediaType.MANGA.value, 0),
    }
