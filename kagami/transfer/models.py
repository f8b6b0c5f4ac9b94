"""Resumable import cursors: how far an interrupted import of one file got, per user."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from kagami.db.base import Base, now_epoch


class ListImportCursor(Base):
    """Entries of one file (by digest) already imported for a user, committed with each batch.

    A re-run of an interrupted import skips the entries before ``position``; the row is
    deleted when the import finishes, so a later run of the same file starts over (and,
    imports being idempotent, changes nothing that did not change).
    """

    __tablename__ = "list_import_cursors"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    digest: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # sha256 hex
    position: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)
