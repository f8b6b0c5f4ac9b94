"""Media (anime and manga), their genres and their relations to each other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kagami.catalogue.enums import (
    MediaFormat,
    MediaRelation,
    MediaSeason,
    MediaSource,
    MediaStatus,
    MediaType,
)
from kagami.db.base import Base, enum_column, now_epoch

if TYPE_CHECKING:
    from kagami.catalogue.models_extras import (
        AiringSchedule,
        MediaExternalLink,
        MediaMagazine,
        MediaRank,
        MediaStreamingEpisode,
        MediaTagLink,
        MediaTrend,
    )
    from kagami.catalogue.models_people import MediaCharacter, MediaStaff, MediaStudio


def _fuzzy_int(prefix: str) -> sa.Computed:
    """FuzzyDateInt (YYYYMMDD, unknown parts as 0) computed from a fuzzy date's columns."""
    return sa.Computed(
        f"CASE WHEN {prefix}_year IS NULL THEN NULL ELSE {prefix}_year * 10000"
        f" + COALESCE({prefix}_month, 0) * 100 + COALESCE({prefix}_day, 0) END",
        persisted=True,
    )


# Owned child rows: never lazy-loaded, deleted with their media (by the FK cascade too).
_CHILD: dict[str, Any] = {"lazy": "raise", "cascade": "all, delete-orphan", "passive_deletes": True}


class Media(Base):
    """An anime or manga: the catalogue's central object, keyed by its real AniList id."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    # MAL numbers anime and manga separately, so an id is only unique within a type.
    id_mal: Mapped[int | None]
    type: Mapped[MediaType] = mapped_column(enum_column(MediaType))
    format: Mapped[MediaFormat | None] = mapped_column(enum_column(MediaFormat))
    status: Mapped[MediaStatus | None] = mapped_column(enum_column(MediaStatus))
    source: Mapped[MediaSource | None] = mapped_column(enum_column(MediaSource))

    title_romaji: Mapped[str | None] = mapped_column(sa.String(512))
    title_english: Mapped[str | None] = mapped_column(sa.String(512))
    title_native: Mapped[str | None] = mapped_column(sa.String(512))
    synonyms: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str | None] = mapped_column(sa.Text)

    start_year: Mapped[int | None]
    start_month: Mapped[int | None]
    start_day: Mapped[int | None]
    end_year: Mapped[int | None]
    end_month: Mapped[int | None]
    end_day: Mapped[int | None]
    # Generated columns so FuzzyDateInt filters and START_DATE/END_DATE sorts can use an index.
    start_date_int: Mapped[int | None] = mapped_column(_fuzzy_int("start"))
    end_date_int: Mapped[int | None] = mapped_column(_fuzzy_int("end"))

    season: Mapped[MediaSeason | None] = mapped_column(enum_column(MediaSeason))
    season_year: Mapped[int | None]
    season_int: Mapped[int | None]

    episodes: Mapped[int | None]
    duration: Mapped[int | None]
    chapters: Mapped[int | None]
    volumes: Mapped[int | None]
    country_of_origin: Mapped[str | None] = mapped_column(sa.String(2))
    is_licensed: Mapped[bool | None]
    hashtag: Mapped[str | None] = mapped_column(sa.String(256))

    trailer_id: Mapped[str | None] = mapped_column(sa.String(128))
    trailer_site: Mapped[str | None] = mapped_column(sa.String(32))
    trailer_thumbnail: Mapped[str | None] = mapped_column(sa.String(512))
    cover_extra_large: Mapped[str | None] = mapped_column(sa.String(512))
    cover_large: Mapped[str | None] = mapped_column(sa.String(512))
    cover_medium: Mapped[str | None] = mapped_column(sa.String(512))
    cover_color: Mapped[str | None] = mapped_column(sa.String(16))
    banner_image: Mapped[str | None] = mapped_column(sa.String(512))

    # Cached aggregates, maintained with SQL arithmetic by the lists/social services.
    average_score: Mapped[int | None]
    mean_score: Mapped[int | None]
    scored_count: Mapped[int] = mapped_column(default=0, server_default="0")
    popularity: Mapped[int] = mapped_column(default=0, server_default="0")
    trending: Mapped[int] = mapped_column(default=0, server_default="0")
    favourites: Mapped[int] = mapped_column(default=0, server_default="0")

    is_adult: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_locked: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_favourite_blocked: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    auto_create_forum_thread: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_recommendation_blocked: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )
    is_review_blocked: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    mod_notes: Mapped[str | None] = mapped_column(sa.Text)

    # MyAnimeList-only details.
    age_rating: Mapped[str | None] = mapped_column(sa.String(8))  # g, pg, pg_13, r, r+, rx
    broadcast_day: Mapped[str | None] = mapped_column(sa.String(10))  # monday..sunday, other
    broadcast_time: Mapped[str | None] = mapped_column(sa.String(5))  # HH:MM in JST
    background: Mapped[str | None] = mapped_column(sa.Text)
    pictures: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    opening_themes: Mapped[list[str]] = mapped_column(default=list)
    ending_themes: Mapped[list[str]] = mapped_column(default=list)

    created_at: Mapped[int] = mapped_column(default=now_epoch)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)

    genres: Mapped[list[MediaGenre]] = relationship(
        back_populates="media", order_by="MediaGenre.position", **_CHILD
    )
    relations: Mapped[list[MediaRelationEdge]] = relationship(
        foreign_keys="MediaRelationEdge.media_id", back_populates="media", **_CHILD
    )
    tag_links: Mapped[list[MediaTagLink]] = relationship(back_populates="media", **_CHILD)
    external_links: Mapped[list[MediaExternalLink]] = relationship(
        back_populates="media", order_by="MediaExternalLink.id", **_CHILD
    )
    streaming_episodes: Mapped[list[MediaStreamingEpisode]] = relationship(
        back_populates="media", order_by="MediaStreamingEpisode.position", **_CHILD
    )
    rankings: Mapped[list[MediaRank]] = relationship(back_populates="media", **_CHILD)
    airing_schedules: Mapped[list[AiringSchedule]] = relationship(
        back_populates="media", order_by="AiringSchedule.airing_at", **_CHILD
    )
    trends: Mapped[list[MediaTrend]] = relationship(back_populates="media", **_CHILD)
    character_edges: Mapped[list[MediaCharacter]] = relationship(
        back_populates="media", order_by="MediaCharacter.position", **_CHILD
    )
    staff_edges: Mapped[list[MediaStaff]] = relationship(
        back_populates="media", order_by="MediaStaff.position", **_CHILD
    )
    studio_edges: Mapped[list[MediaStudio]] = relationship(back_populates="media", **_CHILD)
    magazine_edges: Mapped[list[MediaMagazine]] = relationship(back_populates="media", **_CHILD)

    __table_args__ = (
        sa.UniqueConstraint("type", "id_mal"),
        sa.Index("ix_media_id_mal", "id_mal"),
        # Page.media sorts, each also under the ubiquitous type filter.
        sa.Index("ix_media_type_popularity", "type", "popularity"),
        sa.Index("ix_media_type_average_score", "type", "average_score"),
        sa.Index("ix_media_type_trending", "type", "trending"),
        sa.Index("ix_media_type_favourites", "type", "favourites"),
        sa.Index("ix_media_type_start_date_int", "type", "start_date_int"),
        sa.Index("ix_media_type_end_date_int", "type", "end_date_int"),
        sa.Index("ix_media_type_updated_at", "type", "updated_at"),
        sa.Index("ix_media_type_title_romaji", "type", "title_romaji"),
        sa.Index("ix_media_popularity", "popularity"),
        sa.Index("ix_media_average_score", "average_score"),
        sa.Index("ix_media_mean_score", "mean_score"),
        sa.Index("ix_media_trending", "trending"),
        sa.Index("ix_media_favourites", "favourites"),
        sa.Index("ix_media_start_date_int", "start_date_int"),
        sa.Index("ix_media_end_date_int", "end_date_int"),
        sa.Index("ix_media_updated_at", "updated_at"),
        sa.Index("ix_media_episodes", "episodes"),
        sa.Index("ix_media_duration", "duration"),
        sa.Index("ix_media_chapters", "chapters"),
        sa.Index("ix_media_volumes", "volumes"),
        sa.Index("ix_media_title_romaji", "title_romaji"),
        sa.Index("ix_media_title_english", "title_english"),
        sa.Index("ix_media_title_native", "title_native"),
        # Filters that usually come with a popularity sort (seasonal charts, airing now...).
        sa.Index("ix_media_season_popularity", "season_year", "season", "popularity"),
        sa.Index("ix_media_status_popularity", "status", "popularity"),
        sa.Index("ix_media_format_popularity", "format", "popularity"),
        sa.Index("ix_media_country_popularity", "country_of_origin", "popularity"),
        sa.Index("ix_media_source_popularity", "source", "popularity"),
        sa.Index("ix_media_adult_type_popularity", "is_adult", "type", "popularity"),
    )


class MediaGenre(Base):
    """One genre of a media; a table (not JSON) so genre_in / genre_not_in filter in SQL."""

    __tablename__ = "media_genres"

    media_id: Mapped[int] = mapped_column(
        sa.ForeignKey("media.id", ondelete="CASCADE"), primary_key=True
    )
    genre: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    media: Mapped[Media] = relationship(back_populates="genres", lazy="raise")

    __table_args__ = (sa.Index("ix_media_genres_genre_media", "genre", "media_id"),)


class MediaRelationEdge(Base):
    """A directed relation (sequel, adaptation...) from one media to another."""

    __tablename__ = "media_relations"

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(sa.ForeignKey("media.id", ondelete="CASCADE"))
    related_media_id: Mapped[int] = mapped_column(sa.ForeignKey("media.id", ondelete="CASCADE"))
    relation_type: Mapped[MediaRelation] = mapped_column(enum_column(MediaRelation))

    media: Mapped[Media] = relationship(
        foreign_keys=[media_id], back_populates="relations", lazy="raise"
    )
    related_media: Mapped[Media] = relationship(foreign_keys=[related_media_id], lazy="raise")

    __table_args__ = (
        sa.UniqueConstraint("media_id", "related_media_id"),
        sa.Index("ix_media_relations_related_media_id", "related_media_id"),
    )
