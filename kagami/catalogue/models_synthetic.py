"""Which media `kagami seed` made up: one row each, for admins (never shown on the wire)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from kagami.db.base import Base


class SyntheticMedia(Base):
    """A media id the synthetic generator invented (they start at 1,000,000)."""

    __tablename__ = "synthetic_media"

    media_id: Mapped[int] = mapped_column(
        sa.ForeignKey("media.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
