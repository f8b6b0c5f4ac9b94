"""Per-media satellite data: tags, external links, streaming episodes, rankings, trends, airing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kagami.catalogue.enums import (
    ExternalLinkMediaType,
    ExternalLinkType,
    MediaFormat,
    MediaRankType,
    MediaSeason,
)
from kagami.db.base import Base, enum_column

if TYPE_CHECKING:
    from kagami.catalogue.models_media import Media

_MEDIA_FK = "media.id"


class MediaTag(Base):
    """A tag describing themes or elements of media (MediaTagCollection entry)."""

    __tablename__ = "media_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(128), unique=True)
    description: Mapped[str | None] = mapped_column(sa.Text)
    category: Mapped[str | None] = mapped_column(sa.String(128), index=True)
    is_general_spoiler: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_adult: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The submitting user; no FK so the catalogue does not depend on the accounts tables.
    user_id: Mapped[int | None]

    links: Mapped[list[MediaTagLink]] = relationship(
        back_populates="tag", lazy="raise", passive_deletes=True
    )


class MediaTagLink(Base):
    """A tag applied to one media, with its relevance rank (0-100) and spoiler flag."""

    __tablename__ = "media_tag_links"

    media_id: Mapped[int] = mapped_column(
        sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        sa.ForeignKey("media_tags.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(default=0, server_default="0")
    is_media_spoiler: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    media: Mapped[Media] = relationship(back_populates="tag_links", lazy="raise")
    tag: Mapped[MediaTag] = relationship(back_populates="links", lazy="raise")

    # tag_in + minimumTagRank: seek by tag, range on rank, yield media ids.
    __table_args__ = (sa.Index("ix_media_tag_links_tag_rank", "tag_id", "rank", "media_id"),)


class ExternalLinkSource(Base):
    """A known external site (ExternalLinkSourceCollection); its id is a link's site_id."""

    __tablename__ = "external_link_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(sa.String(128))
    url: Mapped[str | None] = mapped_column(sa.String(512))
    type: Mapped[ExternalLinkType | None] = mapped_column(enum_column(ExternalLinkType))
    media_type: Mapped[ExternalLinkMediaType | None] = mapped_column(
        enum_column(ExternalLinkMediaType)
    )
    language: Mapped[str | None] = mapped_column(sa.String(32))
    color: Mapped[str | None] = mapped_column(sa.String(16))
    icon: Mapped[str | None] = mapped_column(sa.String(512))
    is_disabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    __table_args__ = (
        sa.Index("ix_external_link_sources_site", "site"),
        sa.Index("ix_external_link_sources_type_media_type", "type", "media_type"),
    )


class MediaExternalLink(Base):
    """A link from a media to an external site (streaming, info, social)."""

    __tablename__ = "media_external_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"))
    site_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("external_link_sources.id", ondelete="SET NULL")
    )
    url: Mapped[str | None] = mapped_column(sa.String(1024))
    # Site details are copied from the source, as AniList serves them on each link.
    site: Mapped[str] = mapped_column(sa.String(128))
    type: Mapped[ExternalLinkType | None] = mapped_column(enum_column(ExternalLinkType))
    language: Mapped[str | None] = mapped_column(sa.String(32))
    color: Mapped[str | None] = mapped_column(sa.String(16))
    icon: Mapped[str | None] = mapped_column(sa.String(512))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    is_disabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    media: Mapped[Media] = relationship(back_populates="external_links", lazy="raise")
    source: Mapped[ExternalLinkSource | None] = relationship(lazy="raise")

    __table_args__ = (
        sa.Index("ix_media_external_links_media_id", "media_id"),
        # licensedBy / licensedById filters.
        sa.Index("ix_media_external_links_site_media", "site", "media_id"),
        sa.Index("ix_media_external_links_site_id_media", "site_id", "media_id"),
    )


class MediaStreamingEpisode(Base):
    """An episode available on a streaming site (Media.streamingEpisodes)."""

    __tablename__ = "media_streaming_episodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"))
    title: Mapped[str | None] = mapped_column(sa.String(512))
    thumbnail: Mapped[str | None] = mapped_column(sa.String(1024))
    url: Mapped[str | None] = mapped_column(sa.String(1024))
    site: Mapped[str | None] = mapped_column(sa.String(128))
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    media: Mapped[Media] = relationship(back_populates="streaming_episodes", lazy="raise")

    __table_args__ = (sa.Index("ix_media_streaming_episodes_media_pos", "media_id", "position"),)


class MediaRank(Base):
    """A media's place in a ranking, e.g. "#3 Highest rated TV 2016"."""

    __tablename__ = "media_rankings"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"))
    rank: Mapped[int]
    type: Mapped[MediaRankType] = mapped_column(enum_column(MediaRankType))
    format: Mapped[MediaFormat] = mapped_column(enum_column(MediaFormat))
    year: Mapped[int | None]
    season: Mapped[MediaSeason | None] = mapped_column(enum_column(MediaSeason))
    all_time: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    context: Mapped[str] = mapped_column(sa.String(128))

    media: Mapped[Media] = relationship(back_populates="rankings", lazy="raise")

    __table_args__ = (sa.Index("ix_media_rankings_media_id", "media_id"),)


class MediaTrend(Base):
    """One day of a media's trending, score and popularity history."""

    __tablename__ = "media_trends"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"))
    date: Mapped[int]  # epoch seconds of the day's start (UTC)
    trending: Mapped[int] = mapped_column(default=0, server_default="0")
    average_score: Mapped[int | None]
    popularity: Mapped[int | None]
    in_progress: Mapped[int | None]
    releasing: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    episode: Mapped[int | None]

    media: Mapped[Media] = relationship(back_populates="trends", lazy="raise")

    __table_args__ = (
        sa.UniqueConstraint("media_id", "date"),
        sa.Index("ix_media_trends_date_media", "date", "media_id"),
        sa.Index("ix_media_trends_date_trending", "date", "trending"),
    )


class AiringSchedule(Base):
    """When an episode of an anime airs (or aired), as epoch seconds."""

    __tablename__ = "airing_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"))
    airing_at: Mapped[int]
    episode: Mapped[int]

    media: Mapped[Media] = relationship(back_populates="airing_schedules", lazy="raise")

    __table_args__ = (
        sa.UniqueConstraint("media_id", "episode"),
        # nextAiringEpisode / notYetAired per media, and the global TIME-sorted schedule.
        sa.Index("ix_airing_schedules_media_airing_at", "media_id", "airing_at"),
        sa.Index("ix_airing_schedules_airing_at_media", "airing_at", "media_id"),
    )


class Magazine(Base):
    """A magazine that serialises manga (MAL `serialization`)."""

    __tablename__ = "magazines"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(256), index=True)


class MediaMagazine(Base):
    """A manga's serialisation in a magazine, with MAL's free-text role."""

    __tablename__ = "media_magazines"

    media_id: Mapped[int] = mapped_column(
        sa.ForeignKey(_MEDIA_FK, ondelete="CASCADE"), primary_key=True
    )
    magazine_id: Mapped[int] = mapped_column(
        sa.ForeignKey("magazines.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")

    media: Mapped[Media] = relationship(back_populates="magazine_edges", lazy="raise")
    magazine: Mapped[Magazine] = relationship(lazy="raise")

    __table_args__ = (sa.Index("ix_media_magazines_magazine_media", "magazine_id", "media_id"),)
