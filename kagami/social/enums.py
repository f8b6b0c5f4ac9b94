"""Social enums, spelled exactly as the AniList GraphQL schema spells them."""

from __future__ import annotations

import enum


class ActivityType(enum.StrEnum):
    """Kind of an activity row (AniList ``ActivityType``)."""

    TEXT = "TEXT"
    ANIME_LIST = "ANIME_LIST"
    MANGA_LIST = "MANGA_LIST"
    MESSAGE = "MESSAGE"
    MEDIA_LIST = "MEDIA_LIST"


class NotificationType(enum.StrEnum):
    """Kind of a notification (AniList ``NotificationType``)."""

    ACTIVITY_MESSAGE = "ACTIVITY_MESSAGE"
    ACTIVITY_REPLY = "ACTIVITY_REPLY"
    FOLLOWING = "FOLLOWING"
    ACTIVITY_MENTION = "ACTIVITY_MENTION"
    THREAD_COMMENT_MENTION = "THREAD_COMMENT_MENTION"
    THREAD_SUBSCRIBED = "THREAD_SUBSCRIBED"
    THREAD_COMMENT_REPLY = "THREAD_COMMENT_REPLY"
    AIRING = "AIRING"
    ACTIVITY_LIKE = "ACTIVITY_LIKE"
    ACTIVITY_REPLY_LIKE = "ACTIVITY_REPLY_LIKE"
    THREAD_LIKE = "THREAD_LIKE"
    THREAD_COMMENT_LIKE = "THREAD_COMMENT_LIKE"
    ACTIVITY_REPLY_SUBSCRIBED = "ACTIVITY_REPLY_SUBSCRIBED"
    RELATED_MEDIA_ADDITION = "RELATED_MEDIA_ADDITION"
    MEDIA_DATA_CHANGE = "MEDIA_DATA_CHANGE"
    MEDIA_MERGE = "MEDIA_MERGE"
    MEDIA_DELETION = "MEDIA_DELETION"
    MEDIA_SUBMISSION_UPDATE = "MEDIA_SUBMISSION_UPDATE"
    STAFF_SUBMISSION_UPDATE = "STAFF_SUBMISSION_UPDATE"
    CHARACTER_SUBMISSION_UPDATE = "CHARACTER_SUBMISSION_UPDATE"


class LikeableType(enum.StrEnum):
    """What a like points at (AniList ``LikeableType``)."""

    THREAD = "THREAD"
    THREAD_COMMENT = "THREAD_COMMENT"
    ACTIVITY = "ACTIVITY"
    ACTIVITY_REPLY = "ACTIVITY_REPLY"


class FavouriteKind(enum.StrEnum):
    """Which ``Favourites`` connection a favourite belongs to (no AniList enum; field names)."""

    ANIME = "ANIME"
    MANGA = "MANGA"
    CHARACTER = "CHARACTER"
    STAFF = "STAFF"
    STUDIO = "STUDIO"
