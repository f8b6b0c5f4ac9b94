"""Per-media list aggregates kept in step with writes, inside the writing transaction.

``popularity`` (entries on lists) moves with SQL arithmetic on insert and delete, so
concurrent writers never lose an update. The score aggregates (``scored_count``,
``mean_score``, ``average_score``) are refreshed from the media's own scored entries in
one UPDATE per write: a mean cannot be moved by arithmetic without a stored sum, and the
(media_id, score) index keeps that refresh an index range scan. On PostgreSQL the media
rows are locked first, so the refresh's snapshot is taken after any concurrent writer of
the same media committed (READ COMMITTED), and the aggregate stays exact; on SQLite the
writing transaction already holds the database's write lock.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Media
from kagami.lists.models import ListEntry


async def bump_popularity(session: AsyncSession, media_id: int, delta: int) -> None:
    """Add ``delta`` to the media's popularity (entries on anyone's list)."""
    await session.execute(
        sa.update(Media)
        .where(Media.id == media_id)
        .values(popularity=Media.popularity + delta, updated_at=Media.updated_at)
        .execution_options(synchronize_session=False)
    )


async def bump_popularity_of(session: AsyncSession, media_ids: Collection[int]) -> None:
    """Add one to the popularity of each of these media (a batch of new entries), at once."""
    if media_ids:
        await session.execute(
            sa.update(Media)
            .where(Media.id.in_(sorted(media_ids)))
            .values(popularity=Media.popularity + 1, updated_at=Media.updated_at)
            .execution_options(synchronize_session=False)
        )


async def refresh_scores(session: AsyncSession, media_ids: Collection[int]) -> None:
    """Recompute scored_count and mean/average score of these media from their entries."""
    if not media_ids:
        return
    ids = sorted(media_ids)
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            # NO KEY: compatible with the KEY SHARE locks new entries' foreign keys hold.
            sa.select(Media.id)
            .where(Media.id.in_(ids))
            .order_by(Media.id)
            .with_for_update(key_share=True)
        )
    scored = sa.and_(ListEntry.media_id == Media.id, ListEntry.score > 0)
    count = sa.select(sa.func.count()).where(scored).scalar_subquery()
    mean = (
        sa.select(sa.cast(sa.func.round(sa.func.avg(ListEntry.score)), sa.Integer))
        .where(scored)
        .scalar_subquery()
    )
    await session.execute(
        sa.update(Media)
        .where(Media.id.in_(ids))
        .values(
            scored_count=count,
            mean_score=mean,
            average_score=mean,
            updated_at=Media.updated_at,  # list counters are not an edit of the media
        )
        .execution_options(synchronize_session=False)
    )
