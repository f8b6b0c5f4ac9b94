"""Accounts: users with their site/list options, and per-media-type list options.

Where options live: everything AniList keeps once per user (``UserOptions`` plus
``MediaListOptions.scoreFormat``/``rowOrder``, which v1 also has once per user as
``score_type``/``list_order``) is a column on ``users``, so a profile or a score
conversion needs no join. What AniList keeps per media type
(``MediaListOptions.animeList``/``mangaList``) lives in ``media_list_options``,
one row per (user, ANIME|MANGA), created lazily: a missing row means defaults.
User statistics are derived from ``list_entries``; their totals are kept in
``user_list_totals`` (``lists/totals.py``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from kagami.accounts.enums import UserStaffNameLanguage, UserTitleLanguage
from kagami.catalogue.enums import MediaType
from kagami.db.base import Base, enum_column, now_epoch
from kagami.lists.enums import ScoreFormat

DEFAULT_ACTIVITY_MERGE_TIME = 720  # minutes; 0 = never merge, > 20160 = always


def normalize_name(name: str) -> str:
    """The case-insensitive key a user name is unique on and looked up by."""
    return name.strip().casefold()


def normalize_email(email: str) -> str:
    """The lower-cased form every email is stored and looked up in."""
    return email.strip().lower()


class User(Base):
    """One account, shared by every dialect, with its AniList ``UserOptions`` inlined."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(sa.String(64))
    # Set by the ``name`` validator; lookups compare against normalize_name(input).
    name_lower: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))  # argon2; None = no login
    is_active: Mapped[bool] = mapped_column(default=True)  # False = disabled by an admin

    # Profile.
    about: Mapped[str | None] = mapped_column(sa.Text)
    avatar_large: Mapped[str | None] = mapped_column(sa.String(512))
    avatar_medium: Mapped[str | None] = mapped_column(sa.String(512))
    banner_image: Mapped[str | None] = mapped_column(sa.String(512))
    donator_tier: Mapped[int] = mapped_column(default=0)
    donator_badge: Mapped[str | None] = mapped_column(sa.String(64))
    moderator_roles: Mapped[list[str] | None] = mapped_column()  # ModRole values
    # MAL /users/@me extras; birthday is a fuzzy date like every other date.
    gender: Mapped[str | None] = mapped_column(sa.String(32))
    location: Mapped[str | None] = mapped_column(sa.String(128))
    birth_year: Mapped[int | None] = mapped_column()
    birth_month: Mapped[int | None] = mapped_column()
    birth_day: Mapped[int | None] = mapped_column()

    # Counter kept in SQL arithmetic by the notification service.
    unread_notification_count: Mapped[int] = mapped_column(default=0)

    # UserOptions.
    title_language: Mapped[UserTitleLanguage] = mapped_column(
        enum_column(UserTitleLanguage), default=UserTitleLanguage.ROMAJI
    )
    staff_name_language: Mapped[UserStaffNameLanguage] = mapped_column(
        enum_column(UserStaffNameLanguage), default=UserStaffNameLanguage.ROMAJI_WESTERN
    )
    display_adult_content: Mapped[bool] = mapped_column(default=False)
    airing_notifications: Mapped[bool] = mapped_column(default=True)
    profile_color: Mapped[str] = mapped_column(sa.String(32), default="blue")
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    activity_merge_time: Mapped[int] = mapped_column(default=DEFAULT_ACTIVITY_MERGE_TIME)
    restrict_messages_to_following: Mapped[bool] = mapped_column(default=False)
    # {MediaListStatus: disabled}; a missing status means not disabled.
    disabled_list_activity: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # {NotificationType: enabled}; a missing type means the type's default.
    notification_options: Mapped[dict[str, Any]] = mapped_column(default=dict)

    # AniChart's own settings and per-media highlights (free-form Json on the wire).
    anichart_settings: Mapped[dict[str, Any] | None] = mapped_column()
    anichart_highlights: Mapped[dict[str, Any] | None] = mapped_column()

    # MediaListOptions fields that are per user, not per media type.
    score_format: Mapped[ScoreFormat] = mapped_column(
        enum_column(ScoreFormat), default=ScoreFormat.POINT_10_DECIMAL
    )
    row_order: Mapped[str] = mapped_column(sa.String(16), default="score")

    created_at: Mapped[int] = mapped_column(default=now_epoch)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)

    list_options: Mapped[list[MediaListOptions]] = relationship(
        back_populates="user", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    @validates("name")
    def _sync_name_lower(self, _key: str, value: str) -> str:
        """Keep the case-insensitive unique key in step with the display name."""
        self.name_lower = normalize_name(value)
        return value

    @validates("email")
    def _lower_email(self, _key: str, value: str | None) -> str | None:
        """Store emails lower-cased so the unique index is case-insensitive."""
        return None if value is None else normalize_email(value)


class MediaListOptions(Base):
    """A user's anime or manga list options (AniList ``MediaListTypeOptions``)."""

    __tablename__ = "media_list_options"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "media_type"),
        sa.CheckConstraint("media_type IN ('ANIME', 'MANGA')", name="media_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    media_type: Mapped[MediaType] = mapped_column(enum_column(MediaType, length=5))
    custom_lists: Mapped[list[str]] = mapped_column(default=list)
    advanced_scoring: Mapped[list[str]] = mapped_column(default=list)
    advanced_scoring_enabled: Mapped[bool] = mapped_column(default=False)
    split_completed_section_by_format: Mapped[bool] = mapped_column(default=False)
    section_order: Mapped[list[str]] = mapped_column(default=list)
    theme: Mapped[dict[str, Any] | None] = mapped_column()
    created_at: Mapped[int] = mapped_column(default=now_epoch)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)

    user: Mapped[User] = relationship(back_populates="list_options", lazy="raise")


class WebSession(Base):
    """A server-side web session: the cookie carries only a random id, stored here hashed.

    Rotated on login and deleted on logout or password change, so a replayed cookie is
    anonymous (a signed cookie alone could not be invalidated).
    """

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[int] = mapped_column(index=True)
    created_at: Mapped[int] = mapped_column(default=now_epoch)
