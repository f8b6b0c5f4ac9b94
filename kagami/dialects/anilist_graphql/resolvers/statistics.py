"""``User.statistics``: totals and breakdowns, one batched statement per field over a level."""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.accounts.models import User
from kagami.catalogue.models import MediaTag, Staff, Studio
from kagami.dialects.anilist_graphql.fastpath import precomplete
from kagami.dialects.anilist_graphql.resolvers.common import (
    ctx,
    field_names_below,
    load,
    sort_keys,
)
from kagami.lists import stat_scan, statistics
from kagami.lists.statistics import ENTITY_DIMENSIONS, Bucket, Totals
from kagami.memory import collector_paused

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


_ENTITIES: dict[str, Any] = {
    "tag": MediaTag,
    "voice_actor": Staff,
    "staff": Staff,
    "studio": Studio,
}


async def _entity(info: GraphQLResolveInfo, dimension: str, key: int) -> Any:
    """The MediaTag/Staff/Studio row of an entity key, batched over the request."""
    entity = _ENTITIES[dimension]

    async def batch(session: Any, ids: Any) -> dict[int, Any]:
        rows = await session.scalars(sa.select(entity).where(entity.id.in_(list(ids))))
        return {row.id: row for row in rows}

    return await load(info, ("stats.entity", entity.__name__), key, batch)


async def _members(
    info: GraphQLResolveInfo, user_id: int, media_type: str, dimension: str, keys: tuple[Any, ...]
) -> dict[Any, Bucket | list[int]]:
    """Who fills the buckets ``keys`` of one user: media ids (a column dimension, from one
    entries read shared by all seven) or buckets with media and character ids (a scan)."""
    viewer_id = _viewer_id(info)
    if dimension in stat_scan.COLUMN_DIMENSIONS:

        async def rows(session: Any, ids: Any) -> dict[int, list[Any]]:
            return await stat_scan.column_rows(session, ids, media_type, viewer_id)

        mine = await load(info, ("stats.columns", media_type), user_id, rows, [])
        return dict(stat_scan.column_members(mine, dimension, keys))

    async def batch(session: Any, wanted: Any) -> dict[Any, dict[Any, Bucket]]:
        users = sorted({u for u, _ in wanted})
        all_keys = {k for _, ks in wanted for k in ks}
        found = await stat_scan.scan(session, users, media_type, dimension, viewer_id, all_keys)
        by_user = {u: {b.sort_id: b for b in found.get(u, [])} for u in users}
        return {(u, ks): by_user[u] for u, ks in wanted}

    name = ("stats.members", media_type, dimension)
    found: dict[Any, Bucket | list[int]] = await load(info, name, (user_id, keys), batch, {})
    return found


async def materialize(
    info: GraphQLResolveInfo,
    user_id: int,
    media_type: str,
    dimension: str,
    buckets: list[Bucket],
    *,
    members: bool,
    only_ids: bool = False,
) -> list[Bucket]:
    """The buckets a response returns, with entity rows as keys and, when ``members``, ids.

    Called after ``rank`` cut them, so only what is returned is loaded; an entity the
    catalogue no longer has drops its bucket. ``only_ids``: the query selects nothing of
    a Staff/Studio key but its id, so no row is loaded (thousands for a long list) and
    the keys stay ids (``_wire`` wraps them).
    """
    if members and buckets:
        found = await _members(info, user_id, media_type, dimension, tuple(b.key for b in buckets))
        buckets = [_with_members(b, found.get(b.key)) for b in buckets]
    if dimension not in ENTITY_DIMENSIONS or (only_ids and dimension != "tag"):
        return buckets
    rows = await asyncio.gather(*(_entity(info, dimension, b.key) for b in buckets))
    return [replace(b, key=row) for b, row in zip(buckets, rows, strict=True) if row is not None]


def _with_members(bucket: Bucket, members: Bucket | list[int] | None) -> Bucket:
    if members is None:
        return bucket
    if isinstance(members, list):
        return replace(bucket, media_ids=members)
    return replace(bucket, media_ids=members.media_ids, character_ids=members.character_ids)


def _total_field(attr: str) -> Any:
    async def resolve(obj: _Stats, info: GraphQLResolveInfo) -> Any:
        return getattr(await load_totals(info, obj.user_id, obj.media_type), attr)

    return resolve


def _wire(bucket: Bucket, key_field: str, only_ids: bool) -> dict[str, Any]:
    key = bucket.key
    if only_ids and key_field in _KEY_FIELDS:
        key = _Ref(key)
    elif key_field == "tag":
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


_MEMBER_FIELDS = frozenset({"mediaIds", "characterIds"})
_BUCKET_FIELDS = frozenset(
    {"count", "meanScore", "minutesWatched", "chaptersRead", "mediaIds", "characterIds"}
)
# Buckets from which a compiled plan (~1 ms to build) beats graphql-core (~20 us a bucket).
_PLANNED = 64
_KEY_FIELDS = {"voice_actor": "voiceActor", "staff": "staff", "studio": "studio"}


@dataclass(frozen=True, slots=True)
class _Ref:
    """A Staff/Studio key when the query asks for its id alone."""

    id: int


def _only_ids(dimension: str, names: set[str]) -> bool:
    """Whether nothing but ``id`` is selected below the key field (a superset is safe)."""
    key_field = _KEY_FIELDS.get(dimension)
    if key_field is None:
        return False
    return names - _BUCKET_FIELDS - {key_field, "__typename"} <= {"id"}


def _breakdown_field(dimension: str) -> Any:
    async def resolve(
        obj: _Stats, info: GraphQLResolveInfo, limit: int | None = None, sort: Any = None
    ) -> Any:
        buckets = await load_breakdown(info, obj.user_id, obj.media_type, dimension)
        ranked = statistics.rank(buckets, sort_keys(sort), limit)
        names = field_names_below(info)
        members = not _MEMBER_FIELDS.isdisjoint(names)
        only_ids = _only_ids(dimension, names)
        ranked = await materialize(
            info, obj.user_id, obj.media_type, dimension, ranked, members=members, only_ids=only_ids
        )
        with collector_paused():  # thousands of result dicts, none cyclic
            items = [_wire(b, dimension, only_ids) for b in ranked]
        if len(items) < _PLANNED:
            return items
        # Thousands of buckets for a long list: a compiled plan completes them, not
        # graphql-core field by field (same bytes; it falls back by itself when unsure).
        completed = precomplete(info, items, ctx(info).plans)
        return await completed if inspect.isawaitable(completed) else completed

    return resolve


for _field, _attr in _TOTALS.items():
    user_statistics.set_field(_field, _total_field(_attr))
for _field, _dimension in _BREAKDOWNS.items():
    user_statistics.set_field(_field, _breakdown_field(_dimension))

BINDABLES = [user, statistic_types, user_statistics]
