"""Social tables: follows, favourites, activities and replies, likes, subscriptions, notifications.

Messages are ``MESSAGE`` activities (as on AniList), so there is no message table.
Cross-package rows (users, media, characters, staff, studios) are referenced by foreign
key only; services batch-load them, so no relationship crosses a package boundary.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column, relationship

from kagami.db.base import Base, enum_column, now_epoch
from kagami.social.enums import ActivityType, FavouriteKind, LikeableType, NotificationType


def _ref(target: str, ondelete: str = "CASCADE", **kw: Any) -> MappedColumn[Any]:
    # An explicit type, so a column is complete before the referenced table is imported.
    return mapped_column(sa.Integer, sa.ForeignKey(target, ondelete=ondelete), **kw)


def _counter() -> MappedColumn[Any]:
    return mapped_column(default=0, server_default=sa.text("0"))


def _flag() -> MappedColumn[Any]:
    return mapped_column(default=False, server_default=sa.false())


class Follow(Base):
    """One user following another."""

    __tablename__ = "follows"
    __table_args__ = (
        sa.CheckConstraint("follower_id <> followed_id", name="not_self"),
        # Followers of a user, in user-id order (UserSort ID); the PK serves "following".
        sa.Index(None, "followed_id", "follower_id"),
    )

    follower_id: Mapped[int] = _ref("users.id", primary_key=True)
    followed_id: Mapped[int] = _ref("users.id", primary_key=True)
    created_at: Mapped[int] = mapped_column(default=now_epoch)


# Exactly one target column is set, and it is the one the kind names.
_FAVOURITE_ONE_TARGET = (
    "(kind IN ('ANIME', 'MANGA') AND media_id IS NOT NULL AND character_id IS NULL"
    " AND staff_id IS NULL AND studio_id IS NULL)"
    " OR (kind = 'CHARACTER' AND character_id IS NOT NULL AND media_id IS NULL"
    " AND staff_id IS NULL AND studio_id IS NULL)"
    " OR (kind = 'STAFF' AND staff_id IS NOT NULL AND media_id IS NULL"
    " AND character_id IS NULL AND studio_id IS NULL)"
    " OR (kind = 'STUDIO' AND studio_id IS NOT NULL AND media_id IS NULL"
    " AND character_id IS NULL AND staff_id IS NULL)"
)


class Favourite(Base):
    """A user's favourite anime, manga, character, staff member or studio, in their order."""

    __tablename__ = "favourites"
    __table_args__ = (
        sa.CheckConstraint(_FAVOURITE_ONE_TARGET, name="one_target"),
        # NULLs never collide in a unique constraint, so each pair only binds rows of its kind.
        sa.UniqueConstraint("user_id", "media_id"),
        sa.UniqueConstraint("user_id", "character_id"),
        sa.UniqueConstraint("user_id", "staff_id"),
        sa.UniqueConstraint("user_id", "studio_id"),
        sa.Index(None, "user_id", "kind", "favourite_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _ref("users.id")
    kind: Mapped[FavouriteKind] = mapped_column(enum_column(FavouriteKind))
    media_id: Mapped[int | None] = _ref("media.id")
    character_id: Mapped[int | None] = _ref("characters.id")
    staff_id: Mapped[int | None] = _ref("staff.id")
    studio_id: Mapped[int | None] = _ref("studios.id")
    favourite_order: Mapped[int] = _counter()
    created_at: Mapped[int] = mapped_column(default=now_epoch)


class Activity(Base):
    """A text, list or message activity (AniList ``ActivityUnion``) in one table.

    ``user_id`` is the profile the activity lives on: the author of a text or list
    activity, the *recipient* of a message. ``messenger_id`` is a message's sender.
    So ``activities(userId:)`` (a profile feed, messages received included) is one
    index range, and ``messengerId`` another.
    """

    __tablename__ = "activities"
    __table_args__ = (
        sa.Index(None, "user_id", "id"),
        sa.Index(None, "user_id", "media_id", "id"),  # list-activity merging, per user+media
        sa.Index(None, "messenger_id", "id"),
        sa.Index(None, "media_id", "id"),
        sa.Index(None, "type", "id"),
        sa.Index(None, "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[ActivityType] = mapped_column(enum_column(ActivityType))
    user_id: Mapped[int] = _ref("users.id")
    messenger_id: Mapped[int | None] = _ref("users.id")
    text: Mapped[str | None] = mapped_column(sa.Text)
    media_id: Mapped[int | None] = _ref("media.id")
    status: Mapped[str | None] = mapped_column(sa.String(64))
    progress: Mapped[str | None] = mapped_column(sa.String(64))
    is_private: Mapped[bool] = _flag()
    is_locked: Mapped[bool] = _flag()
    is_pinned: Mapped[bool] = _flag()
    reply_count: Mapped[int] = _counter()
    like_count: Mapped[int] = _counter()
    created_at: Mapped[int] = mapped_column(default=now_epoch)

    replies: Mapped[list[ActivityReply]] = relationship(
        back_populates="activity", lazy="raise", passive_deletes=True, order_by="ActivityReply.id"
    )


class ActivityReply(Base):
    """A reply to an activity."""

    __tablename__ = "activity_replies"
    __table_args__ = (sa.Index(None, "activity_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = _ref("activities.id")
    user_id: Mapped[int] = _ref("users.id")
    text: Mapped[str] = mapped_column(sa.Text)
    like_count: Mapped[int] = _counter()
    created_at: Mapped[int] = mapped_column(default=now_epoch)

    activity: Mapped[Activity] = relationship(back_populates="replies", lazy="raise")


class Like(Base):
    """A user's like of a thread, thread comment, activity or activity reply.

    Polymorphic, so ``likeable_id`` has no foreign key: deleting a likeable deletes its likes.
    """

    __tablename__ = "likes"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "likeable_type", "likeable_id"),
        sa.Index(None, "likeable_type", "likeable_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _ref("users.id")
    likeable_type: Mapped[LikeableType] = mapped_column(enum_column(LikeableType))
    likeable_id: Mapped[int]
    created_at: Mapped[int] = mapped_column(default=now_epoch)


class ActivitySubscription(Base):
    """A user subscribed to an activity's replies (``ToggleActivitySubscription``)."""

    __tablename__ = "activity_subscriptions"
    __table_args__ = (sa.Index(None, "user_id"),)

    # PK order serves the fan-out "subscribers of activity X" and the isSubscribed probe.
    activity_id: Mapped[int] = _ref("activities.id", primary_key=True)
    user_id: Mapped[int] = _ref("users.id", primary_key=True)
    created_at: Mapped[int] = mapped_column(default=now_epoch)


class Notification(Base):
    """One notification of any AniList ``*Notification`` type, for recipient ``user_id``.

    ``actor_id`` is the schema's ``userId`` (who followed, liked, replied...). The other
    columns are the union of every notification type's fields; unused ones stay NULL.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        sa.Index(None, "user_id", "id"),
        sa.Index(None, "user_id", "type", "id"),
        sa.Index(None, "user_id", "is_read"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = _ref("users.id")
    type: Mapped[NotificationType] = mapped_column(enum_column(NotificationType))
    actor_id: Mapped[int | None] = _ref("users.id")
    activity_id: Mapped[int | None] = _ref("activities.id")
    activity_reply_id: Mapped[int | None] = _ref("activity_replies.id")
    thread_id: Mapped[int | None] = _ref("threads.id")
    comment_id: Mapped[int | None] = _ref("thread_comments.id")
    # animeId (AIRING) and mediaId (media notifications) both live here.
    media_id: Mapped[int | None] = _ref("media.id")
    staff_id: Mapped[int | None] = _ref("staff.id")
    character_id: Mapped[int | None] = _ref("characters.id")
    episode: Mapped[int | None]
    context: Mapped[str | None] = mapped_column(sa.Text)
    contexts: Mapped[list[str] | None]
    reason: Mapped[str | None] = mapped_column(sa.Text)
    deleted_media_title: Mapped[str | None] = mapped_column(sa.Text)
    deleted_media_titles: Mapped[list[str] | None]
    submitted_title: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str | None] = mapped_column(sa.String(64))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    is_read: Mapped[bool] = _flag()
    created_at: Mapped[int] = mapped_column(default=now_epoch)
