"""Characters, staff and studios, and the edges joining them to media."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kagami.catalogue.enums import CharacterRole, StaffLanguage
from kagami.db.base import Base, enum_column, now_epoch

if TYPE_CHECKING:
    from kagami.catalogue.models_media import Media

_MEDIA_FK = "media.id"


class Character(Base):
    """A fictional character appearing in one or more media."""

    __tablename__ = "characters"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_first: Mapped[str | None] = mapped_column(sa.String(256))
    name_middle: Mapped[str | None] = mapped_column(sa.String(256))
    name_last: Mapped[str | None] = mapped_column(sa.String(256))
    name_full: Mapped[str | None] = mapped_column(sa.String(512))
    name_native: Mapped[str | None] = mapped_column(sa.String(512))
    name_alternative: Mapped[list[str]] = mapped_column(default=list)
    name_alternative_spoiler: Mapped[list[str]] = mapped_column(default=list)
    image_large: Mapped[str | None] = mapped_column(sa.String(512))
    image_medium: Mapped[str | None] = mapped_column(sa.String(512))
    description: Mapped[str | None] = mapped_column(sa.Text)
    gender: Mapped[str | None] = mapped_column(sa.String(64))
    age: Mapped[str | None] = mapped_column(sa.String(64))  # free text in AniList ("17-18")
    birth_year: Mapped[int | None]
    birth_month: Mapped[int | None]
    birth_day: Mapped[int | None]
    blood_type: Mapped[str | None] = mapped_column(sa.String(16))
    favourites: Mapped[int] = mapped_column(default=0, server_default="0")
    is_favourite_blocked: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    mod_notes: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)

    media_edges: Mapped[list[MediaCharacter]] = relationship(
        back_populates="character", lazy="raise", passive_deletes=True
    )

    __table_args__ = (
        sa.Index("ix_characters_favourites", "favourites"),
        sa.Index("ix_characters_name_full", "name_full"),
        sa.Index("ix_characters_birthday", "birth_month", "birth_day"),  # isBirthday
    )


class Staff(Base):
    """A real person credited on media: voice actor, director, author..."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_first: Mapped[str | None] = mapped_column(sa.String(256))
    name_middle: Mapped[str | None] = mapped_column(sa.String(256))
    name_last: Mapped[str | None] = mapped_column(sa.String(256))
    name_full: Mapped[str | None] = mapped_column(sa.String(512))
    name_native: Mapped[str | None] = mapped_column(sa.String(512))
    name_alternative: Mapped[list[str]] = mapped_column(default=list)
    # languageV2 is free text ("Japanese"); the deprecated enum is kept for old clients.
    language_v2: Mapped[str | None] = mapped_column(sa.String(32))
    language: Mapped[StaffLanguage | None] = mapped_column(enum_column(StaffLanguage))
    image_large: Mapped[str | None] = mapped_column(sa.String(512))
    image_medium: Mapped[str | None] = mapped_column(sa.String(512))
    description: Mapped[str | None] = mapped_column(sa.Text)
    primary_occupations: Mapped[list[str]] = mapped_column(default=list)
    gender: Mapped[str | None] = mapped_column(sa.String(64))
    birth_year: Mapped[int | None]
    birth_month: Mapped[int | None]
    birth_day: Mapped[int | None]
    death_year: Mapped[int | None]
    death_month: Mapped[int | None]
    death_day: Mapped[int | None]
    age: Mapped[int | None]
    years_active: Mapped[list[int]] = mapped_column(default=list)
    home_town: Mapped[str | None] = mapped_column(sa.String(256))
    blood_type: Mapped[str | None] = mapped_column(sa.String(16))
    website: Mapped[str | None] = mapped_column(sa.String(512))  # v1 staff model
    favourites: Mapped[int] = mapped_column(default=0, server_default="0")
    is_favourite_blocked: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    mod_notes: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)

    media_edges: Mapped[list[MediaStaff]] = relationship(
        back_populates="staff", lazy="raise", passive_deletes=True
    )
    voice_roles: Mapped[list[MediaCharacterVoiceActor]] = relationship(
        back_populates="staff", lazy="raise", passive_deletes=True
    )

    __table_args__ = (
        sa.Index("ix_staff_favourites", "favourites"),
        sa.Index("ix_staff_name_full", "name_full"),
        sa.Index("ix_staff_language_v2", "language_v2"),
        sa.Index("ix_staff_birthday", "birth_month", "birth_day"),
    )


class Studio(Base):
    """An animation studio or other company credited on anime."""

    __tablename__ = "studios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(256))
    is_animation_studio: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    wiki_url: Mapped[str | None] = mapped_column(sa.String(512))  # v1 `studio_wiki`
    favourites: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)

    media_edges: Mapped[list[MediaStudio]] = relationship(
        back_populates="studio", lazy="raise", passive_deletes=True
    )

    __table_args__ = (
        sa.Index("ix_studios_name", "name"),
        sa.Index("ix_studios_favourites", "favourites"),
    )


class MediaStudio(Base):
    """A studio's credit on a media; is_main separates main studios from producers."""

    __tablename__ = "media_studios"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"))
    studio_id: Mapped[int] = mapped_column(sa.ForeignKey("studios.id", ondelete="CASCADE"))
    is_main: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    media: Mapped[Media] = relationship(back_populates="studio_edges", lazy="raise")
    studio: Mapped[Studio] = relationship(back_populates="media_edges", lazy="raise")

    __table_args__ = (
        sa.UniqueConstraint("media_id", "studio_id"),
        sa.Index("ix_media_studios_studio_media", "studio_id", "media_id"),
    )


class MediaCharacter(Base):
    """A character's appearance in a media (CharacterEdge): role and optional name override."""

    __tablename__ = "media_characters"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"))
    character_id: Mapped[int] = mapped_column(sa.ForeignKey("characters.id", ondelete="CASCADE"))
    role: Mapped[CharacterRole | None] = mapped_column(enum_column(CharacterRole))
    name: Mapped[str | None] = mapped_column(sa.String(512))
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    media: Mapped[Media] = relationship(back_populates="character_edges", lazy="raise")
    character: Mapped[Character] = relationship(back_populates="media_edges", lazy="raise")
    voice_actors: Mapped[list[MediaCharacterVoiceActor]] = relationship(
        back_populates="media_character",
        order_by="MediaCharacterVoiceActor.position",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        sa.UniqueConstraint("media_id", "character_id"),
        sa.Index("ix_media_characters_media_role_pos", "media_id", "role", "position"),
        sa.Index("ix_media_characters_character_media", "character_id", "media_id"),
    )


class MediaCharacterVoiceActor(Base):
    """A voice actor for a character in a media, in one language (StaffRoleType)."""

    __tablename__ = "media_character_voice_actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_character_id: Mapped[int] = mapped_column(
        # The conventional name would exceed PostgreSQL's 63-character identifier limit.
        sa.ForeignKey(
            "media_characters.id",
            ondelete="CASCADE",
            name="fk_media_character_voice_actors_media_characters",
        )
    )
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(sa.String(32))  # languageV2 spelling: "Japanese"
    role_notes: Mapped[str | None] = mapped_column(sa.String(256))
    dub_group: Mapped[str | None] = mapped_column(sa.String(256))
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    media_character: Mapped[MediaCharacter] = relationship(
        back_populates="voice_actors", lazy="raise"
    )
    staff: Mapped[Staff] = relationship(back_populates="voice_roles", lazy="raise")

    __table_args__ = (
        sa.UniqueConstraint("media_character_id", "staff_id"),
        sa.Index("ix_media_character_voice_actors_mc_language", "media_character_id", "language"),
        sa.Index("ix_media_character_voice_actors_staff_id", "staff_id"),
    )


class MediaStaff(Base):
    """A staff member's credit on a media (StaffEdge), e.g. "Director" or "Original Story"."""

    __tablename__ = "media_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"))
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(sa.String(256), default="", server_default="")
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    media: Mapped[Media] = relationship(back_populates="staff_edges", lazy="raise")
    staff: Mapped[Staff] = relationship(back_populates="media_edges", lazy="raise")

    __table_args__ = (
        sa.UniqueConstraint("media_id", "staff_id", "role"),
        sa.Index("ix_media_staff_media_pos", "media_id", "position"),
        sa.Index("ix_media_staff_staff_media", "staff_id", "media_id"),
    )
