"""What a two-way sync last saw per entry, and where a resumable import stopped."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from kagami.db.base import Base, now_epoch


class SyncState(Base):
    """One media on one user's list as both sides agreed on it after the last sync.

    ``fingerprint`` hashes the synced fields in the remote's own resolution (MAL scores
    0-10), so a value that only rounds differently never looks like a change.
    """

    __tablename__ = "sync_states"
    __table_args__ = (sa.UniqueConstraint("user_id", "remote", "dialect", "media_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    remote: Mapped[str] = mapped_column(sa.String(512))
    dialect: Mapped[str] = mapped_column(sa.String(16))
    media_id: Mapped[int] = mapped_column(sa.ForeignKey("media.id", ondelete="CASCADE"))
    remote_entry_id: Mapped[int | None]  # AniList's MediaList id (deletes need it)
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    synced_at: Mapped[int] = mapped_column(default=now_epoch)


class ImportCursor(Base):
    """How far a resumable import got (the last id it finished), keyed by a job name."""

    __tablename__ = "import_cursors"

    name: Mapped[str] = mapped_column(sa.String(600), primary_key=True)
    position: Mapped[int] = mapped_column(sa.BigInteger)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)
