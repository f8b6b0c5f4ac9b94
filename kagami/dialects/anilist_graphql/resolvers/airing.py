"""AiringSchedule root and Page.airingSchedules."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.catalogue.airing import AiringQuery, IntFilter, find_airing
from kagami.dialects.anilist_graphql.resolvers.common import ctx, sort_keys
from kagami.dialects.anilist_graphql.resolvers.query import page_field
from kagami.errors import NotFound

query = ObjectType("Query")


def _int_filter(args: dict[str, Any], stem: str) -> IntFilter:
    """``x``, ``x_not``, ``x_in``, ``x_not_in``, ``x_greater``, ``x_lesser`` for one stem."""
    g = args.get
    return IntFilter(
        equal=g(stem),
        not_equal=g(f"{stem}_not"),
        within=g(f"{stem}_in"),
        not_within=list(g(f"{stem}_not_in") or []),
        greater=g(f"{stem}_greater"),
        lesser=g(f"{stem}_lesser"),
    )


def airing_query(args: dict[str, Any]) -> AiringQuery:
    """An AiringQuery from AniList's airing schedule arguments (snake_case)."""
    return AiringQuery(
        id=_int_filter(args, "id"),
        media_id=_int_filter(args, "media_id"),
        episode=_int_filter(args, "episode"),
        airing_at=_int_filter(args, "airing_at"),
        not_yet_aired=args.get("not_yet_aired"),
        sort=sort_keys(args.get("sort")),
    )


@query.field("AiringSchedule")
async def resolve_airing(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    """The first schedule row matching the filters; 404 when none."""
    found = await ctx(info).call(find_airing, airing_query(args), 1, 1)
    if not found.items:
        raise NotFound()
    return found.items[0]


@page_field("airingSchedules")
async def _page_airing(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    return await find_airing(ctx(info).session, airing_query(args), page, per_page)


BINDABLES = [query]
