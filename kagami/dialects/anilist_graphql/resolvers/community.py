"""Reviews, recommendations and media statistics: roots, Page fields and Media connections.

The forum (``forum.py``) and site-wide types (``site.py``) are bound from here too, so
the package registers one module for the whole community read side.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.catalogue import stats
from kagami.catalogue.queries import media_by_ids
from kagami.community import recommendations as recs
from kagami.community import reviews
from kagami.community.models import Recommendation, Review
from kagami.dialects.anilist_graphql.markdown import text_field
from kagami.dialects.anilist_graphql.resolvers import forum, site
from kagami.dialects.anilist_graphql.resolvers.common import (
    ctx,
    load,
    nested_page,
    node_edge,
    paged_connection,
    site_url,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.community_common import viewer_id, viewer_load
from kagami.dialects.anilist_graphql.resolvers.query import page_field
from kagami.errors import NotFound
from kagami.lists.queries import users_by_ids

review_type = ObjectType("Review")
recommendation_type = ObjectType("Recommendation")
media_type = ObjectType("Media")  # binds only fields media.py leaves unresolved
media_stats = ObjectType("MediaStats")
query = ObjectType("Query")


# --- Review -----------------------------------------------------------------------------


def review_query(info: GraphQLResolveInfo, args: dict[str, Any]) -> reviews.ReviewQuery:
    """A ReviewQuery from ``Review``/``Page.reviews`` arguments."""
    g = args.get
    return reviews.ReviewQuery(
        id=g("id"),
        media_id=g("media_id"),
        user_id=g("user_id"),
        media_type=g("media_type"),
        viewer_id=viewer_id(info),
        sort=sort_keys(g("sort")),
    )


@query.field("Review")
async def resolve_review(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> Review:
    """Review: the first match of the filters; 404 when none."""
    found = await ctx(info).call(reviews.first_review, review_query(info, args))
    if found is None:
        raise NotFound()
    return found


@page_field("reviews")
async def _page_reviews(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    return await reviews.find_reviews(ctx(info).session, review_query(info, args), page, per_page)


@review_type.field("body")
def _review_body(obj: Review, _info: GraphQLResolveInfo, as_html: bool | None = None) -> str | None:
    return text_field(obj.body, as_html)


@review_type.field("siteUrl")
def _review_url(obj: Review, info: GraphQLResolveInfo) -> str:
    return site_url(info, "review", obj.id)


@review_type.field("user")
def _review_user(obj: Review, info: GraphQLResolveInfo) -> Any:
    return load(info, "user.byId", obj.user_id, users_by_ids)


@review_type.field("media")
def _review_media(obj: Review, info: GraphQLResolveInfo) -> Any:
    return load(info, "media.byId", obj.media_id, media_by_ids)


@review_type.field("userRating")
async def _review_user_rating(obj: Review, info: GraphQLResolveInfo) -> str | None:
    if viewer_id(info) is None:
        return None
    found = await viewer_load(info, "review.userRating", obj.id, reviews.review_votes)
    return str(found) if found is not None else "NO_VOTE"


@media_type.field("reviews")
async def _media_reviews(
    obj: Any,
    info: GraphQLResolveInfo,
    limit: int | None = None,
    sort: list[str] | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Media.reviews: one page of the media's reviews (``limit`` is a perPage fallback)."""
    page, per_page = nested_page(page, per_page if per_page is not None else limit)
    keys = sort_keys(sort)
    uid = viewer_id(info)
    fetch = partial(
        reviews.reviews_of_media, sort=keys, page=page, per_page=per_page, viewer_id=uid
    )
    name = ("media.reviews", keys, page, per_page, uid)
    return await paged_connection(info, name, obj.id, fetch, node_edge, page, per_page)


# --- Recommendation ---------------------------------------------------------------------


def recommendation_query(
    info: GraphQLResolveInfo, args: dict[str, Any]
) -> recs.RecommendationQuery:
    """A RecommendationQuery from ``Recommendation``/``Page.recommendations`` arguments."""
    g = args.get
    return recs.RecommendationQuery(
        id=g("id"),
        media_id=g("media_id"),
        media_recommendation_id=g("media_recommendation_id"),
        user_id=g("user_id"),
        rating=g("rating"),
        rating_greater=g("rating_greater"),
        rating_lesser=g("rating_lesser"),
        on_list=g("on_list"),
        viewer_id=viewer_id(info),
        sort=sort_keys(g("sort")),
    )


@query.field("Recommendation")
async def resolve_recommendation(
    _obj: Any, info: GraphQLResolveInfo, **args: Any
) -> Recommendation:
    """Recommendation: the first match of the filters; 404 when none."""
    found = await ctx(info).call(recs.first_recommendation, recommendation_query(info, args))
    if found is None:
        raise NotFound()
    return found


@page_field("recommendations")
async def _page_recommendations(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    q = recommendation_query(info, args)
    return await recs.find_recommendations(ctx(info).session, q, page, per_page)


@recommendation_type.field("media")
def _rec_media(obj: Recommendation, info: GraphQLResolveInfo) -> Any:
    return load(info, "media.byId", obj.media_id, media_by_ids)


@recommendation_type.field("mediaRecommendation")
def _rec_other(obj: Recommendation, info: GraphQLResolveInfo) -> Any:
    return load(info, "media.byId", obj.media_recommendation_id, media_by_ids)


@recommendation_type.field("user")
def _rec_user(obj: Recommendation, info: GraphQLResolveInfo) -> Any:
    if obj.user_id is None:
        return None
    return load(info, "user.byId", obj.user_id, users_by_ids)


@recommendation_type.field("userRating")
async def _rec_user_rating(obj: Recommendation, info: GraphQLResolveInfo) -> str | None:
    if viewer_id(info) is None:
        return None
    found = await viewer_load(info, "rec.userRating", obj.id, recs.recommendation_votes)
    return str(found) if found is not None else "NO_RATING"


@media_type.field("recommendations")
async def _media_recommendations(
    obj: Any,
    info: GraphQLResolveInfo,
    sort: list[str] | None = None,
    page: int | None = None,
    per_page: int | None = None,
) -> dict[str, Any]:
    """Media.recommendations: one page of recommendations made from this media."""
    page, per_page = nested_page(page, per_page)
    keys = sort_keys(sort)
    fetch = partial(recs.recommendations_of_media, sort=keys, page=page, per_page=per_page)
    name = ("media.recommendations", keys, page, per_page)
    return await paged_connection(info, name, obj.id, fetch, node_edge, page, per_page)


# --- Media.stats ------------------------------------------------------------------------


@media_type.field("stats")
async def _media_stats(obj: Any, info: GraphQLResolveInfo) -> stats.MediaStats:
    found = await load(info, "media.stats", obj.id, stats.media_stats)
    return found or stats.MediaStats()


@media_stats.field("scoreDistribution")
def _score_distribution(obj: stats.MediaStats, _info: GraphQLResolveInfo) -> list[dict[str, int]]:
    return [{"score": score, "amount": amount} for score, amount in obj.scores]


@media_stats.field("statusDistribution")
def _status_distribution(obj: stats.MediaStats, _info: GraphQLResolveInfo) -> list[dict[str, Any]]:
    return [{"status": status, "amount": amount} for status, amount in obj.statuses]


@media_stats.field("airingProgression")
def _airing_progression(_obj: stats.MediaStats, _info: GraphQLResolveInfo) -> list[Any]:
    return []  # deprecated upstream ("Replaced by MediaTrends")


BINDABLES = [
    review_type,
    recommendation_type,
    media_type,
    media_stats,
    query,
    *forum.BINDABLES,
    *site.BINDABLES,
]
