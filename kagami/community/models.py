"""Community tables: reviews, recommendations, and the forum (categories, threads, comments).

Thread and comment likes live in the social ``likes`` table. Users and media are referenced
by foreign key only; services batch-load them, so no relationship leaves this package.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column, relationship

from kagami.community.enums import RecommendationRating, ReviewRating
from kagami.db.base import Base, enum_column, now_epoch


def _ref(
    target: str, ondelete: str = "CASCADE", *, use_alter: bool = False, **kw: Any
) -> MappedColumn[Any]:
    # An explicit type, so a column is complete before the referenced table is imported.
    fk = sa.ForeignKey(target, ondelete=ondelete, use_alter=use_alter)
    return mapped_column(sa.Integer, fk, **kw)


def _counter() -> MappedColumn[Any]:
    return mapped_column(default=0, server_default=sa.text("0"))


def _flag() -> MappedColumn[Any]:
    return mapped_column(default=False, server_default=sa.false())


class Review(Base):
    """A user's review of one anime or manga; ``rating``/``rating_amount`` count the votes."""

    __tablename__ = "reviews"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "media_id"),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        sa.CheckConstraint("media_type IN ('ANIME', 'MANGA')", name="media_type"),
        sa.Index(None, "media_id", "rating"),
        sa.Index(None, "media_type", "id"),
        sa.Index(None, "media_type", "rating"),
        sa.Index(None, "rating"),
        sa.Index(None, "score"),
        sa.Index(None, "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _ref("users.id")
    media_id: Mapped[int] = _ref("media.id")
    # Copied from the media (AniList MediaType spelling) so mediaType filters need no join.
    media_type: Mapped[str] = mapped_column(sa.String(8))
    summary: Mapped[str] = mapped_column(sa.String(255))
    body: Mapped[str] = mapped_column(sa.Text)
    score: Mapped[int] = _counter()
    rating: Mapped[int] = _counter()
    rating_amount: Mapped[int] = _counter()
    private: Mapped[bool] = _flag()
    created_at: Mapped[int] = mapped_column(default=now_epoch)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)


class ReviewVote(Base):
    """One user's up or down vote on a review (``RateReview``); NO_VOTE removes the row."""

    __tablename__ = "review_ratings"

    # PK order serves "this user's votes on these reviews" and cascades from reviews.
    review_id: Mapped[int] = _ref("reviews.id", primary_key=True)
    user_id: Mapped[int] = _ref("users.id", primary_key=True, index=True)
    rating: Mapped[ReviewRating] = mapped_column(enum_column(ReviewRating))


class Recommendation(Base):
    """Fans of ``media_id`` should try ``media_recommendation_id``; ``rating`` sums the votes."""

    __tablename__ = "recommendations"
    __table_args__ = (
        sa.UniqueConstraint("media_id", "media_recommendation_id"),
        sa.CheckConstraint("media_id <> media_recommendation_id", name="distinct_media"),
        sa.Index(None, "media_id", "rating"),
        sa.Index(None, "media_recommendation_id", "rating"),
        sa.Index(None, "user_id", "id"),
        sa.Index(None, "rating"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = _ref("media.id")
    media_recommendation_id: Mapped[int] = _ref("media.id")
    user_id: Mapped[int | None] = _ref("users.id", "SET NULL")
    rating: Mapped[int] = _counter()
    created_at: Mapped[int] = mapped_column(default=now_epoch)


class RecommendationVote(Base):
    """One user's RATE_UP or RATE_DOWN on a recommendation; NO_RATING removes the row."""

    __tablename__ = "recommendation_ratings"

    recommendation_id: Mapped[int] = _ref("recommendations.id", primary_key=True)
    user_id: Mapped[int] = _ref("users.id", primary_key=True, index=True)
    rating: Mapped[RecommendationRating] = mapped_column(enum_column(RecommendationRating))


class ForumCategory(Base):
    """A forum category: AniList ``ThreadCategory``, v1 forum tag, MAL board or subboard."""

    __tablename__ = "forum_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    description: Mapped[str | None] = mapped_column(sa.Text)
    # MAL groups boards under section titles and nests subboards under boards.
    section: Mapped[str | None] = mapped_column(sa.String(100))
    parent_id: Mapped[int | None] = _ref("forum_categories.id", index=True)
    position: Mapped[int] = _counter()


class Thread(Base):
    """A forum thread; the ``reply_*`` columns and ``replied_at`` track its latest comment."""

    __tablename__ = "threads"
    __table_args__ = (
        sa.Index(None, "user_id", "id"),
        sa.Index(None, "reply_user_id", "replied_at"),
        sa.Index(None, "is_sticky", "replied_at"),
        sa.Index(None, "replied_at"),
        sa.Index(None, "updated_at"),
        sa.Index(None, "reply_count"),
        sa.Index(None, "view_count"),
        sa.Index(None, "title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _ref("users.id")
    title: Mapped[str] = mapped_column(sa.String(255))
    body: Mapped[str] = mapped_column(sa.Text)
    is_sticky: Mapped[bool] = _flag()
    is_locked: Mapped[bool] = _flag()
    view_count: Mapped[int] = _counter()
    reply_count: Mapped[int] = _counter()
    like_count: Mapped[int] = _counter()
    replied_at: Mapped[int | None]
    reply_user_id: Mapped[int | None] = _ref("users.id", "SET NULL")
    # threads <-> thread_comments is a cycle; use_alter lets PostgreSQL add this FK last.
    reply_comment_id: Mapped[int | None] = _ref("thread_comments.id", "SET NULL", use_alter=True)
    created_at: Mapped[int] = mapped_column(default=now_epoch)
    updated_at: Mapped[int] = mapped_column(default=now_epoch)
    deleted_at: Mapped[int | None]

    categories: Mapped[list[ForumCategory]] = relationship(
        secondary="thread_categories", lazy="raise", viewonly=True, order_by=ForumCategory.id
    )
    media_links: Mapped[list[ThreadMediaLink]] = relationship(
        lazy="raise", viewonly=True, order_by="ThreadMediaLink.media_id"
    )
    comments: Mapped[list[ThreadComment]] = relationship(
        back_populates="thread",
        foreign_keys="ThreadComment.thread_id",
        lazy="raise",
        passive_deletes=True,
        order_by="ThreadComment.id",
    )


class ThreadCategoryLink(Base):
    """A thread filed under a forum category."""

    __tablename__ = "thread_categories"
    __table_args__ = (sa.Index(None, "category_id", "thread_id"),)

    thread_id: Mapped[int] = _ref("threads.id", primary_key=True)
    category_id: Mapped[int] = _ref("forum_categories.id", primary_key=True)


class ThreadMediaLink(Base):
    """A thread tagged with an anime or manga (``mediaCategories``; v1 ``tags_anime``)."""

    __tablename__ = "thread_media_categories"
    __table_args__ = (sa.Index(None, "media_id", "thread_id"),)

    thread_id: Mapped[int] = _ref("threads.id", primary_key=True)
    media_id: Mapped[int] = _ref("media.id", primary_key=True)


class ThreadSubscription(Base):
    """A user subscribed to a thread's new comments (THREAD_SUBSCRIBED notifications)."""

    __tablename__ = "thread_subscriptions"
    __table_args__ = (sa.Index(None, "thread_id"),)

    user_id: Mapped[int] = _ref("users.id", primary_key=True)
    thread_id: Mapped[int] = _ref("threads.id", primary_key=True)
    created_at: Mapped[int] = mapped_column(default=now_epoch)


class ThreadComment(Base):
    """A comment in a thread; ``parent_id`` nests it under another comment."""

    __tablename__ = "thread_comments"
    __table_args__ = (
        sa.Index(None, "thread_id", "parent_id", "id"),
        sa.Index(None, "parent_id"),
        sa.Index(None, "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = _ref("threads.id")
    user_id: Mapped[int] = _ref("users.id")
    parent_id: Mapped[int | None] = _ref("thread_comments.id")
    comment: Mapped[str] = mapped_column(sa.Text)
    like_count: Mapped[int] = _counter()
    is_locked: Mapped[bool] = _flag()
    created_at: Mapped[int] = mapped_column(default=now_epoch)
    updated_at: Mapped[int] = mapped_column(default=now_epoch)

    thread: Mapped[Thread] = relationship(
        back_populates="comments", foreign_keys=[thread_id], lazy="raise"
    )
    parent: Mapped[ThreadComment | None] = relationship(
        back_populates="children", remote_side=[id], lazy="raise"
    )
    children: Mapped[list[ThreadComment]] = relationship(
        back_populates="parent", lazy="raise", passive_deletes=True, order_by="ThreadComment.id"
    )
