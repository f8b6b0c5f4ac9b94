"""Where a resumable import stopped (``import_cursors``): load, save, drop by job name."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
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


async def claim(session: AsyncSession, name: str, now: int, every: int) -> bool:
    """Whether this process may run job ``name`` now: True for exactly one caller per
    ``every`` seconds, however many server processes ask (the cursor holds the last start)."""
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ImportCursor)
    await session.execute(
        insert.values(name=_key(name), position=0, updated_at=now).on_conflict_do_nothing(
            index_elements=["name"]
        )
    )
    done = await session.execute(
        sa.update(ImportCursor)
        .where(ImportCursor.name == _key(name), ImportCursor.position <= now - every)
        .values(position=now, updated_at=now)
    )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]
