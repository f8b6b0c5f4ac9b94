"""Key/value facts about the database itself (e.g. which bundled catalogue was imported)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from kagami.db.base import Base, now_epoch


class SystemMeta(Base):
    """One fact about this installation, so restarts can skip work already done."""

    __tablename__ = "kagami_meta"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[int] = mapped_column(default=now_epoch)


async def get_meta(session: AsyncSession, key: str) -> str | None:
    """Read one fact, or None when it was never recorded."""
    return await session.scalar(sa.select(SystemMeta.value).where(SystemMeta.key == key))


async def set_meta(session: AsyncSession, key: str, value: str) -> None:
    """Record one fact, replacing any previous value."""
    row = await session.get(SystemMeta, key)
    if row is None:
        session.add(SystemMeta(key=key, value=value, updated_at=now_epoch()))
    else:
        row.value = value
        row.updated_at = now_epoch()
