"""Community enums, spelled exactly as the AniList GraphQL schema spells them."""

from __future__ import annotations

import enum


class ReviewRating(enum.StrEnum):
    """A user's vote on a review (AniList ``ReviewRating``)."""

    NO_VOTE = "NO_VOTE"
    UP_VOTE = "UP_VOTE"
    DOWN_VOTE = "DOWN_VOTE"


class RecommendationRating(enum.StrEnum):
    """A user's vote on a recommendation (AniList ``RecommendationRating``)."""

    NO_RATING = "NO_RATING"
    RATE_UP = "RATE_UP"
    RATE_DOWN = "RATE_DOWN"
