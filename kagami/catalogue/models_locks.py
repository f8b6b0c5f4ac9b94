"""Catalogue fields an admin edited by hand: mirrors and importers must leave them alone."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from kagami.db.base import Base, now_epoch


class MediaLockedField(Base):
    """One media column (or child collection such as ``genres``) an admin set by hand."""

    __tablename__ = "media_locked_fields"

    media_id: Mapped[int] = mapped_column(
        sa.ForeignKey("media.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    edited_at: Mapped[int] = mapped_column(default=now_epoch)
