"""Score conversions: seed 001 breakpoints, floor-into-bucket, and lossless round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kagami.lists.enums import ScoreFormat
from kagami.lists.scoring import (
    MAX_VALUE,
    V1_SCORE_TYPE_BY_FORMAT,
    V1_SCORE_TYPES,
    from_format,
    from_mal,
    from_v1,
    to_format,
    to_mal,
    to_v1,
)

F = ScoreFormat
raw_scores = st.integers(min_value=0, max_value=100)

TO_FORMAT = [
    # (raw, format, shown)
    (0, F.POINT_100, 0), (1, F.POINT_100, 1), (73, F.POINT_100, 73), (100, F.POINT_100, 100),
    (0, F.POINT_10_DECIMAL, 0.0), (1, F.POINT_10_DECIMAL, 0.1), (75, F.POINT_10_DECIMAL, 7.5),
    (100, F.POINT_10_DECIMAL, 10.0),
    (0, F.POINT_10, 0), (1, F.POINT_10, 1), (19, F.POINT_10, 1), (20, F.POINT_10, 2),
    (79, F.POINT_10, 7), (99, F.POINT_10, 9), (100, F.POINT_10, 10),
    (0, F.POINT_5, 0), (1, F.POINT_5, 1), (29, F.POINT_5, 1), (30, F.POINT_5, 2),
    (49, F.POINT_5, 2), (50, F.POINT_5, 3), (69, F.POINT_5, 3), (70, F.POINT_5, 4),
    (89, F.POINT_5, 4), (90, F.POINT_5, 5), (100, F.POINT_5, 5),
    (0, F.POINT_3, 0), (1, F.POINT_3, 1), (30, F.POINT_3, 1), (31, F.POINT_3, 2),
    (60, F.POINT_3, 2), (61, F.POINT_3, 3), (100, F.POINT_3, 3),
]  # fmt: skip

FROM_FORMAT = [
    # (entered, format, stored)
    (0, F.POINT_100, 0), (73, F.POINT_100, 73), (72.9, F.POINT_100, 72), (0.5, F.POINT_100, 1),
    (0.0, F.POINT_10_DECIMAL, 0), (7.5, F.POINT_10_DECIMAL, 75), (2.3, F.POINT_10_DECIMAL, 23),
    (0.7, F.POINT_10_DECIMAL, 7), (7.55, F.POINT_10_DECIMAL, 75), (10, F.POINT_10_DECIMAL, 100),
    (0, F.POINT_10, 0), (1, F.POINT_10, 10), (7, F.POINT_10, 70), (10, F.POINT_10, 100),
    (1, F.POINT_5, 20), (2, F.POINT_5, 40), (3, F.POINT_5, 60), (4, F.POINT_5, 80),
    (5, F.POINT_5, 100),
    (1, F.POINT_3, 20), (2, F.POINT_3, 50), (3, F.POINT_3, 80),
]  # fmt: skip

TO_V1 = [
    # (raw, score_type, v1 score)
    (0, 0, 0), (79, 0, 7), (79, 1, 79), (0, 2, 0), (49, 2, 2), (90, 2, 5),
    (0, 3, "-"), (30, 3, ":("), (31, 3, ":|"), (60, 3, ":|"), (61, 3, ":)"), (100, 3, ":)"),
    (0, 4, 0.0), (79, 4, 7.9),
]  # fmt: skip

FROM_V1 = [
    # (v1 score as sent, score_type, stored)
    (7, 0, 70), ("7", 0, 70), (79, 1, 79), ("79", 1, 79), (3, 2, 60), ("3", 2, 60),
    (":(", 3, 20), (":|", 3, 50), (":)", 3, 80), ("-", 3, 0), ("", 3, 0), (2, 3, 50),
    ("(", 3, 20), ("|", 3, 50), (7.9, 4, 79), ("7.9", 4, 79), ("0", 4, 0),
]  # fmt: skip

TO_MAL = [(0, 0), (1, 1), (9, 1), (10, 1), (55, 5), (99, 9), (100, 10)]
FROM_MAL = [(0, 0), (1, 10), (5, 50), (10, 100)]


@pytest.mark.parametrize(("raw", "fmt", "shown"), TO_FORMAT)
def test_to_format_floors_into_the_bucket(raw: int, fmt: ScoreFormat, shown: float) -> None:
    value = to_format(raw, fmt)
    assert value == shown
    assert isinstance(value, float) == (fmt is F.POINT_10_DECIMAL)


@pytest.mark.parametrize(("entered", "fmt", "stored"), FROM_FORMAT)
def test_from_format_stores_point_100(entered: float, fmt: ScoreFormat, stored: int) -> None:
    assert from_format(entered, fmt) == stored


@pytest.mark.parametrize(("raw", "score_type", "v1"), TO_V1)
def test_to_v1_uses_seed_score_types(raw: int, score_type: int, v1: object) -> None:
    assert to_v1(raw, score_type) == v1


@pytest.mark.parametrize(("v1", "score_type", "stored"), FROM_V1)
def test_from_v1_accepts_numbers_form_strings_and_smileys(
    v1: float | str, score_type: int, stored: int
) -> None:
    assert from_v1(v1, score_type) == stored


@pytest.mark.parametrize(("raw", "mal"), TO_MAL)
def test_to_mal(raw: int, mal: int) -> None:
    assert to_mal(raw) == mal


@pytest.mark.parametrize(("mal", "stored"), FROM_MAL)
def test_from_mal(mal: int, stored: int) -> None:
    assert from_mal(mal) == stored


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (to_format, (101, F.POINT_100)),
        (to_format, (-1, F.POINT_5)),
        (to_format, (True, F.POINT_100)),
        (from_format, (11, F.POINT_10)),
        (from_format, (6, F.POINT_5)),
        (from_format, (4, F.POINT_3)),
        (from_format, (-0.1, F.POINT_10_DECIMAL)),
        (from_format, (float("nan"), F.POINT_100)),
        (from_format, ("7", F.POINT_10)),
        (to_v1, (50, 5)),
        (from_v1, ("great", 3)),
        (from_v1, ("11", 0)),
        (from_v1, (":)", 0)),
        (from_mal, (11,)),
        (from_mal, (7.5,)),
    ],
)
def test_IV_2_invalid_scores_raise_value_error(call: object, args: tuple[object, ...]) -> None:
    with pytest.raises(ValueError):
        call(*args)  # type: ignore[operator]


def test_v1_score_type_table_is_a_bijection() -> None:
    assert set(V1_SCORE_TYPES.values()) == set(ScoreFormat)
    assert all(V1_SCORE_TYPES[V1_SCORE_TYPE_BY_FORMAT[f]] is f for f in ScoreFormat)


@given(raw=raw_scores, fmt=st.sampled_from(ScoreFormat))
def test_converting_back_stays_in_the_same_bucket(raw: int, fmt: ScoreFormat) -> None:
    shown = to_format(raw, fmt)
    stored = from_format(shown, fmt)
    assert to_format(stored, fmt) == shown
    assert (stored == 0) == (raw == 0)


@given(data=st.data(), fmt=st.sampled_from(ScoreFormat))
def test_values_on_the_grid_round_trip(data: st.DataObject, fmt: ScoreFormat) -> None:
    if fmt is F.POINT_10_DECIMAL:
        value: float = data.draw(st.integers(0, 100)) / 10
    else:
        value = data.draw(st.integers(0, MAX_VALUE[fmt]))
    assert to_format(from_format(value, fmt), fmt) == value


@given(raw=raw_scores, score_type=st.sampled_from(sorted(V1_SCORE_TYPES)))
def test_v1_round_trip_stays_in_the_same_bucket(raw: int, score_type: int) -> None:
    shown = to_v1(raw, score_type)
    assert to_v1(from_v1(shown, score_type), score_type) == shown
    assert to_v1(from_v1(str(shown), score_type), score_type) == shown


@given(raw=raw_scores)
def test_mal_round_trip_stays_in_the_same_bucket(raw: int) -> None:
    assert to_mal(from_mal(to_mal(raw))) == to_mal(raw)
