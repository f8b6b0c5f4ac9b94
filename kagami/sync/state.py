"""Read and write what the last sync saw (``sync_states``), one row per synced media."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.db.base import now_epoch
from kagami.sync.models import SyncState


async def load(
    session: AsyncSession, user_id: int, remote: str, dialect: str
) -> dict[int, tuple[str, int | None]]:
    """media id -> (fingerprint, remote entry id) from the last sync with this remote."""
    rows = await session.execute(
        sa.select(SyncState.media_id, SyncState.fingerprint, SyncState.remote_entry_id).where(
            SyncState.user_id == user_id, SyncState.remote == remote, SyncState.dialect == dialect
        )
    )
    return {media_id: (fp, entry_id) for media_id, fp, entry_id in rows}


def _where(user_id: int, remote: str, dialect: str, media_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        SyncState.user_id == user_id,
        SyncState.remote == remote,
        SyncState.dialect == dialect,
        SyncState.media_id == media_id,
    )


async def put(
    session: AsyncSession,
    user_id: int,
    remote: str,
    dialect: str,
    media_id: int,
    fingerprint: str,
    remote_entry_id: int | None,
) -> None:
    """Record that both sides now hold the values ``fingerprint`` names."""
    values = {
        "fingerprint": fingerprint,
        "remote_entry_id": remote_entry_id,
        "synced_at": now_epoch(),
    }
    done = await session.execute(
        sa.update(SyncState).where(_where(user_id, remote, dialect, media_id)).values(**values)
    )
    if done.rowcount == 0:  # type: ignore[attr-defined]
        session.add(
            SyncState(user_id=user_id, remote=remote, dialect=dialect, media_id=media_id, **values)
        )
        await session.flush()


async def drop(
    session: AsyncSession, user_id: int, remote: str, dialect: str, media_id: int
) -> None:
    """Forget a media the sync no longer sees on either side."""
    await session.execute(sa.delete(SyncState).where(_where(user_id, remote, dialect, media_id)))
