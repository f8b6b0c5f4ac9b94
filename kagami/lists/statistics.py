"""Per-user list statistics (AniList ``UserStatistics``): totals and breakdowns as SQL aggregates.

Every function takes the user ids of one GraphQL level and runs one statement for
all of them. Semantics (AniList documents none of these; chosen to match its site):

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
from kagami.catalogue.models import (
    Media,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaGenre,
    MediaStaff,
    MediaStudio,
    MediaTag,
    MediaTagLink,
    Staff,
    Studio,
)
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry, UserListTotals
from kagami.lists.totals import SUMS

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
LENGTHS = ((1, "1"), (6, "2-6"), (16, "7-16"), (28, "17-28"), (55, "29-55"), (100, "56-100"))


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
    """One breakdown row: its key (a value, or a MediaTag/Staff/Studio row) and aggregates."""

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


def _visible(user_ids: Sequence[int], media_type: str, viewer_id: int | None) -> list[Any]:
    private_ok: Any = ListEntry.private.is_(False)
    if viewer_id is not None:
        private_ok = sa.or_(private_ok, ListEntry.user_id == viewer_id)
    return [ListEntry.user_id.in_(list(user_ids)), ListEntry.media_type == media_type, private_ok]


def _not_planning() -> Any:
    return ListEntry.status != MediaListStatus.PLANNING


def _consumed(media_type: str) -> tuple[Any, Any]:
    """(minutes, chapters) SQL expressions of one entry, repeats included."""
    zero: Any = sa.literal_column("0")
    if media_type == MediaType.ANIME:
        episodes = ListEntry.progress + ListEntry.repeat * sa.func.coalesce(Media.episodes, 0)
        return episodes * sa.func.coalesce(Media.duration, 0), zero
    return zero, ListEntry.progress + ListEntry.repeat * sa.func.coalesce(Media.chapters, 0)


def _rounded(total: int, n: int) -> float:
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


def _score_key() -> Any:
    score = ListEntry.score
    return sa.case((score < 15, 10), (score >= 95, 100), else_=(score + 5) // 10 * 10)


def _length_key(media_type: str) -> Any:
    n = Media.episodes if media_type == MediaType.ANIME else Media.chapters
    whens = [(n.is_(None), sa.null()), *((n <= top, label) for top, label in LENGTHS)]
    return sa.case(*whens, else_="101+")


@dataclass(frozen=True, slots=True)
class _Link:
    """A media-level key reached through other tables: (media_id, key[, chars]) rows."""

    select: Any
    entity: Any = None


def _media_link(dimension: str, media_ids: Any) -> _Link:
    """Distinct (media, key) rows of a joined dimension, limited to ``media_ids``."""
    stmt: Any
    if dimension == "genre":
        stmt = sa.select(MediaGenre.media_id, MediaGenre.genre.label("key"))
        return _Link(stmt.where(MediaGenre.media_id.in_(media_ids)))
    if dimension == "tag":
        stmt = sa.select(MediaTagLink.media_id, MediaTagLink.tag_id.label("key"))
        return _Link(stmt.where(MediaTagLink.media_id.in_(media_ids)), MediaTag)
    if dimension == "studio":
        stmt = sa.select(MediaStudio.media_id, MediaStudio.studio_id.label("key")).where(
            MediaStudio.media_id.in_(media_ids), MediaStudio.is_main.is_(True)
        )
        return _Link(stmt, Studio)
    if dimension == "staff":
        stmt = sa.select(MediaStaff.media_id, MediaStaff.staff_id.label("key")).distinct()
        return _Link(stmt.where(MediaStaff.media_id.in_(media_ids)), Staff)
    va = MediaCharacterVoiceActor
    chars = sa.func.aggregate_strings(sa.cast(MediaCharacter.character_id, sa.String), ",")
    stmt = (
        sa.select(MediaCharacter.media_id, va.staff_id.label("key"), chars.label("chars"))
        .join(va, va.media_character_id == MediaCharacter.id)
        .where(MediaCharacter.media_id.in_(media_ids), sa.func.lower(va.language) == "japanese")
        .group_by(MediaCharacter.media_id, va.staff_id)
    )
    return _Link(stmt, Staff)


_COLUMN_KEYS: dict[str, Any] = {
    "format": lambda _t: Media.format,
    "status": lambda _t: ListEntry.status,
    "score": lambda _t: _score_key(),
    "length": _length_key,
    "release_year": lambda _t: Media.start_year,
    "start_year": lambda _t: ListEntry.started_year,
    "country": lambda _t: Media.country_of_origin,
}


def _ids(joined: str | None) -> list[int]:
    return sorted({int(x) for x in (joined or "").split(",") if x})


async def breakdown(
    session: AsyncSession,
    user_ids: Sequence[int],
    media_type: str,
    dimension: str,
    viewer_id: int | None = None,
) -> dict[int, list[Bucket]]:
    """One dimension's buckets per user (unsorted; see ``rank``), for one media type."""
    minutes, chapters = _consumed(media_type)
    where = _visible(user_ids, media_type, viewer_id)
    if dimension != "status":
        where.append(_not_planning())
    if dimension == "score":
        where.append(ListEntry.score > 0)
    cols = [
        ListEntry.user_id.label("user_id"),
        ListEntry.media_id.label("media_id"),
        ListEntry.score.label("score"),
        minutes.label("minutes"),
        chapters.label("chapters"),
    ]
    entity = None
    if dimension in _COLUMN_KEYS:
        key = _COLUMN_KEYS[dimension](media_type)
        facts = sa.select(*cols, key.label("key")).join(Media, Media.id == ListEntry.media_id)
        facts = facts.where(*where, key.is_not(None))
    else:
        wanted = sa.select(ListEntry.media_id).where(*where)
        link = _media_link(dimension, wanted)
        entity = link.entity
        sub = link.select.subquery()
        extra = [sub.c.chars] if "chars" in sub.c else []
        facts = (
            sa.select(*cols, sub.c.key, *extra)
            .join(Media, Media.id == ListEntry.media_id)
            .join(sub, sub.c.media_id == ListEntry.media_id)
            .where(*where)
        )
    f = facts.subquery()
    agg_cols = [
        f.c.user_id,
        f.c.key,
        sa.func.count().label("n"),
        sa.func.sum(sa.case((f.c.score > 0, 1), else_=0)).label("n_scored"),
        sa.func.sum(f.c.score).label("score_sum"),
        sa.func.sum(f.c.minutes).label("minutes"),
        sa.func.sum(f.c.chapters).label("chapters"),
        sa.func.aggregate_strings(sa.cast(f.c.media_id, sa.String), ",").label("media_ids"),
    ]
    if "chars" in f.c:
        agg_cols.append(sa.func.aggregate_strings(f.c.chars, ",").label("chars"))
    agg = sa.select(*agg_cols).group_by(f.c.user_id, f.c.key)
    if entity is not None:
        a = agg.subquery()
        stmt: Any = sa.select(a, entity).join(entity, entity.id == a.c.key)
    else:
        stmt = agg
    out: dict[int, list[Bucket]] = {}
    for row in (await session.execute(stmt)).all():
        m = row._mapping
        n_scored = int(m["n_scored"] or 0)
        out.setdefault(m["user_id"], []).append(
            Bucket(
                key=row[-1] if entity is not None else m["key"],
                count=m["n"],
                mean_score=_rounded(int(m["score_sum"] or 0), n_scored),
                minutes_watched=int(m["minutes"] or 0),
                chapters_read=int(m["chapters"] or 0),
                media_ids=_ids(m["media_ids"]),
                character_ids=_ids(m["chars"]) if "chars" in m else [],
            )
        )
    return out


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
