"""``User.statistics``: totals and breakdowns, one batched statement per field over a level."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.accounts.models import User
from kagami.dialects.anilist_graphql.resolvers.common import ctx, load, sort_keys
from kagami.lists import statistics
from kagami.lists.statistics import Bucket, Totals

user = ObjectType("User")
statistic_types = ObjectType("UserStatisticTypes")
user_statistics = ObjectType("UserStatistics")

# GraphQL breakdown field -> domain dimension (also the item's key field, snake_case).
_BREAKDOWNS = {
    "formats": "format",
    "statuses": "status",
    "scores": "score",
    "lengths": "length",
    "releaseYears": "release_year",
    "startYears": "start_year",
    "genres": "genre",
    "tags": "tag",
    "countries": "country",
    "voiceActors": "voice_actor",
    "staff": "staff",
    "studios": "studio",
}
_TOTALS = {
    "count": "count",
    "meanScore": "mean_score",
    "standardDeviation": "standard_deviation",
    "minutesWatched": "minutes_watched",
    "episodesWatched": "episodes_watched",
    "chaptersRead": "chapters_read",
    "volumesRead": "volumes_read",
}


@dataclass(frozen=True, slots=True)
class _Stats:
    user_id: int
    media_type: str


def _viewer_id(info: GraphQLResolveInfo) -> int | None:
    viewer = ctx(info).viewer
    return viewer.user_id if viewer is not None else None


@user.field("statistics")
def _statistics(obj: User, _info: GraphQLResolveInfo) -> User:
    return obj


@statistic_types.field("anime")
@statistic_types.field("manga")
def _of_type(obj: User, info: GraphQLResolveInfo) -> _Stats:
    return _Stats(obj.id, "ANIME" if info.field_name == "anime" else "MANGA")


async def load_totals(info: GraphQLResolveInfo, user_id: int, media_type: str) -> Totals:
    """A user's totals of one media type, batched over the level.

    Public so the deprecated ``User.stats`` shares the loader: a query selecting both
    ``statistics`` and ``stats`` runs the statement once.
    """
    viewer_id = _viewer_id(info)

    async def batch(session: Any, ids: Any) -> dict[int, Totals]:
        return await statistics.totals(session, ids, media_type, viewer_id)

    found = await load(info, ("stats.totals", media_type), user_id, batch)
    return found or Totals()


async def load_breakdown(
    info: GraphQLResolveInfo, user_id: int, media_type: str, dimension: str
) -> list[Bucket]:
    """A user's unsorted buckets of one dimension, batched over the level (shared like totals)."""
    viewer_id = _viewer_id(info)

    async def batch(session: Any, ids: Any) -> dict[int, list[Bucket]]:
        return await statistics.breakdown(session, ids, media_type, dimension, viewer_id)

    found: list[Bucket] = await load(info, ("stats", dimension, media_type), user_id, batch, [])
    return found


def _total_field(attr: str) -> Any:
    async def resolve(obj: _Stats, info: GraphQLResolveInfo) -> Any:
        return getattr(await load_totals(info, obj.user_id, obj.media_type), attr)

    return resolve


def _wire(bucket: Bucket, key_field: str) -> dict[str, Any]:
    key = bucket.key
    if key_field == "tag":
        from kagami.dialects.anilist_graphql.resolvers.media import tag_wire

        key = tag_wire(key, None, None)
    item = {
        "count": bucket.count,
        "mean_score": bucket.mean_score,
        "minutes_watched": bucket.minutes_watched,
        "chapters_read": bucket.chapters_read,
        "media_ids": bucket.media_ids,
        key_field: key,
    }
    if key_field == "voice_actor":
        item["character_ids"] = bucket.character_ids
    return item


def _breakdown_field(dimension: str) -> Any:
    async def resolve(
        obj: _Stats, info: GraphQLResolveInfo, limit: int | None = None, sort: Any = None
    ) -> list[dict[str, Any]]:
        buckets = await load_breakdown(info, obj.user_id, obj.media_type, dimension)
        ranked = statistics.rank(buckets, sort_keys(sort), limit)
        return [_wire(b, dimension) for b in ranked]

    return resolve


for _field, _attr in _TOTALS.items():
    user_statistics.set_field(_field, _total_field(_attr))
for _field, _dimension in _BREAKDOWNS.items():
    user_statistics.set_field(_field, _breakdown_field(_dimension))

BINDABLES = [user, statistic_types, user_statistics]
