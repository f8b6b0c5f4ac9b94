"""Lists: one entry per (user, media) (AniList ``MediaList``) and its custom-list memberships.

Custom lists are rows in ``list_entry_custom_lists`` (one per list an entry is on)
rather than a JSON map, so "every entry on custom list X" and per-list grouping are
indexed queries. AniList's ``customLists`` map (including the ``false`` names) is
built from the user's ``media_list_options.custom_lists`` plus these rows.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.db.base import Base, enum_column, now_epoch
from kagami.lists.enums import MediaListStatus


class ListEntry(Base):
    """A user's entry for one media: status, score (POINT_100), progress, dates, notes."""

    __tablename__ = "list_entries"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "media_id"),
        sa.CheckConstraint("media_type IN ('ANIME', 'MANGA')", name="media_type"),
        sa.CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        sa.CheckConstraint("rewatch_value >= 0 AND rewatch_value <= 5", name="rewatch_value"),
        # A user's list, filtered/sorted, with and without the media type.
        sa.Index(None, "user_id", "status"),
        sa.Index(None, "user_id", "updated_at"),
        sa.Index(None, "user_id", "score"),
        sa.Index(None, "user_id", "media_type", "status"),
        sa.Index(None, "user_id", "media_type", "updated_at"),
        sa.Index(None, "user_id", "media_type", "score"),
        # Per-media statistics (status and score distributions, followed users' entries).
        sa.Index(None, "media_id", "status"),
        sa.Index(None, "media_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    media_id: Mapped[int] = mapped_column(sa.ForeignKey("media.id", ondelete="CASCADE"))
    # Copied from the media on insert so a user's anime/manga list needs no join.
    media_type: Mapped[MediaType] = mapped_column(enum_column(MediaType, length=5))
    status: Mapped[MediaListStatus] = mapped_column(
        enum_column(MediaListStatus), default=MediaListStatus.CURRENT
    )
    score: Mapped[int] = mapped_column(default=0)  # POINT_100; 0 = unscored
    progress: Mapped[int] = mapped_column(default=0)
    progress_volumes: Mapped[int] = mapped_column(default=0)
    repeat: Mapped[int] = mapped_column(default=0)  # MAL num_times_rewatched/reread
    priority: Mapped[int] = mapped_column(default=0)
    private: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(sa.Text)  # MAL comments
    hidden_from_status_lists: Mapped[bool] = mapped_column(default=False)
    advanced_scores: Mapped[dict[str, Any]] = mapped_column(default=dict)  # section -> float
    started_year: Mapped[int | None] = mapped_column()
    started_month: Mapped[int | None] = mapped_column()
    started_day: Mapped[int | None] = mapped_column()
    completed_year: Mapped[int | None] = mapped_column()
    completed_month: Mapped[int | None] = mapped_column()
    completed_day: Mapped[int | None] = mapped_column()
    # MAL-only list fields AniList lacks.
    rewatch_value: Mapped[int] = mapped_column(default=0)  # 0-5, MAL rewatch/reread_value
    tags: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[int] = mapped_column(default=now_epoch)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)

    user: Mapped[User] = relationship(lazy="raise")
    custom_list_rows: Mapped[list[ListEntryCustomList]] = relationship(
        back_populates="entry", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    @classmethod
    def blank(cls, user_id: int, media_id: int, media_type: MediaType) -> ListEntry:
        """A new entry with every counted value set in Python (column defaults only apply at
        INSERT, and writers read the old values for their deltas before the flush)."""
        return cls(
            user_id=user_id,
            media_id=media_id,
            media_type=media_type,
            score=0,
            progress=0,
            progress_volumes=0,
            repeat=0,
            priority=0,
            private=False,
            hidden_from_status_lists=False,
            advanced_scores={},
            rewatch_value=0,
            tags=[],
        )


class ListEntryCustomList(Base):
    """Membership of one list entry in one of its owner's named custom lists."""

    __tablename__ = "list_entry_custom_lists"
    __table_args__ = (
        # Everything on one custom list of a user, grouped by list name.
        sa.Index(None, "user_id", "list_name"),
    )

    entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("list_entries.id", ondelete="CASCADE"), primary_key=True
    )
    list_name: Mapped[str] = mapped_column(sa.String(128), primary_key=True)
    # Denormalised from the entry so per-user list queries skip list_entries.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))

    entry: Mapped[ListEntry] = relationship(back_populates="custom_list_rows", lazy="raise")


class UserListTotals(Base):
    """A user's consumption totals over their non-PLANNING entries of one media type.

    One row per (user, media type, private), kept in step by the list services with SQL
    arithmetic in the writing transaction (``lists/totals.py``), so ``User.statistics``
    headers and the WATCHED_TIME / CHAPTERS_READ user sorts read a row instead of
    aggregating a whole list. Public and private entries are kept apart: others see only
    the public row, the owner the sum of both. Mean and deviation come from the sums.
    """

    __tablename__ = "user_list_totals"
    __table_args__ = (
        # Page.users(sort: WATCHED_TIME_DESC / CHAPTERS_READ_DESC) over the public rows.
        sa.Index("ix_user_list_totals_minutes", "media_type", "private", "minutes_watched"),
        sa.Index("ix_user_list_totals_chapters", "media_type", "private", "chapters_read"),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    media_type: Mapped[MediaType] = mapped_column(
        enum_column(MediaType, length=5), primary_key=True
    )
    private: Mapped[bool] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    scored_count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    score_sum: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # POINT_100
    score_squares: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # for the deviation
    minutes_watched: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    episodes_watched: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    chapters_read: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    volumes_read: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class UserStatBreakdown(Base):
    """One bucket of a user's ``User.statistics`` breakdowns (genre "Action", staff 95...).

    One row per (user, media type, private, dimension, key), kept in step with the list
    entries by SQL arithmetic in the writing transaction (``lists/stat_breakdowns.py``),
    so a breakdown is one indexed range read however long the list is. ``key`` is text
    (ids and years as decimal); ``lists/statistics.py`` defines what each dimension
    counts. Rows whose count fell to 0 stay until the next rebuild and are not buckets.
    """

    __tablename__ = "user_stat_breakdowns"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    media_type: Mapped[MediaType] = mapped_column(
        enum_column(MediaType, length=5), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    private: Mapped[bool] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    scored_count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    score_sum: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # POINT_100
    minutes_watched: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    chapters_read: Mapped[int] = mapped_column(sa.BigInteger, default=0)
