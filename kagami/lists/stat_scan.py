"""A breakdown aggregated from the raw entries per request: ``mediaIds`` and ``characterIds``.

The maintained rows (``lists/stat_breakdowns.py``) hold the numbers; which media (and
voice-acted characters) fill a bucket is read here, for just the buckets a response
returns (``keys``). Without ``keys`` it computes whole breakdowns from scratch, which
the exactness tests compare the maintained rows against.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
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
from kagami.catalogue.stats import score_bucket
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.lists.stat_keys import LENGTHS, length_label
from kagami.lists.statistics import Bucket, rounded


def _visible(user_ids: Sequence[int], media_type: str, viewer_id: int | None) -> list[Any]:
    private_ok: Any = ListEntry.private.is_(False)
    if viewer_id is not None:
        private_ok = sa.or_(private_ok, ListEntry.user_id == viewer_id)
    return [ListEntry.user_id.in_(list(user_ids)), ListEntry.media_type == media_type, private_ok]


def _consumed(media_type: str) -> tuple[Any, Any]:
    """(minutes, chapters) SQL expressions of one entry, repeats included."""
    zero: Any = sa.literal_column("0")
    if media_type == MediaType.ANIME:
        episodes = ListEntry.progress + ListEntry.repeat * sa.func.coalesce(Media.episodes, 0)
        return episodes * sa.func.coalesce(Media.duration, 0), zero
    return zero, ListEntry.progress + ListEntry.repeat * sa.func.coalesce(Media.chapters, 0)


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


def _media_link(dimension: str, media_ids: Any, keys: list[Any] | None) -> _Link:
    """Distinct (media, key) rows of a joined dimension, limited to ``media_ids`` and ``keys``."""
    link = _link(dimension, media_ids)
    if keys is None:
        return link
    return _Link(link.select.where(link.select.selected_columns.key.in_(keys)), link.entity)


def _link(dimension: str, media_ids: Any) -> _Link:
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


async def scan(
    session: AsyncSession,
    user_ids: Sequence[int],
    media_type: str,
    dimension: str,
    viewer_id: int | None = None,
    keys: Collection[Any] | None = None,
) -> dict[int, list[Bucket]]:
    """One dimension's buckets per user from the raw entries (only ``keys``' when given).

    Entity dimensions' keys are the MediaTag/Staff/Studio rows; ``keys`` are their ids.
    """
    wanted_keys = None if keys is None else sorted(keys, key=str)
    minutes, chapters = _consumed(media_type)
    where = _visible(user_ids, media_type, viewer_id)
    if dimension != "status":
        where.append(ListEntry.status != MediaListStatus.PLANNING)
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
        if wanted_keys is not None:
            facts = facts.where(key.in_(wanted_keys))
    else:
        wanted = sa.select(ListEntry.media_id).where(*where)
        link = _media_link(dimension, wanted, wanted_keys)
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
                mean_score=rounded(int(m["score_sum"] or 0), n_scored),
                minutes_watched=int(m["minutes"] or 0),
                chapters_read=int(m["chapters"] or 0),
                media_ids=_ids(m["media_ids"]),
                character_ids=_ids(m["chars"]) if "chars" in m else [],
            )
        )
    return out


COLUMN_DIMENSIONS = frozenset(_COLUMN_KEYS)
Members = dict[Any, list[int]]  # key -> sorted media ids


async def column_rows(
    session: AsyncSession, user_ids: Sequence[int], media_type: str, viewer_id: int | None
) -> dict[int, list[Any]]:
    """Per user, the visible entries with every column a column dimension's key comes from.

    One statement serves all seven column dimensions (see :func:`column_members`).
    """
    units = Media.episodes if media_type == MediaType.ANIME else Media.chapters
    stmt = (
        sa.select(
            ListEntry.user_id,
            ListEntry.media_id,
            ListEntry.status,
            ListEntry.score,
            ListEntry.started_year,
            Media.format,
            units,
            Media.start_year,
            Media.country_of_origin,
        )
        .join(Media, Media.id == ListEntry.media_id)
        .where(*_visible(user_ids, media_type, viewer_id))
    )
    out: dict[int, list[Any]] = {}
    for row in await session.execute(stmt):
        out.setdefault(row[0], []).append(row)
    return out


# Where each column dimension's key is in a ``column_rows`` row (see its SELECT).
_COLUMN_KEY_OF: dict[str, Callable[[Any], Any]] = {
    "status": lambda row: row[2],
    "format": lambda row: row[5],
    "score": lambda row: score_bucket(row[3]) if row[3] > 0 else None,
    "length": lambda row: length_label(row[6]),
    "release_year": lambda row: row[7],
    "start_year": lambda row: row[4],
    "country": lambda row: row[8],
}


def column_members(rows: Sequence[Any], dimension: str, keys: Collection[Any]) -> Members:
    """The media ids of ``keys``' buckets of a column dimension, from ``column_rows``.

    One cheap key per row: this runs on the event loop over a whole list (thousands of rows
    for each of several dimensions), so it must stay well under the loop-lag budget.
    """
    wanted = set(keys)
    key_of = _COLUMN_KEY_OF[dimension]
    counts_planning = dimension == "status"
    found: dict[Any, list[int]] = {}
    for row in rows:
        if not counts_planning and row[2] == MediaListStatus.PLANNING:
            continue
        key = key_of(row)
        if key is not None and key in wanted:
            found.setdefault(key, []).append(row[1])
    return {k: sorted(v) for k, v in found.items()}
