"""Forum: the ``Thread`` and ``ThreadComment`` roots, their Page fields and object fields.

``ThreadComment.childComments`` is AniList's Json reply tree: every descendant of a page
of comments comes from one recursive statement, nested here by ``parent_id``.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.community import forum
from kagami.community.models import Thread, ThreadComment
from kagami.dialects.anilist_graphql.markdown import text_field
from kagami.dialects.anilist_graphql.resolvers.common import (
    PAGE_MAX,
    ctx,
    image,
    listify,
    load,
    site_url,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.community_common import viewer_id, viewer_load
from kagami.dialects.anilist_graphql.resolvers.query import page_field
from kagami.errors import NotFound
from kagami.lists.queries import users_by_ids
from kagami.social.enums import LikeableType
from kagami.social.likes import liked_by, likers_of

thread_type = ObjectType("Thread")
comment_type = ObjectType("ThreadComment")
query = ObjectType("Query")


def _liked(kind: LikeableType) -> Any:
    return functools.partial(_liked_by, kind)


async def _liked_by(kind: LikeableType, session: Any, user_id: int, ids: Any) -> Any:
    return await liked_by(session, user_id, kind, ids)


def _likers(kind: LikeableType) -> Any:
    async def batch(session: Any, ids: Any) -> Any:
        return await likers_of(session, kind, ids)

    return batch


async def _is_liked(info: GraphQLResolveInfo, kind: LikeableType, ident: int) -> bool:
    """The viewer's like of a thread or comment (False when anonymous)."""
    if viewer_id(info) is None:
        return False
    return bool(await viewer_load(info, f"liked.{kind}", ident, _liked(kind)))


# --- Thread -----------------------------------------------------------------------------


def thread_query(info: GraphQLResolveInfo, args: dict[str, Any]) -> forum.ThreadQuery:
    """A ThreadQuery from ``Thread``/``Page.threads`` arguments."""
    g = args.get
    ids = listify(g("id")) or listify(g("id_in"))
    if g("id") is not None and g("id_in"):
        ids = [i for i in g("id_in") or () if i == g("id")]
    return forum.ThreadQuery(
        ids=ids,
        user_id=g("user_id"),
        reply_user_id=g("reply_user_id"),
        subscribed=g("subscribed"),
        category_id=g("category_id"),
        media_category_id=g("media_category_id"),
        search=g("search") or None,
        viewer_id=viewer_id(info),
        sort=sort_keys(g("sort")),
    )


@query.field("Thread")
async def resolve_thread(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> Thread:
    """Thread: the first match of the filters; 404 when none."""
    found = await ctx(info).call(forum.first_thread, thread_query(info, args))
    if found is None:
        raise NotFound()
    return found


@page_field("threads")
async def _page_threads(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    return await forum.find_threads(ctx(info).session, thread_query(info, args), page, per_page)


@thread_type.field("body")
def _thread_body(obj: Thread, _info: GraphQLResolveInfo, as_html: bool | None = None) -> str | None:
    return text_field(obj.body, as_html)


@thread_type.field("siteUrl")
def _thread_url(obj: Thread, info: GraphQLResolveInfo) -> str:
    return site_url(info, "forum/thread", obj.id)


@thread_type.field("user")
def _thread_user(obj: Thread, info: GraphQLResolveInfo) -> Any:
    return load(info, "user.byId", obj.user_id, users_by_ids)


@thread_type.field("replyUser")
def _thread_reply_user(obj: Thread, info: GraphQLResolveInfo) -> Any:
    if obj.reply_user_id is None:
        return None
    return load(info, "user.byId", obj.reply_user_id, users_by_ids)


@thread_type.field("isLiked")
def _thread_is_liked(obj: Thread, info: GraphQLResolveInfo) -> Any:
    return _is_liked(info, LikeableType.THREAD, obj.id)


@thread_type.field("isSubscribed")
async def _thread_is_subscribed(obj: Thread, info: GraphQLResolveInfo) -> bool:
    if viewer_id(info) is None:
        return False
    found = await viewer_load(info, "thread.subscribed", obj.id, forum.subscribed_threads)
    return bool(found)


@thread_type.field("likes")
def _thread_likes(obj: Thread, info: GraphQLResolveInfo) -> Any:
    return load(info, "thread.likes", obj.id, _likers(LikeableType.THREAD), default=[])


@thread_type.field("categories")
def _thread_categories(obj: Thread, info: GraphQLResolveInfo) -> Any:
    return load(info, "thread.categories", obj.id, forum.categories_of, default=[])


@thread_type.field("mediaCategories")
def _thread_media(obj: Thread, info: GraphQLResolveInfo) -> Any:
    return load(info, "thread.media", obj.id, forum.media_categories_of, default=[])


# --- ThreadComment ----------------------------------------------------------------------


def comment_query(args: dict[str, Any]) -> forum.CommentQuery:
    """A CommentQuery from ``ThreadComment``/``Page.threadComments`` arguments."""
    g = args.get
    return forum.CommentQuery(
        id=g("id"), thread_id=g("thread_id"), user_id=g("user_id"), sort=sort_keys(g("sort"))
    )


@query.field("ThreadComment")
async def resolve_comments(_obj: Any, info: GraphQLResolveInfo, **args: Any) -> list[ThreadComment]:
    """ThreadComment: the first page (50) of matching comments, each with its reply tree."""
    found = await ctx(info).call(forum.find_comments, comment_query(args), 1, PAGE_MAX)
    return found.items


@page_field("threadComments")
async def _page_comments(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    return await forum.find_comments(ctx(info).session, comment_query(args), page, per_page)


@comment_type.field("comment")
def _comment_text(
    obj: ThreadComment, _info: GraphQLResolveInfo, as_html: bool | None = None
) -> str | None:
    return text_field(obj.comment, as_html)


@comment_type.field("siteUrl")
def _comment_url(obj: ThreadComment, info: GraphQLResolveInfo) -> str:
    return f"{ctx(info).base_url}/forum/thread/{obj.thread_id}/comment/{obj.id}"


@comment_type.field("thread")
def _comment_thread(obj: ThreadComment, info: GraphQLResolveInfo) -> Any:
    return load(info, "thread.byId", obj.thread_id, forum.threads_by_ids)


@comment_type.field("user")
def _comment_user(obj: ThreadComment, info: GraphQLResolveInfo) -> Any:
    return load(info, "user.byId", obj.user_id, users_by_ids)


@comment_type.field("isLiked")
def _comment_is_liked(obj: ThreadComment, info: GraphQLResolveInfo) -> Any:
    return _is_liked(info, LikeableType.THREAD_COMMENT, obj.id)


@comment_type.field("likes")
def _comment_likes(obj: ThreadComment, info: GraphQLResolveInfo) -> Any:
    return load(info, "comment.likes", obj.id, _likers(LikeableType.THREAD_COMMENT), default=[])


@comment_type.field("childComments")
async def _child_comments(
    obj: ThreadComment, info: GraphQLResolveInfo
) -> list[dict[str, Any]] | None:
    """The comment's replies, nested, as the Json AniList returns (null when none)."""
    rows = await load(info, "comment.trees", obj.id, forum.comment_trees, default=[])
    if not rows:
        return None
    liked: dict[int, bool] = {}
    if viewer_id(info) is not None:
        ids = [c.id for c, _ in rows]
        flags = await asyncio.gather(
            *(_is_liked(info, LikeableType.THREAD_COMMENT, i) for i in ids)
        )
        liked = dict(zip(ids, flags, strict=True))
    nodes: dict[int, dict[str, Any]] = {}
    children: dict[int, list[dict[str, Any]]] = {}
    for comment, user in rows:  # id order: parents before their replies
        node = _comment_json(info, comment, user, liked.get(comment.id, False))
        nodes[comment.id] = node
        children.setdefault(comment.parent_id or 0, []).append(node)
    for comment_id, node in nodes.items():
        node["childComments"] = children.get(comment_id)
    return children.get(obj.id)


def _comment_json(
    info: GraphQLResolveInfo, c: ThreadComment, user: Any, is_liked: bool
) -> dict[str, Any]:
    """One reply in AniList's childComments Json (camelCase keys, markdown comment)."""
    author = None
    if user is not None:
        author = {
            "id": user.id,
            "name": user.name,
            "avatar": {
                "large": image(info, user.avatar_large, "user", user.id, "large"),
                "medium": image(
                    info, user.avatar_medium or user.avatar_large, "user", user.id, "medium"
                ),
            },
        }
    return {
        "id": c.id,
        "userId": c.user_id,
        "threadId": c.thread_id,
        "comment": c.comment,
        "likeCount": c.like_count,
        "isLiked": is_liked,
        "isLocked": c.is_locked,
        "createdAt": c.created_at,
        "updatedAt": c.updated_at,
        "user": author,
        "childComments": None,
    }


BINDABLES = [thread_type, comment_type, query]
