"""List enums, valued with the exact AniList schema spellings."""

from __future__ import annotations

import enum


class MediaListStatus(enum.StrEnum):
    """Where a media sits on a user's list; MAL's is_rewatching maps to REPEATING."""

    CURRENT = "CURRENT"
    PLANNING = "PLANNING"
    COMPLETED = "COMPLETED"
    DROPPED = "DROPPED"
    PAUSED = "PAUSED"
    REPEATING = "REPEATING"


class ScoreFormat(enum.StrEnum):
    """How a user enters and reads scores; storage is always POINT_100."""

    POINT_100 = "POINT_100"
    POINT_10_DECIMAL = "POINT_10_DECIMAL"
    POINT_10 = "POINT_10"
    POINT_5 = "POINT_5"
    POINT_3 = "POINT_3"
