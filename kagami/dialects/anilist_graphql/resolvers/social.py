"""Activities, replies and likes: ActivityUnion and LikeableUnion, their roots and Page fields.

Every per-row field (user, replies, likes, isLiked, isSubscribed) goes through a request
loader, so a page of activities costs one statement per level, whatever its size.
"""

from __future__ import annotations

from typing import Any

from ariadne import ObjectType, UnionType
from graphql import GraphQLResolveInfo

from kagami.accounts.queries import users_by_ids
from kagami.catalogue.queries import media_by_ids
from kagami.community.models import Thread, ThreadComment
from kagami.dialects.anilist_graphql.markdown import text_field
from kagami.dialects.anilist_graphql.resolvers.common import ctx, listify, load, site_url, sort_keys
from kagami.dialects.anilist_graphql.resolvers.query import page_field
from kagami.errors import NotFound, Unauthorized
from kagami.social import likes as like_queries
from kagami.social import queries as activity_queries
from kagami.social.enums import ActivityType, LikeableType
from kagami.social.models import Activity, ActivityReply

text_activity = ObjectType("TextActivity")
list_activity = ObjectType("ListActivity")
message_activity = ObjectType("MessageActivity")
activity_reply = ObjectType("ActivityReply")
activity_union = UnionType("ActivityUnion")
likeable_union = UnionType("LikeableUnion")
query = ObjectType("Query")
ACTIVITY_TYPES = (text_activity, list_activity, message_activity)

# Stored activity type -> member of ActivityUnion.
_ACTIVITY_TYPENAME = {
    ActivityType.TEXT: "TextActivity",
    ActivityType.ANIME_LIST: "ListActivity",
    ActivityType.MANGA_LIST: "ListActivity",
    ActivityType.MEDIA_LIST: "ListActivity",
    ActivityType.MESSAGE: "MessageActivity",
}


@activity_union.type_resolver
def _activity_typename(obj: Activity, *_: Any) -> str:
    return _ACTIVITY_TYPENAME[obj.type]


@likeable_union.type_resolver
def _likeable_typename(obj: Any, *_: Any) -> str | None:
    if isinstance(obj, Activity):
        return _ACTIVITY_TYPENAME[obj.type]
    if isinstance(obj, ActivityReply):
        return "ActivityReply"
    if isinstance(obj, Thread):
        return "Thread"
    if isinstance(obj, ThreadComment):
        return "ThreadComment"
    return None


def _merge(one: Any, many: Any) -> list[Any] | None:
    return [one] if one is not None else listify(many)


def _all(one: Any, many: Any) -> list[Any]:
    return [v for v in [one, *(many or [])] if v is not None]


def activity_query(
    info: GraphQLResolveInfo, args: dict[str, Any]
) -> activity_queries.ActivityQuery:
    """An ActivityQuery from ``Activity``/``Page.activities`` arguments (snake_case names)."""
    g = args.get
    viewer = ctx(info).viewer
    following_of = None
    if g("is_following"):
        if viewer is None:
            raise Unauthorized()  # the viewer's following feed needs a viewer
        following_of = viewer.user_id
    return activity_queries.ActivityQuery(
        ids=_merge(g("id"), g("id_in")),
        ids_not=_all(g("id_not"), g("id_not_in")),
        user_ids=_merge(g("user_id"), g("user_id_in")),
        user_ids_not=_all(g("user_id_not"), g("user_id_not_in")),
        messenger_ids=_merge(g("messenger_id"), g("messenger_id_in")),
        messenger_ids_not=_all(g("messenger_id_not"), g("messenger_id_not_in")),
        media_ids=_merge(g("media_id"), g("media_id_in")),
        media_ids_not=_all(g("media_id_not"), g("media_id_not_in")),
        types=_merge(g("type"), g("type_in")),
        types_not=_all(g("type_not"), g("type_not_in")),
        created_at=g("created_at"),
        created_after=g("created_at_greater"),
        created_before=g("created_at_lesser"),
        has_replies=g("has_replies"),
        has_replies_or_text=g("has_replies_or_type_text"),
        following_of=following_of,
        sort=sort_keys(g("sort")),
        viewer_id=viewer.user_id if viewer else None,
    )


def _viewer_id(info: GraphQLResolveInfo) -> int | None:
    viewer = ctx(info).viewer
    return viewer.user_id if viewer else None


def _user(info: GraphQLResolveInfo, user_id: int | None) -> Any:
    return None if user_id is None else load(info, "user.byId", user_id, users_by_ids)


def _likes(info: GraphQLResolveInfo, kind: LikeableType, ident: int) -> Any:
    async def batch(session: Any, ids: Any) -> Any:
        return await like_queries.likers_of(session, kind, ids)

    return load(info, ("likes.of", kind), ident, batch, [])


def _is_liked(info: GraphQLResolveInfo, kind: LikeableType, ident: int) -> Any:
    viewer_id = _viewer_id(info)
    if viewer_id is None:
        return False

    async def batch(session: Any, ids: Any) -> Any:
        return await like_queries.liked_by(session, viewer_id, kind, ids)

    return load(info, ("likes.viewer", kind), ident, batch, False)


def _is_subscribed(obj: Activity, info: GraphQLResolveInfo) -> Any:
    viewer_id = _viewer_id(info)
    if viewer_id is None:
        return False

    async def batch(session: Any, ids: Any) -> Any:
        return await like_queries.subscribed_by(session, viewer_id, ids)

    return load(info, "activity.subscribed", obj.id, batch, False)


for _type in ACTIVITY_TYPES:
    _type.set_field("siteUrl", lambda obj, info: site_url(info, "activity", obj.id))
    _type.set_field("isSubscribed", _is_subscribed)
    _type.set_field("isLiked", lambda obj, info: _is_liked(info, LikeableType.ACTIVITY, obj.id))
    _type.set_field("likes", lambda obj, info: _likes(info, LikeableType.ACTIVITY, obj.id))
    _type.set_field(
        "replies",
        lambda obj, info: load(info, "activity.replies", obj.id, activity_queries.replies_of, []),
    )
for _type in (text_activity, list_activity):
    _type.set_field("user", lambda obj, info: _user(info, obj.user_id))
text_activity.set_field("text", lambda obj, _info, as_html=None: text_field(obj.text, as_html))
list_activity.set_field(
    "media",
    lambda obj, info: (
        None if obj.media_id is None else load(info, "media.byId", obj.media_id, media_by_ids)
    ),
)
message_activity.set_field(
    "message", lambda obj, _info, as_html=None: text_field(obj.text, as_html)
)
message_activity.set_field("recipientId", lambda obj, _info: obj.user_id)
message_activity.set_field("recipient", lambda obj, info: _user(info, obj.user_id))
message_activity.set_field("messenger", lambda obj, info: _user(info, obj.messenger_id))

activity_reply.set_field("text", lambda obj, _info, as_html=None: text_field(obj.text, as_html))
activity_reply.set_field("user", lambda obj, info: _user(info, obj.user_id))
activity_reply.set_field(
    "likes", lambda obj, info: _likes(info, LikeableType.ACTIVITY_REPLY, obj.id)
)
activity_reply.set_field(
    "isLiked", lambda obj, info: _is_liked(info, LikeableType.ACTIVITY_REPLY, obj.id)
)


@query.field("Activity")
async def resolve_activity(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> Activity:
    """The first activity matching the filters (newest first); 404 when none."""
    found = await ctx(info).call(activity_queries.first_activity, activity_query(info, args))
    if found is None:
        raise NotFound()
    return found


@query.field("ActivityReply")
async def resolve_activity_reply(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None, activity_id: int | None = None
) -> ActivityReply:
    """A reply by id and/or activity (the oldest first); 404 when none."""
    found = await ctx(info).call(activity_queries.first_reply, id, activity_id, _viewer_id(info))
    if found is None:
        raise NotFound()
    return found


@query.field("Like")
async def resolve_like(
    _obj: Any, info: GraphQLResolveInfo, likeable_id: int | None = None, type: str | None = None
) -> Any:
    """The first user who liked the likeable; 404 when none."""
    found = await ctx(info).call(like_queries.first_liker, type, likeable_id, _viewer_id(info))
    if found is None:
        raise NotFound()
    return found


@page_field("activities")
async def _page_activities(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    q = activity_query(info, args)
    return await activity_queries.find_activities(ctx(info).session, q, page, per_page)


@page_field("activityReplies")
async def _page_activity_replies(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    return await activity_queries.find_replies(
        ctx(info).session, args.get("id"), args.get("activity_id"), page, per_page, _viewer_id(info)
    )


@page_field("likes")
async def _page_likes(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    return await like_queries.find_likers(
        ctx(info).session,
        args.get("type"),
        args.get("likeable_id"),
        page,
        per_page,
        _viewer_id(info),
    )


BINDABLES = [
    *ACTIVITY_TYPES,
    activity_reply,
    activity_union,
    likeable_union,
    query,
]
