"""Locking a user's row for the rest of a write transaction, on SQLite and PostgreSQL alike.

Writes that read a user's state and write it back (list saves, option merges) take this lock
first, so two requests for one user run one after the other instead of losing each other's
changes. On SQLite a no-op UPDATE takes the database write lock before anything is read.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.errors import NotFound

# Prebuilt: building a statement costs more than running it on the save path.
_LOCK_SQLITE = sa.text("UPDATE users SET is_active = is_active WHERE id = :id")
_LOCK_POSTGRESQL = sa.select(User.id).where(User.id == sa.bindparam("id")).with_for_update()


async def lock_user_row(session: AsyncSession, user_id: int) -> None:
    """Lock the user's row until the transaction ends, without loading it."""
    is_sqlite = session.get_bind().dialect.name == "sqlite"
    await session.execute(_LOCK_SQLITE if is_sqlite else _LOCK_POSTGRESQL, {"id": user_id})


async def lock_actor(session: AsyncSession, actor_id: int) -> User:
    """The acting user, locked until the transaction ends (one list write at a time)."""
    if session.get_bind().dialect.name == "sqlite":
        # A write first: the transaction holds SQLite's write lock before it reads.
        await lock_user_row(session, actor_id)
        user = await session.scalar(
            sa.select(User).where(User.id == actor_id).execution_options(populate_existing=True)
        )
    else:
        user = await session.scalar(
            sa.select(User)
            .where(User.id == actor_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    return active_actor(session, user)


def active_actor(session: AsyncSession, user: User | None) -> User:
    """The locked actor, kept loaded for the rest of the request; NotFound when inactive.

    The session's identity map holds objects weakly: without this reference the caller's
    ``session.get(User, ...)`` after the service (the GraphQL score format) reads it again.
    """
    if user is None or not user.is_active:
        raise NotFound("User not found.")
    session.info.setdefault("kagami_locked_actors", {})[user.id] = user
    return user
