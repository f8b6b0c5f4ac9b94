"""One row per moderator action on someone else's thing, or per moderator-only flag set."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from kagami.db.base import Base, now_epoch


class ModerationAction(Base):
    """Who used moderator rights, for what, on which object, and when.

    ``actor_id`` has no foreign key on purpose: the trail outlives a deleted account.
    """

    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    actor_id: Mapped[int] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(sa.String(64))  # e.g. "thread.delete", "activity.lock"
    target_type: Mapped[str] = mapped_column(sa.String(32))
    target_id: Mapped[int | None]  # None for a thing created with a moderator-only flag
    created_at: Mapped[int] = mapped_column(default=now_epoch)
