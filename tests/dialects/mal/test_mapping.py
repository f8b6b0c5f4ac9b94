"""The MAL mapping tables: every MAL value maps to one canonical value and back."""

from __future__ import annotations

import pytest

from kagami.catalogue.enums import MediaFormat, MediaRelation, MediaSource, MediaStatus, MediaType
from kagami.dialects.mal import mapping
from kagami.lists.changes import FuzzyDate
from kagami.lists.enums import MediaListStatus as S

ANIME, MANGA = MediaType.ANIME, MediaType.MANGA


@pytest.mark.parametrize(
    ("media_type", "mal", "repeating", "canonical"),
    [
        (ANIME, "watching", False, S.CURRENT),
        (ANIME, "completed", False, S.COMPLETED),
        (ANIME, "on_hold", False, S.PAUSED),
        (ANIME, "dropped", False, S.DROPPED),
        (ANIME, "plan_to_watch", False, S.PLANNING),
        (ANIME, "watching", True, S.REPEATING),
        (MANGA, "reading", False, S.CURRENT),
        (MANGA, "completed", False, S.COMPLETED),
        (MANGA, "on_hold", False, S.PAUSED),
        (MANGA, "dropped", False, S.DROPPED),
        (MANGA, "plan_to_read", False, S.PLANNING),
        (MANGA, "reading", True, S.REPEATING),
    ],
)
def test_list_status_maps_both_ways(
    media_type: MediaType, mal: str, repeating: bool, canonical: S
) -> None:
    assert mapping.status_from_mal(mal, repeating, media_type) is canonical
    assert mapping.status_to_mal(canonical, media_type) == (mal, repeating)


def test_is_rewatching_alone_sets_and_clears_repeating() -> None:
    assert mapping.status_from_mal(None, True, ANIME, S.COMPLETED) is S.REPEATING
    assert mapping.status_from_mal(None, False, ANIME, S.REPEATING) is S.CURRENT
    assert mapping.status_from_mal(None, False, ANIME, S.PAUSED) is None
    assert mapping.status_from_mal(None, None, ANIME, S.PAUSED) is None


def test_unknown_list_status_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        mapping.status_from_mal("reading", None, ANIME)


@pytest.mark.parametrize(("mal", "stored"), [(0, 0), (1, 10), (7, 70), (10, 100)])
def test_score_maps_to_point_100_and_back(mal: int, stored: int) -> None:
    assert mapping.score_from_mal(mal) == stored
    assert mapping.score_to_mal(stored) == mal


@pytest.mark.parametrize(("stored", "mal"), [(75, 7), (5, 1), (99, 9)])
def test_point_100_scores_floor_to_mal(stored: int, mal: int) -> None:
    assert mapping.score_to_mal(stored) == mal


@pytest.mark.parametrize("bad", [-1, 11, True])
def test_score_outside_mal_range_is_rejected(bad: int) -> None:
    with pytest.raises(ValueError):
        mapping.score_from_mal(bad)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2017-10-23", FuzzyDate(2017, 10, 23)),
        ("2017-10", FuzzyDate(2017, 10, None)),
        ("2017", FuzzyDate(2017, None, None)),
    ],
)
def test_dates_map_both_ways(text: str, date: FuzzyDate) -> None:
    assert mapping.date_from_mal(text) == date
    assert mapping.date_to_mal(date) == text


def test_empty_date_clears_and_unknown_year_is_absent() -> None:
    assert mapping.date_from_mal("") == FuzzyDate()
    assert mapping.date_to_mal(FuzzyDate(None, 3, 4)) is None


@pytest.mark.parametrize("bad", ["17-10-23", "2017/10/23", "2017-1", "x", "2017-10-23T00"])
def test_malformed_date_is_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        mapping.date_from_mal(bad)


def test_timestamp_is_iso_8601_utc() -> None:
    assert mapping.timestamp_to_mal(1425276191) == "2015-03-02T06:03:11+00:00"


@pytest.mark.parametrize(
    ("media_type", "fmt", "country", "source", "mal"),
    [
        (ANIME, MediaFormat.TV, "JP", None, "tv"),
        (ANIME, MediaFormat.TV_SHORT, "JP", None, "tv"),
        (ANIME, MediaFormat.OVA, "JP", None, "ova"),
        (ANIME, MediaFormat.MOVIE, "JP", None, "movie"),
        (ANIME, MediaFormat.SPECIAL, "JP", None, "special"),
        (ANIME, MediaFormat.ONA, "JP", None, "ona"),
        (ANIME, MediaFormat.MUSIC, "JP", None, "music"),
        (ANIME, None, "JP", None, "unknown"),
        (MANGA, MediaFormat.MANGA, "JP", None, "manga"),
        (MANGA, MediaFormat.MANGA, "KR", None, "manhwa"),
        (MANGA, MediaFormat.MANGA, "CN", None, "manhua"),
        (MANGA, MediaFormat.MANGA, "TW", None, "manhua"),
        (MANGA, MediaFormat.MANGA, "US", None, "oel"),
        (MANGA, MediaFormat.MANGA, "JP", MediaSource.DOUJINSHI, "doujinshi"),
        (MANGA, MediaFormat.NOVEL, "JP", None, "light_novel"),
        (MANGA, MediaFormat.NOVEL, "US", None, "novel"),
        (MANGA, MediaFormat.ONE_SHOT, "JP", None, "one_shot"),
    ],
)
def test_media_type_maps_from_format_country_and_source(
    media_type: MediaType,
    fmt: MediaFormat | None,
    country: str,
    source: MediaSource | None,
    mal: str,
) -> None:
    assert mapping.media_type_to_mal(media_type, fmt, country, source) == mal
    if fmt is not None and fmt is not MediaFormat.TV_SHORT:
        assert mapping.MEDIA_TYPE_FORMAT[mal] is fmt


@pytest.mark.parametrize(
    ("media_type", "status", "mal"),
    [
        (ANIME, MediaStatus.FINISHED, "finished_airing"),
        (ANIME, MediaStatus.RELEASING, "currently_airing"),
        (ANIME, MediaStatus.NOT_YET_RELEASED, "not_yet_aired"),
        (MANGA, MediaStatus.FINISHED, "finished"),
        (MANGA, MediaStatus.RELEASING, "currently_publishing"),
        (MANGA, MediaStatus.NOT_YET_RELEASED, "not_yet_published"),
        (MANGA, MediaStatus.HIATUS, "on_hiatus"),
        (MANGA, MediaStatus.CANCELLED, "discontinued"),
        (ANIME, None, None),
    ],
)
def test_media_status_maps_to_mal_enum(
    media_type: MediaType, status: MediaStatus | None, mal: str | None
) -> None:
    assert mapping.media_status_to_mal(media_type, status) == mal


def test_every_canonical_value_has_a_mal_value_inside_mals_enums() -> None:
    assert set(mapping.ANIME_STATUS) == set(MediaStatus) == set(mapping.MANGA_STATUS)
    assert set(mapping.SOURCES) == set(MediaSource)
    assert set(mapping.RELATIONS) == set(MediaRelation)
    assert set(mapping.RELATIONS.values()) <= set(mapping.RELATION_FORMATTED)
    assert set(mapping.SEASON_NAMES.values()) == {"winter", "spring", "summer", "fall"}


@pytest.mark.parametrize(
    ("rating", "adult", "mal_rating", "nsfw"),
    [
        ("g", False, "g", "white"),
        ("pg_13", False, "pg_13", "white"),
        ("r+", False, "r+", "gray"),
        ("rx", False, "rx", "black"),
        (None, True, "rx", "black"),
        (None, False, None, "white"),
        ("bogus", False, None, "white"),
    ],
)
def test_rating_and_nsfw(
    rating: str | None, adult: bool, mal_rating: str | None, nsfw: str
) -> None:
    assert mapping.rating_to_mal(rating, adult) == mal_rating
    assert mapping.nsfw_to_mal(rating, adult) == nsfw


@pytest.mark.parametrize(
    ("media_id", "id_mal", "mal_id"),
    [(1, 5114, 5114), (21, None, 1_000_000_021), (7, 1_000_000_500, 1_000_000_007)],
)
def test_media_without_mal_id_get_one_from_the_synthetic_range(
    media_id: int, id_mal: int | None, mal_id: int
) -> None:
    assert mapping.mal_id_of(media_id, id_mal) == mal_id
    expected = media_id if mal_id >= mapping.SYNTHETIC_MAL_BASE else None
    assert mapping.synthetic_media_id(mal_id) == expected


def test_synthetic_ids_fit_a_signed_32_bit_int() -> None:
    assert mapping.synthetic_media_id(2**31) is None
    assert mapping.synthetic_media_id(mapping.SYNTHETIC_MAL_BASE) is None
