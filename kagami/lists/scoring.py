"""Score conversions between the stored POINT_100 value and every format a dialect speaks.

Storage is an int 0-100 with 0 meaning "unscored" in every format. Converting down
always floors into the format's bucket (seed 001's rule), except that a non-zero score
never floors to 0, which would read as "unscored". Converting up picks one fixed
POINT_100 value inside the bucket, so a round trip never changes the displayed score.
"""

from __future__ import annotations

import math
from bisect import bisect_right

from kagami.lists.enums import ScoreFormat

# Seed 001 breakpoints: the lowest POINT_100 value of each bucket, bucket 1 first.
_STAR_FLOORS = (1, 30, 50, 70, 90)
_SMILEY_FLOORS = (1, 31, 61)
# The POINT_100 value stored for a score entered as bucket k (index k - 1).
_STAR_VALUES = (20, 40, 60, 80, 100)
_SMILEY_VALUES = (20, 50, 80)

SMILEYS = (":(", ":|", ":)")
V1_UNSCORED_SMILEY = "-"

MAX_VALUE: dict[ScoreFormat, int] = {
    ScoreFormat.POINT_100: 100,
    ScoreFormat.POINT_10_DECIMAL: 10,
    ScoreFormat.POINT_10: 10,
    ScoreFormat.POINT_5: 5,
    ScoreFormat.POINT_3: 3,
}

# v1 ``score_type`` numbers (seed 001 "List score type").
V1_SCORE_TYPES: dict[int, ScoreFormat] = {
    0: ScoreFormat.POINT_10,
    1: ScoreFormat.POINT_100,
    2: ScoreFormat.POINT_5,
    3: ScoreFormat.POINT_3,
    4: ScoreFormat.POINT_10_DECIMAL,
}
V1_SCORE_TYPE_BY_FORMAT: dict[ScoreFormat, int] = {f: t for t, f in V1_SCORE_TYPES.items()}

_SMILEY_INPUT = {":(": 1, "(": 1, ":|": 2, "|": 2, ":)": 3}
_UNSCORED_INPUT = {"", "-", "0"}


def _check_raw(raw: int) -> int:
    """Reject anything that is not a stored POINT_100 score."""
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 100:
        raise ValueError(f"stored score must be an int 0-100, got {raw!r}")
    return raw


def _check_value(value: float, maximum: int) -> float:
    """Reject a user-format score that is not a finite number in 0..maximum."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"score must be a number, got {value!r}")
    if not math.isfinite(value) or not 0 <= value <= maximum:
        raise ValueError(f"score must be between 0 and {maximum}, got {value!r}")
    return value


def _floor(value: float) -> int:
    """Floor, forgiving binary float noise such as 2.3 * 10 == 22.999999999999996."""
    return math.floor(round(value, 6))


def to_format(raw: int, fmt: ScoreFormat) -> float | int:
    """A stored POINT_100 score as the user sees it in ``fmt`` (float only for POINT_10_DECIMAL)."""
    raw = _check_raw(raw)
    if fmt is ScoreFormat.POINT_10_DECIMAL:
        return raw / 10
    if raw == 0:
        return 0
    if fmt is ScoreFormat.POINT_100:
        return raw
    if fmt is ScoreFormat.POINT_10:
        return max(1, raw // 10)
    if fmt is ScoreFormat.POINT_5:
        return bisect_right(_STAR_FLOORS, raw)
    if fmt is ScoreFormat.POINT_3:
        return bisect_right(_SMILEY_FLOORS, raw)
    raise ValueError(f"unknown score format {fmt!r}")


def from_format(value: float, fmt: ScoreFormat) -> int:
    """A score entered in ``fmt`` as the POINT_100 int to store; ValueError if out of range."""
    value = _check_value(value, MAX_VALUE[fmt])
    if value == 0:
        return 0
    if fmt is ScoreFormat.POINT_100:
        return max(1, _floor(value))
    if fmt is ScoreFormat.POINT_10_DECIMAL:
        return max(1, _floor(value * 10))
    bucket = max(1, _floor(value))
    if fmt is ScoreFormat.POINT_10:
        return bucket * 10
    if fmt is ScoreFormat.POINT_5:
        return _STAR_VALUES[bucket - 1]
    if fmt is ScoreFormat.POINT_3:
        return _SMILEY_VALUES[bucket - 1]
    raise ValueError(f"unknown score format {fmt!r}")


def _v1_format(score_type: int) -> ScoreFormat:
    """The score format behind a v1 ``score_type`` number."""
    try:
        return V1_SCORE_TYPES[score_type]
    except (KeyError, TypeError):
        raise ValueError(f"unknown v1 score type {score_type!r}") from None


def to_v1(raw: int, score_type: int) -> float | int | str:
    """A stored score as v1 ``score`` for a user's ``score_type`` (smileys are strings)."""
    fmt = _v1_format(score_type)
    value = to_format(raw, fmt)
    if fmt is ScoreFormat.POINT_3:
        return V1_UNSCORED_SMILEY if value == 0 else SMILEYS[int(value) - 1]
    return value


def from_v1(value: float | str, score_type: int) -> int:
    """A v1 ``score`` (number, numeric form string, or smiley) as the POINT_100 int to store."""
    fmt = _v1_format(score_type)
    if isinstance(value, str):
        text = value.strip()
        if text in _UNSCORED_INPUT:
            return 0
        if fmt is ScoreFormat.POINT_3 and text in _SMILEY_INPUT:
            return _SMILEY_VALUES[_SMILEY_INPUT[text] - 1]
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"invalid score {value!r}") from None
    return from_format(value, fmt)


def to_mal(raw: int) -> int:
    """A stored score as MAL's 0-10 integer."""
    return int(to_format(raw, ScoreFormat.POINT_10))


def from_mal(value: int) -> int:
    """A MAL 0-10 integer score as the POINT_100 int to store."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"MAL score must be an int 0-10, got {value!r}")
    return from_format(value, ScoreFormat.POINT_10)
