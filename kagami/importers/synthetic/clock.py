"""The synthetic world's fixed calendar: every timestamp derives from the seed, never from now()."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

DAY = 86_400
WEEK = 7 * DAY


def epoch_of(year: int, month: int = 1, day: int = 1) -> int:
    """Epoch seconds of a UTC midnight."""
    return int(datetime(year, month, day, tzinfo=UTC).timestamp())


# Users join between WORLD_START and WORLD_END; WORLD_END is the synthetic "now".
WORLD_START = epoch_of(2015, 1, 1)
WORLD_END = epoch_of(2026, 6, 1)

_TABLE_FIRST = date(1950, 1, 1)
_TABLE_BASE = epoch_of(1950, 1, 1)
# A (year, month, day) per day: list entries need ~1M conversions, datetime is too slow for that.
_DAYS: list[tuple[int, int, int]] = [
    (d.year, d.month, d.day)
    for d in (
        _TABLE_FIRST + timedelta(days=i) for i in range((date(2040, 1, 1) - _TABLE_FIRST).days)
    )
]


def fuzzy(ts: int) -> tuple[int, int, int]:
    """The (year, month, day) of an epoch timestamp, as a FuzzyDate's three columns."""
    return _DAYS[(ts - _TABLE_BASE) // DAY]


def start_epoch(year: int | None, month: int | None, day: int | None) -> int | None:
    """Epoch of a (possibly partial) fuzzy date, or None when the year is unknown."""
    if year is None or not 1950 <= year < 2040:
        return None
    return epoch_of(year, month or 1, min(day or 1, 28))
