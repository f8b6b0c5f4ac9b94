"""Community mutations: reviews and their votes, recommendations, the forum, AniChart.

Each resolver hands its arguments to a ``kagami.community`` service and returns what it
saved; the Mutation guard has already checked the token. Validation problems name the
service's fields, which this module renames to AniList's argument names (``mediaId``).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graphql import GraphQLResolveInfo

from kagami.accounts import anichart
from kagami.community import (
    comments_service,
    recommendations_service,
    reviews_service,
    threads_service,
)
from kagami.community.enums import RecommendationRating, ReviewRating
from kagami.community.models import Recommendation, Review, Thread, ThreadComment
from kagami.community.validation import Problems
from kagami.dialects.anilist_graphql.resolvers.common import ctx
from kagami.dialects.anilist_graphql.resolvers.mutation import as_arguments, mutation_field
from kagami.dialects.anilist_graphql.resolvers.site import anichart_settings_json

T = TypeVar("T")


async def _run(info: GraphQLResolveInfo, service: Callable[..., Awaitable[T]], **kw: Any) -> T:
    """``service(session, viewer, **kw)`` under the request lock; fields named as AniList's."""
    actor_id = ctx(info).require_viewer().user_id
    return await as_arguments(ctx(info).call(functools.partial(service, actor_id=actor_id, **kw)))


def _required_id(field: str, value: int | None) -> int:
    """``value``, or AniList's validation error naming ``field`` when it is missing."""
    problems = Problems()
    problems.required(field, value)
    problems.raise_if_any()
    assert value is not None
    return value


def _enum(enum_cls: Any, value: str | None) -> Any:
    return None if value is None else enum_cls(value)


# --- Reviews --------------------------------------------------------------------------------


@mutation_field("SaveReview")
async def resolve_save_review(
    _obj: Any,
    info: GraphQLResolveInfo,
    id: int | None = None,
    media_id: int | None = None,
    body: str | None = None,
    summary: str | None = None,
    score: int | None = None,
    private: bool | None = None,
) -> Review:
    """SaveReview: create the viewer's review of a media, or edit one by id."""
    return await _run(
        info,
        reviews_service.save_review,
        review_id=id,
        media_id=media_id,
        body=body,
        summary=summary,
        score=score,
        private=private,
    )


@mutation_field("DeleteReview")
async def resolve_delete_review(
    _obj: Any,
    info: GraphQLResolveInfo,
    id: int | None = None,
) -> dict[str, bool]:
    """DeleteReview: the viewer's own review (or any, for a moderator)."""
    deleted = await _run(info, reviews_service.delete_review, review_id=_required_id("id", id))
    return {"deleted": deleted}


@mutation_field("RateReview")
async def resolve_rate_review(
    _obj: Any,
    info: GraphQLResolveInfo,
    review_id: int | None = None,
    rating: str | None = None,
) -> Review:
    """RateReview: vote another user's review up or down, or take the vote back."""
    return await _run(
        info,
        reviews_service.rate_review,
        review_id=_required_id("reviewId", review_id),
        rating=_enum(ReviewRating, rating),
    )


# --- Recommendations --------------------------------------------------------------------------


@mutation_field("SaveRecommendation")
async def resolve_save_recommendation(
    _obj: Any,
    info: GraphQLResolveInfo,
    media_id: int | None = None,
    media_recommendation_id: int | None = None,
    rating: str | None = None,
) -> Recommendation:
    """SaveRecommendation: rate a same-type pair, creating it with the first vote."""
    return await _run(
        info,
        recommendations_service.save_recommendation,
        media_id=media_id,
        media_recommendation_id=media_recommendation_id,
        rating=_enum(RecommendationRating, rating),
    )


# --- Threads ----------------------------------------------------------------------------------


@mutation_field("SaveThread")
async def resolve_save_thread(
    _obj: Any,
    info: GraphQLResolveInfo,
    id: int | None = None,
    title: str | None = None,
    body: str | None = None,
    categories: list[int | None] | None = None,
    media_categories: list[int | None] | None = None,
    sticky: bool | None = None,
    locked: bool | None = None,
) -> Thread:
    """SaveThread: create a forum thread, or edit one by id (sticky/locked: moderators)."""
    return await _run(
        info,
        threads_service.save_thread,
        thread_id=id,
        title=title,
        body=body,
        categories=categories,
        media_categories=media_categories,
        sticky=sticky,
        locked=locked,
    )


@mutation_field("DeleteThread")
async def resolve_delete_thread(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None
) -> dict[str, bool]:
    """DeleteThread: the viewer's own thread (or any, for a moderator)."""
    deleted = await _run(info, threads_service.delete_thread, thread_id=_required_id("id", id))
    return {"deleted": deleted}


@mutation_field("ToggleThreadSubscription")
async def resolve_toggle_thread_subscription(
    _obj: Any, info: GraphQLResolveInfo, thread_id: int | None = None, subscribe: bool | None = None
) -> Thread:
    """ToggleThreadSubscription: (un)subscribe the viewer to a thread's new comments."""
    return await _run(
        info,
        threads_service.toggle_thread_subscription,
        thread_id=_required_id("threadId", thread_id),
        subscribe=subscribe,
    )


@mutation_field("SaveThreadComment")
async def resolve_save_thread_comment(
    _obj: Any,
    info: GraphQLResolveInfo,
    id: int | None = None,
    thread_id: int | None = None,
    parent_comment_id: int | None = None,
    comment: str | None = None,
    locked: bool | None = None,
) -> ThreadComment:
    """SaveThreadComment: post a comment or reply, or edit one by id (locked: moderators)."""
    return await _run(
        info,
        comments_service.save_thread_comment,
        comment_id=id,
        thread_id=thread_id,
        parent_comment_id=parent_comment_id,
        comment=comment,
        locked=locked,
    )


@mutation_field("DeleteThreadComment")
async def resolve_delete_thread_comment(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None
) -> dict[str, bool]:
    """DeleteThreadComment: the viewer's own comment (or any, for a moderator), with its replies."""
    deleted = await _run(
        info, comments_service.delete_thread_comment, comment_id=_required_id("id", id)
    )
    return {"deleted": deleted}


# --- AniChart ---------------------------------------------------------------------------------


@mutation_field("UpdateAniChartSettings")
async def resolve_update_anichart_settings(
    _obj: Any,
    info: GraphQLResolveInfo,
    title_language: str | None = None,
    outgoing_link_provider: str | None = None,
    theme: str | None = None,
    sort: str | None = None,
) -> dict[str, Any]:
    """UpdateAniChartSettings: merge the given settings; answers them all as Json."""
    settings = await _run(
        info,
        anichart.update_anichart_settings,
        title_language=title_language,
        outgoing_link_provider=outgoing_link_provider,
        theme=theme,
        sort=sort,
    )
    return anichart_settings_json(settings)


@mutation_field("UpdateAniChartHighlights")
async def resolve_update_anichart_highlights(
    _obj: Any, info: GraphQLResolveInfo, highlights: list[dict[str, Any] | None] | None = None
) -> dict[str, str]:
    """UpdateAniChartHighlights: replace the viewer's highlights; answers {mediaId: highlight}."""
    pairs = [
        (item.get("media_id", item.get("mediaId")), item.get("highlight"))
        for item in highlights or ()
        if item is not None
    ]
    return await _run(info, anichart.update_anichart_highlights, highlights=pairs)
