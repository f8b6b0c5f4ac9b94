"""Batched reads of per-media satellite rows: streaming episodes, rankings, trends."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import MediaRank, MediaStreamingEpisode, MediaTrend


async def _grouped(session: AsyncSession, stmt: sa.Select[Any]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for row in (await session.execute(stmt)).scalars():
        out[row.media_id].append(row)
    return out


async def streaming_episodes(
    session: AsyncSession, media_ids: Sequence[int]
) -> dict[int, list[MediaStreamingEpisode]]:
    """Streaming episodes per media, in episode order."""
    stmt = sa.select(MediaStreamingEpisode).where(
        MediaStreamingEpisode.media_id.in_(list(media_ids))
    )
    return await _grouped(session, stmt.order_by(MediaStreamingEpisode.position))


async def rankings(session: AsyncSession, media_ids: Sequence[int]) -> dict[int, list[MediaRank]]:
    """Rankings per media, best rank first."""
    stmt = sa.select(MediaRank).where(MediaRank.media_id.in_(list(media_ids)))
    return await _grouped(session, stmt.order_by(MediaRank.rank, MediaRank.id))


async def trends(session: AsyncSession, media_ids: Sequence[int]) -> dict[int, list[MediaTrend]]:
    """Daily trend rows per media, newest first."""
    stmt = sa.select(MediaTrend).where(MediaTrend.media_id.in_(list(media_ids)))
    return await _grouped(session, stmt.order_by(MediaTrend.date.desc()))
