"""The deprecated ``User.stats`` (``UserStats``), on the batched loaders of ``statistics``.

AniList replaced it with ``User.statistics`` but old clients still select it, and the
site never documented its semantics. Kagami derives every field from the domain
statistics (``kagami.lists.statistics``: PLANNING and private-entry rules included) so
the two APIs can never disagree:

- ``watchedTime`` is anime minutes watched, ``chaptersRead`` manga chapters read
  (rewatches/rereads included, as in ``statistics``).
- ``*StatusDistribution`` is the status breakdown (PLANNING included) in
  ``MediaListStatus`` order, and ``*ScoreDistribution`` the score breakdown (nearest ten,
  scored entries only) in ascending score: the same shapes and orders as ``Media.stats``.
- ``*ListScores`` are the totals' mean and population deviation (POINT_100 scale),
  rounded half up to the schema's ``Int``.
- The ``favoured*`` lists are anime-only: AniList's legacy profile stats were
  anime-centric (``timeWatched`` is minutes, which manga has none of). They are ordered
  by count descending, ties by key, as ``statistics`` ranks by default. ``favouredActors``
  are the Japanese voice actors, ``favouredYears`` the media's release year, and
  ``favouredGenresOverview`` the first ``OVERVIEW_GENRES`` of ``favouredGenres``.
- ``activityHistory`` comes from ``kagami.social.history`` (see its docstring).

Each field costs one loader per (media type, dimension) for the whole level, shared with
``User.statistics``; ``activityHistory`` is one more statement per level.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.accounts.models import User
from kagami.dialects.anilist_graphql.resolvers.common import load
from kagami.dialects.anilist_graphql.resolvers.statistics import (
    load_breakdown,
    load_totals,
    materialize,
)
from kagami.lists import statistics
from kagami.lists.enums import MediaListStatus
from kagami.lists.statistics import Bucket
from kagami.social import history

OVERVIEW_GENRES = 5
# Plain strings, the same loader-name parts ``statistics`` uses, so the loaders are shared.
ANIME, MANGA = "ANIME", "MANGA"
_STATUS_ORDER = {status: i for i, status in enumerate(MediaListStatus)}

user = ObjectType("User")
user_stats = ObjectType("UserStats")


@dataclass(frozen=True, slots=True)
class _Legacy:
    """The parent of every ``UserStats`` field: only the user id is needed to batch."""

    user_id: int


def as_int(value: float) -> int:
    """Half-up rounding to the schema's ``Int`` (Python's ``round`` would go half-even)."""
    return math.floor(value + 0.5)


@user.field("stats")
def _stats(obj: User, _info: GraphQLResolveInfo) -> _Legacy:
    return _Legacy(obj.id)


@user_stats.field("watchedTime")
async def _watched_time(obj: _Legacy, info: GraphQLResolveInfo) -> int:
    return (await load_totals(info, obj.user_id, ANIME)).minutes_watched


@user_stats.field("chaptersRead")
async def _chapters_read(obj: _Legacy, info: GraphQLResolveInfo) -> int:
    return (await load_totals(info, obj.user_id, MANGA)).chapters_read


def _status_distribution(media_type: str) -> Any:
    async def resolve(obj: _Legacy, info: GraphQLResolveInfo) -> list[dict[str, Any]]:
        buckets = await load_breakdown(info, obj.user_id, media_type, "status")
        ordered = sorted(buckets, key=lambda b: _STATUS_ORDER[MediaListStatus(b.key)])
        return [{"status": b.key, "amount": b.count} for b in ordered]

    return resolve


def _score_distribution(media_type: str) -> Any:
    async def resolve(obj: _Legacy, info: GraphQLResolveInfo) -> list[dict[str, int]]:
        buckets = await load_breakdown(info, obj.user_id, media_type, "score")
        return [{"score": b.key, "amount": b.count} for b in sorted(buckets, key=lambda b: b.key)]

    return resolve


def _list_scores(media_type: str) -> Any:
    async def resolve(obj: _Legacy, info: GraphQLResolveInfo) -> dict[str, int]:
        found = await load_totals(info, obj.user_id, media_type)
        return {
            "mean_score": as_int(found.mean_score),
            "standard_deviation": as_int(found.standard_deviation),
        }

    return resolve


def _tag(key: Any) -> dict[str, Any]:
    # Imported late, as ``statistics`` does: media.py imports half the resolver package.
    from kagami.dialects.anilist_graphql.resolvers.media import tag_wire

    return tag_wire(key, None, None)


def _timed(key_field: str, wire: Callable[[Any], Any] = lambda key: key) -> Any:
    """Wire of a ``GenreStats``-like item: key, amount, rounded mean, minutes watched."""

    def shape(b: Bucket) -> dict[str, Any]:
        return {
            key_field: wire(b.key),
            "amount": b.count,
            "mean_score": as_int(b.mean_score),
            "time_watched": b.minutes_watched,
        }

    return shape


# GraphQL field -> (anime breakdown dimension, item wire, limit).
_FAVOURED: dict[str, tuple[str, Callable[[Bucket], dict[str, Any]], int | None]] = {
    "favouredGenresOverview": ("genre", _timed("genre"), OVERVIEW_GENRES),
    "favouredGenres": ("genre", _timed("genre"), None),
    "favouredTags": ("tag", _timed("tag", _tag), None),
    "favouredActors": ("voice_actor", _timed("staff"), None),
    "favouredStaff": ("staff", _timed("staff"), None),
    "favouredStudios": ("studio", _timed("studio"), None),
    "favouredYears": (
        "release_year",
        lambda b: {"year": b.key, "amount": b.count, "mean_score": as_int(b.mean_score)},
        None,
    ),
    "favouredFormats": ("format", lambda b: {"format": b.key, "amount": b.count}, None),
}


def _favoured(dimension: str, shape: Callable[[Bucket], dict[str, Any]], limit: int | None) -> Any:
    async def resolve(obj: _Legacy, info: GraphQLResolveInfo) -> list[dict[str, Any]]:
        buckets = await load_breakdown(info, obj.user_id, ANIME, dimension)
        ranked = statistics.rank(buckets, (), limit)
        ranked = await materialize(info, obj.user_id, ANIME, dimension, ranked, members=False)
        return [shape(b) for b in ranked]

    return resolve


@user_stats.field("activityHistory")
async def _activity_history(obj: _Legacy, info: GraphQLResolveInfo) -> list[dict[str, int]]:
    days: list[history.HistoryDay] = await load(
        info, "stats.activityHistory", obj.user_id, history.activity_history, []
    )
    return [{"date": d.date, "amount": d.amount, "level": d.level} for d in days]


for _media_type, _prefix in ((ANIME, "anime"), (MANGA, "manga")):
    user_stats.set_field(f"{_prefix}StatusDistribution", _status_distribution(_media_type))
    user_stats.set_field(f"{_prefix}ScoreDistribution", _score_distribution(_media_type))
    user_stats.set_field(f"{_prefix}ListScores", _list_scores(_media_type))
for _field, (_dimension, _shape, _limit) in _FAVOURED.items():
    user_stats.set_field(_field, _favoured(_dimension, _shape, _limit))

BINDABLES = [user, user_stats]
