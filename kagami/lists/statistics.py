"""Per-user list statistics (AniList ``UserStatistics``): totals and breakdowns.

Both are read from rows the list services maintain on every write (``lists/totals.py``,
``lists/stat_breakdowns.py``), so a read costs one indexed statement for all the user
ids of a GraphQL level, however long the lists are; the media (and characters) behind
the returned buckets are aggregated from the entries (``lists/stat_scan.py``).
Semantics (AniList documents none of these; chosen to match its site):

- PLANNING entries count nowhere except the ``status`` breakdown; private entries
  count only when the viewer owns them (their media ids would otherwise leak).
- ``mean_score`` averages scored entries (score > 0) on the stored POINT_100 scale;
  ``standard_deviation`` is the population deviation of those scores; both round to 2.
- Consumption includes rewatches/rereads: episodes = progress + repeat x episodes,
  minutes = episodes x duration, chapters = progress + repeat x chapters,
  volumes = progress_volumes + repeat x volumes.
- ``score`` buckets are the media distribution's (``catalogue.stats.score_bucket``):
  the nearest ten, 10..100, over scored entries only.
- ``length`` buckets episodes (anime) or chapters (manga): 1, 2-6, 7-16, 17-28,
  29-55, 56-100, 101+; unknown lengths and other null keys form no bucket.
- ``voice_actor`` counts Japanese voice actors; ``studio`` counts main studios;
  an entry counts once per key however many characters or roles link them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.lists import stat_breakdowns, stat_keys
from kagami.lists.models import UserListTotals, UserStatBreakdown
from kagami.lists.totals import SUMS
from kagami.memory import collector_paused

DIMENSIONS = (
    "format",
    "status",
    "score",
    "length",
    "release_year",
    "start_year",
    "genre",
    "tag",
    "country",
    "voice_actor",
    "staff",
    "studio",
)
# Dimensions whose keys are catalogue rows (MediaTag, Staff, Studio) reported by id.
ENTITY_DIMENSIONS = frozenset({"tag", "voice_actor", "staff", "studio"})


@dataclass(frozen=True, slots=True)
class Totals:
    """A user's totals for one media type."""

    count: int = 0
    mean_score: float = 0.0
    standard_deviation: float = 0.0
    minutes_watched: int = 0
    episodes_watched: int = 0
    chapters_read: int = 0
    volumes_read: int = 0


@dataclass(frozen=True, slots=True)
class Bucket:
    """One breakdown row: its key (a value, or a MediaTag/Staff/Studio row) and aggregates.

    Read from the maintained rows, entity keys are ids and ``media_ids`` /
    ``character_ids`` empty until the caller fills the buckets it returns.
    """

    key: Any
    count: int
    mean_score: float
    minutes_watched: int
    chapters_read: int
    media_ids: list[int]
    character_ids: list[int] = field(default_factory=list)

    @property
    def sort_id(self) -> Any:
        """What ``ID`` sorts by: the row id of entity keys, else the key itself."""
        return getattr(self.key, "id", self.key)


def rounded(total: int, n: int) -> float:
    """A mean rounded to 2 places, 0 for no values."""
    return round(total / n, 2) if n else 0.0


async def totals(
    session: AsyncSession, user_ids: Sequence[int], media_type: str, viewer_id: int | None = None
) -> dict[int, Totals]:
    """Count, mean, deviation and consumption per user, for one media type.

    Read from the maintained ``user_list_totals`` rows (``lists/totals.py``): the public
    row, plus the private one for the viewer's own statistics. One indexed read, however
    long the lists are.
    """
    t = UserListTotals
    private_ok: Any = t.private.is_(False)
    if viewer_id is not None:
        private_ok = sa.or_(private_ok, t.user_id == viewer_id)
    stmt = (
        sa.select(t.user_id, *(sa.func.sum(getattr(t, name)) for name in SUMS))
        .where(t.user_id.in_(list(user_ids)), t.media_type == media_type, private_ok)
        .group_by(t.user_id)
    )
    out: dict[int, Totals] = {}
    anime = media_type == MediaType.ANIME
    for user_id, *sums in (await session.execute(stmt)).all():
        n, n_scored, s, s2, mins, eps, chaps, vols = (int(v or 0) for v in sums)
        mean = s / n_scored if n_scored else 0.0
        variance = max(0.0, s2 / n_scored - mean * mean) if n_scored else 0.0
        out[user_id] = Totals(
            count=n,
            mean_score=round(mean, 2),
            standard_deviation=round(math.sqrt(variance), 2),
            minutes_watched=mins,
            episodes_watched=eps if anime else 0,
            chapters_read=chaps,
            volumes_read=0 if anime else vols,
        )
    return out


async def breakdown(
    session: AsyncSession,
    user_ids: Sequence[int],
    media_type: str,
    dimension: str,
    viewer_id: int | None = None,
) -> dict[int, list[Bucket]]:
    """One dimension's buckets per user (unsorted; see ``rank``), from the maintained rows.

    The public rows, plus the private ones for the viewer's own statistics, summed per
    key; keys whose count fell to 0 are no bucket. Without the viewer's own statistics
    there is one public row per key: read as it is, with nothing to group.
    """
    b = UserStatBreakdown
    where = [b.user_id.in_(list(user_ids)), b.media_type == media_type, b.dimension == dimension]
    stmt: Any
    if viewer_id is None or viewer_id not in user_ids:
        sums = (b.count, *(getattr(b, n) for n in _BUCKET_SUMS))
        stmt = sa.select(b.user_id, b.key, *sums).where(*where, b.private.is_(False), b.count > 0)
    else:
        count = sa.func.sum(b.count)
        private_ok = sa.or_(b.private.is_(False), b.user_id == viewer_id)
        stmt = (
            sa.select(b.user_id, b.key, count, *(sa.func.sum(getattr(b, n)) for n in _BUCKET_SUMS))
            .where(*where, private_ok)
            .group_by(b.user_id, b.key)
            .having(count > 0)
        )
    out: dict[int, list[Bucket]] = {}
    # Core, not the ORM's row processing: thousands of plain rows for a long list.
    rows = await (await session.connection()).execute(stmt)
    decode = stat_keys.decoder(dimension)
    with collector_paused():  # thousands of rows and buckets for a long list, none cyclic
        for user_id, key, n, n_scored, score_sum, minutes, chapters in rows:
            out.setdefault(user_id, []).append(
                Bucket(
                    decode(key),
                    int(n),
                    rounded(int(score_sum or 0), int(n_scored or 0)),
                    int(minutes or 0),
                    int(chapters or 0),
                    [],
                )
            )
    return out


_BUCKET_SUMS = [n for n in stat_breakdowns.SUMS if n != "count"]


_SORT_KEYS: dict[str, Any] = {
    "id": lambda b: b.sort_id,
    "count": lambda b: b.count,
    "mean_score": lambda b: b.mean_score,
    "progress": lambda b: b.minutes_watched + b.chapters_read,
}


def rank(
    buckets: Sequence[Bucket], sort: Sequence[tuple[str, bool]], limit: int | None
) -> list[Bucket]:
    """Buckets ordered by UserStatisticsSort keys (default COUNT_DESC, then id), cut to ``limit``.

    ``progress`` is minutes watched for anime, chapters read for manga (the other is 0).
    """
    keys = [(k, desc) for k, desc in sort if k in _SORT_KEYS] or [("count", True)]
    ordered = sorted(buckets, key=lambda b: b.sort_id)
    for k, desc in reversed(keys):
        ordered.sort(key=_SORT_KEYS[k], reverse=desc)
    return ordered if limit is None else ordered[: max(limit, 0)]
