"""Site-wide roots: SiteStatistics, AniChartUser, and MediaTrend with Page.mediaTrends."""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.catalogue import stats
from kagami.community.site import SITE_TREND_KINDS, site_trends
from kagami.dialects.anilist_graphql.resolvers.common import (
    ctx,
    listify,
    nested_page,
    node_connection,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.mutation import camel_case
from kagami.dialects.anilist_graphql.resolvers.query import page_field
from kagami.errors import NotFound
from kagami.lists.queries import find_user

site_statistics = ObjectType("SiteStatistics")
query = ObjectType("Query")

# AniList argument stem (snake_case) -> TrendQuery range key.
_TREND_RANGES = ("date", "trending", "average_score", "popularity", "episode")


@query.field("SiteStatistics")
def resolve_site_statistics(_obj: Any, _info: GraphQLResolveInfo) -> dict[str, Any]:
    """SiteStatistics: each connection is computed when selected."""
    return {}


def _trend_field(kind: str) -> Any:
    async def resolve(
        _obj: Any,
        info: GraphQLResolveInfo,
        sort: list[str] | None = None,
        page: int | None = None,
        per_page: int | None = None,
    ) -> dict[str, Any]:
        page, per_page = nested_page(page, per_page)
        found = await ctx(info).call(site_trends, kind, sort_keys(sort), page, per_page)
        return node_connection(found.items, found.total, page, per_page)

    return resolve


for _kind in SITE_TREND_KINDS:
    site_statistics.set_field(_kind, _trend_field(_kind))


@query.field("AniChartUser")
async def resolve_anichart_user(_obj: Any, info: GraphQLResolveInfo) -> dict[str, Any]:
    """The viewer's AniChart settings and highlights (401 without a token)."""
    context = ctx(info)
    viewer = context.require_viewer()
    found = await context.call(find_user, viewer.user_id, None)
    if found is None:
        raise NotFound()
    return {
        "user": found,
        "settings": anichart_settings_json(found.anichart_settings),
        "highlights": found.anichart_highlights or {},
    }


def anichart_settings_json(settings: dict[str, Any] | None) -> dict[str, Any]:
    """Stored AniChart settings under AniList's Json keys (``titleLanguage``...)."""
    return {camel_case(key): value for key, value in (settings or {}).items()}


def trend_query(args: dict[str, Any]) -> stats.TrendQuery:
    """A TrendQuery from ``MediaTrend``/``Page.mediaTrends`` arguments."""
    g = args.get
    ranges = {}
    for stem in _TREND_RANGES:
        bounds = (g(f"{stem}_greater"), g(f"{stem}_lesser"), g(stem), g(f"{stem}_not"))
        if any(b is not None for b in bounds):
            ranges[stem] = bounds
    media_ids: list[int] | None = listify(g("media_id")) or listify(g("media_id_in"))
    return stats.TrendQuery(
        media_ids=media_ids,
        media_ids_not=[v for v in [g("media_id_not"), *(g("media_id_not_in") or [])] if v],
        releasing=g("releasing"),
        ranges=ranges,
        sort=sort_keys(g("sort")),
    )


@query.field("MediaTrend")
async def resolve_media_trend(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    """MediaTrend: the first daily row matching the filters; 404 when none."""
    found = await ctx(info).call(stats.first_trend, trend_query(args))
    if found is None:
        raise NotFound()
    return found


@page_field("mediaTrends")
async def _page_trends(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    return await stats.find_trends(ctx(info).session, trend_query(args), page, per_page)


BINDABLES = [site_statistics, query]
