"""The keys a media files its entries under, per ``User.statistics`` breakdown dimension.

Media-level dimensions (format, length, release year, genre, tag, country, voice actor,
staff, studio) come from the catalogue; entry-level ones (status, score, start year)
from the entry itself. Keys are text in the maintained table (``user_stat_breakdowns``):
ids and years as decimals, decoded back by :func:`decode`. One definition serves the
per-write maintenance, the rebuild and the per-request reference aggregation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from kagami.catalogue.enums import MediaFormat, MediaType
from kagami.catalogue.models import (
    Media,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaGenre,
    MediaStaff,
    MediaStudio,
    MediaTagLink,
)
from kagami.catalogue.stats import score_bucket
from kagami.lists.enums import MediaListStatus

# Keyed by media columns (joined through ``media``) and by link tables.
COLUMN_DIMENSIONS = ("format", "length", "release_year", "country")
LINK_DIMENSIONS = ("genre", "tag", "voice_actor", "staff", "studio")
MEDIA_DIMENSIONS = COLUMN_DIMENSIONS + LINK_DIMENSIONS
ENTRY_DIMENSIONS = ("status", "score", "start_year")
LENGTHS = ((1, "1"), (6, "2-6"), (16, "7-16"), (28, "17-28"), (55, "29-55"), (100, "56-100"))
# Key text -> the value ``Bucket.key`` holds (entity dimensions: the row id).
_DECODE: dict[str, Callable[[str], Any]] = {
    "format": MediaFormat,
    "status": MediaListStatus,
    "score": int,
    "release_year": int,
    "start_year": int,
    "tag": int,
    "voice_actor": int,
    "staff": int,
    "studio": int,
}


def decode(dimension: str, key: str) -> Any:
    """A stored key as the breakdown reports it (enum, int, or the text itself)."""
    return _DECODE.get(dimension, str)(key)


def decoder(dimension: str) -> Callable[[str], Any]:
    """:func:`decode` of one dimension, looked up once for a long run of keys."""
    return _DECODE.get(dimension, str)


def length_label(units: int | None) -> str | None:
    """The ``length`` bucket of a media with ``units`` episodes or chapters (None: unknown)."""
    if units is None:
        return None
    for top, label in LENGTHS:
        if units <= top:
            return label
    return "101+"


def entry_keys(status: str, score: int, started_year: int | None) -> list[tuple[str, str]]:
    """(dimension, key) of the entry-level dimensions an entry counts in."""
    keys = [("status", str(status))]
    if status == MediaListStatus.PLANNING:
        return keys  # PLANNING counts in the status breakdown only
    if score > 0:
        keys.append(("score", str(score_bucket(score))))
    if started_year is not None:
        keys.append(("start_year", str(started_year)))
    return keys


def column_key(dimension: str) -> Any:
    """SQL text key of a media-column dimension (NULL: the media has no bucket)."""
    if dimension == "format":
        return sa.cast(Media.format, sa.String)
    if dimension == "release_year":
        return sa.cast(Media.start_year, sa.String)
    if dimension == "country":
        return Media.country_of_origin
    units = sa.case((Media.type == MediaType.ANIME, Media.episodes), else_=Media.chapters)
    whens = [(units.is_(None), sa.null()), *((units <= top, label) for top, label in LENGTHS)]
    return sa.case(*whens, else_="101+")


@dataclass(frozen=True, slots=True)
class Link:
    """Where a link dimension's keys live: FROM clause, its media id, text key, conditions.

    The rows may repeat a key per media (staff with two roles, a voice actor of two
    characters): callers count an entry once per key with DISTINCT.
    """

    table: Any
    media_id: Any
    key: Any
    where: tuple[Any, ...] = ()


def link(dimension: str) -> Link:
    """The link table(s) of one of ``LINK_DIMENSIONS``."""
    if dimension == "genre":
        return Link(MediaGenre, MediaGenre.media_id, MediaGenre.genre)
    if dimension == "tag":
        return Link(MediaTagLink, MediaTagLink.media_id, sa.cast(MediaTagLink.tag_id, sa.String))
    if dimension == "studio":
        key = sa.cast(MediaStudio.studio_id, sa.String)
        return Link(MediaStudio, MediaStudio.media_id, key, (MediaStudio.is_main.is_(True),))
    if dimension == "staff":
        return Link(MediaStaff, MediaStaff.media_id, sa.cast(MediaStaff.staff_id, sa.String))
    va = MediaCharacterVoiceActor
    joined = sa.join(MediaCharacter, va, va.media_character_id == MediaCharacter.id)
    japanese = sa.func.lower(va.language) == "japanese"
    return Link(joined, MediaCharacter.media_id, sa.cast(va.staff_id, sa.String), (japanese,))


def media_keys(media_ids: Any) -> Any:
    """SELECT of the distinct (media_id, dimension, key) of these media, every media dimension.

    ``media_ids``: a list, or an expanding bind parameter (one cached statement).
    """
    parts: list[Any] = []
    for dimension in COLUMN_DIMENSIONS:
        key = column_key(dimension)
        parts.append(
            sa.select(Media.id.label("media_id"), _name(dimension), key.label("key")).where(
                Media.id.in_(media_ids), key.is_not(None)
            )
        )
    for dimension in LINK_DIMENSIONS:
        ln = link(dimension)
        stmt = sa.select(ln.media_id.label("media_id"), _name(dimension), ln.key.label("key"))
        stmt = stmt.select_from(ln.table).where(ln.media_id.in_(media_ids), *ln.where)
        parts.append(stmt.distinct())
    return sa.union_all(*parts)


def _name(dimension: str) -> Any:
    return sa.literal_column(f"'{dimension}'").label("dimension")
