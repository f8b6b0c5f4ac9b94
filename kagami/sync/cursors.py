"""Where a resumable import stopped (``import_cursors``): load, save, drop by job name."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.db.base import now_epoch
from kagami.sync.models import ImportCursor

MAX_NAME = 600


def _key(name: str) -> str:
    return name[:MAX_NAME]


async def load(session: AsyncSession, name: str) -> int | None:
    """The last position the job finished, or None when it has no cursor."""
    return await session.scalar(
        sa.select(ImportCursor.position).where(ImportCursor.name == _key(name))
    )


async def save(session: AsyncSession, name: str, position: int) -> None:
    """Record ``position`` as finished (in the caller's transaction, with the batch)."""
    done = await session.execute(
        sa.update(ImportCursor)
        .where(ImportCursor.name == _key(name))
        .values(position=position, updated_at=now_epoch())
    )
    if done.rowcount == 0:  # type: ignore[attr-defined]
        session.add(ImportCursor(name=_key(name), position=position))
        await session.flush()


async def drop(session: AsyncSession, name: str) -> None:
    """Forget the cursor: the job finished."""
    await session.execute(sa.delete(ImportCursor).where(ImportCursor.name == _key(name)))
