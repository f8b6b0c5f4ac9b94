"""The v1 words the catalogue, review and forum routes read from the mapping module."""

from __future__ import annotations

import pytest

from kagami.catalogue.enums import MediaFormat, MediaRelation, MediaStatus
from kagami.community.enums import ReviewRating
from kagami.dialects.anilist_v1 import mapping


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("TV", (MediaFormat.TV, None)),
        ("tv short", (MediaFormat.TV_SHORT, None)),
        ("1", (MediaFormat.TV_SHORT, None)),
        ("12", (MediaFormat.MANGA, "KR")),
        ("Manhua", (MediaFormat.MANGA, "CN")),
        ("One Shot", (MediaFormat.ONE_SHOT, None)),
        ("Doujin", None),
        ("13", None),
        ("99999999999", None),
        ("Cartoon", None),
    ],
)
def test_browse_type_reads_type_strings_and_ids(
    word: str, expected: tuple[MediaFormat, str | None] | None
) -> None:
    assert mapping.browse_type(word) == expected


def test_browse_status_words_of_both_series_types() -> None:
    assert mapping.lookup_word(mapping.BROWSE_STATUSES, "Currently Airing") is MediaStatus.RELEASING
    assert mapping.BROWSE_STATUSES["publishing"] is MediaStatus.RELEASING
    assert mapping.BROWSE_STATUSES["not yet aired"] is MediaStatus.NOT_YET_RELEASED


def test_roles_relations_and_review_ratings() -> None:
    assert mapping.character_role("MAIN") == "Main" and mapping.character_role(None) is None
    assert mapping.RELATION_TYPES[MediaRelation.SIDE_STORY] == "side story"
    assert mapping.RELATION_TYPES[MediaRelation.SPIN_OFF] == "spin-off"
    assert mapping.REVIEW_RATINGS[2] is ReviewRating.DOWN_VOTE
    assert mapping.REVIEW_RATING_NUMBERS[ReviewRating.UP_VOTE] == 1
