"""Notification reads for their recipient, the unread-count reset, and their subjects by id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.models import Character, Staff
from kagami.community.models import Thread, ThreadComment
from kagami.db.filters import in_list
from kagami.db.paging import PageResult, paginate
from kagami.social.models import Notification


def _select(user_id: int, types: Sequence[str] | None) -> sa.Select[Any]:
    stmt = sa.select(Notification).where(Notification.user_id == user_id)
    if types is not None:
        stmt = stmt.where(in_list(Notification.type, types))
    return stmt.order_by(Notification.id.desc())


async def find_notifications(
    session: AsyncSession, user_id: int, types: Sequence[str] | None, page: int, per_page: int
) -> PageResult[Notification]:
    """One page of a user's notifications, newest first, optionally of some types only."""
    return await paginate(session, _select(user_id, types), page, per_page)


async def first_notification(
    session: AsyncSession, user_id: int, types: Sequence[str] | None
) -> Notification | None:
    """A user's newest notification (of ``types``), or None."""
    return (await session.execute(_select(user_id, types).limit(1))).scalars().first()


async def reset_unread(session: AsyncSession, user_id: int) -> None:
    """Mark every notification of the user read and zero the unread counter (caller commits)."""
    await session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user_id, Notification.is_read.is_(False))
        .values(is_read=True)
    )
    await session.execute(
        sa.update(User)
        .where(User.id == user_id)
        .values(unread_notification_count=0)
        .execution_options(synchronize_session=False)
    )


async def threads_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Thread]:
    """Threads a notification points at, keyed by id (deleted ones left out)."""
    stmt = sa.select(Thread).where(Thread.id.in_(list(ids)), Thread.deleted_at.is_(None))
    return {t.id: t for t in (await session.execute(stmt)).scalars()}


async def comments_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, ThreadComment]:
    """Thread comments a notification points at, keyed by id."""
    stmt = sa.select(ThreadComment).where(ThreadComment.id.in_(list(ids)))
    return {c.id: c for c in (await session.execute(stmt)).scalars()}


async def characters_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Character]:
    """Characters a submission notification points at, keyed by id."""
    stmt = sa.select(Character).where(Character.id.in_(list(ids)))
    return {c.id: c for c in (await session.execute(stmt)).scalars()}


async def staff_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Staff]:
    """Staff a submission notification points at, keyed by id."""
    stmt = sa.select(Staff).where(Staff.id.in_(list(ids)))
    return {s.id: s for s in (await session.execute(stmt)).scalars()}
