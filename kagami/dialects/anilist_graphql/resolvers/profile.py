"""User's social fields (viewer relationships, favourites), follow roots, and ``Page.users``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from kagami.accounts import queries as user_queries
from kagami.accounts.models import User
from kagami.dialects.anilist_graphql.resolvers.common import (
    ctx,
    load,
    nested_page,
    page_info,
    sort_keys,
)
from kagami.dialects.anilist_graphql.resolvers.query import page_field
from kagami.errors import NotFound
from kagami.social import follows
from kagami.social.enums import FavouriteKind
from kagami.social.favourites import favourites_of

user = ObjectType("User")
favourites = ObjectType("Favourites")
query = ObjectType("Query")


def _relationship(obj: User, info: GraphQLResolveInfo) -> Any:
    """isFollowing / isFollower of the viewer towards ``obj`` (false when anonymous or self)."""
    viewer = ctx(info).viewer
    if viewer is None or viewer.user_id == obj.id:
        return False
    viewer_id = viewer.user_id

    async def batch(session: Any, ids: Any) -> Any:
        return await follows.relationships(session, viewer_id, ids)

    following = info.field_name == "isFollowing"

    async def pick() -> bool:
        flags = await load(info, "user.relationship", obj.id, batch, (False, False))
        return bool(flags[0] if following else flags[1])

    return pick()


user.set_field("isFollowing", _relationship)
user.set_field("isFollower", _relationship)
# Kagami has no blocking yet, so nobody is blocked.
user.set_field("isBlocked", lambda _obj, _info: False)


@user.field("unreadNotificationCount")
def _unread(obj: User, info: GraphQLResolveInfo) -> int | None:
    """Only the user themself sees their unread count."""
    viewer = ctx(info).viewer
    return obj.unread_notification_count if viewer and viewer.user_id == obj.id else None


@user.field("favourites")
def _favourites(obj: User, _info: GraphQLResolveInfo, page: int | None = None) -> dict[str, Any]:
    return {"user_id": obj.id, "page": page}


def _edge(kind: FavouriteKind, fav: Any, node: Any) -> dict[str, Any]:
    edge = {"id": fav.id, "node": node, "favourite_order": fav.favourite_order}
    if kind in (FavouriteKind.ANIME, FavouriteKind.MANGA):
        edge["is_main_studio"] = False
    elif kind is FavouriteKind.STUDIO:
        edge["is_main"] = False
    return edge


def _connection(kind: FavouriteKind) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def resolve(
        obj: dict[str, Any],
        info: GraphQLResolveInfo,
        page: int | None = None,
        per_page: int | None = None,
    ) -> dict[str, Any]:
        page, per_page = nested_page(page or obj["page"], per_page)

        async def batch(session: Any, ids: Any) -> Any:
            return await favourites_of(session, kind, ids, page, per_page)

        found = await load(info, ("user.favourites", kind, page, per_page), obj["user_id"], batch)
        edges = [_edge(kind, fav, node) for fav, node in (found.rows if found else [])]
        return {
            "edges": edges,
            "nodes": [e["node"] for e in edges],
            "page_info": page_info(found.total if found else 0, page, per_page),
        }

    return resolve


for _field, _kind in (
    ("anime", FavouriteKind.ANIME),
    ("manga", FavouriteKind.MANGA),
    ("characters", FavouriteKind.CHARACTER),
    ("staff", FavouriteKind.STAFF),
    ("studios", FavouriteKind.STUDIO),
):
    favourites.set_field(_field, _connection(_kind))


def _follow_root(followers: bool) -> Callable[..., Awaitable[User]]:
    async def resolve(
        _obj: Any, info: GraphQLResolveInfo, user_id: int, sort: list[str] | None = None
    ) -> User:
        found = await ctx(info).call(
            follows.first_follow, user_id, followers=followers, sort=sort_keys(sort)
        )
        if found is None:
            raise NotFound()
        return found

    return resolve


query.set_field("Follower", _follow_root(followers=True))
query.set_field("Following", _follow_root(followers=False))


def _follow_page(followers: bool) -> Any:
    async def fetch(
        info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
    ) -> Any:
        return await follows.find_follows(
            ctx(info).session,
            args["user_id"],
            followers=followers,
            sort=sort_keys(args.get("sort")),
            page=page,
            per_page=per_page,
        )

    return fetch


page_field("followers")(_follow_page(followers=True))
page_field("following")(_follow_page(followers=False))


def user_query(args: dict[str, Any]) -> user_queries.UserQuery:
    """A UserQuery from ``Page.users`` arguments."""
    return user_queries.UserQuery(
        ids=[args["id"]] if args.get("id") is not None else None,
        name=args.get("name"),
        is_moderator=args.get("is_moderator"),
        search=args.get("search") or None,
        sort=sort_keys(args.get("sort")),
    )


@page_field("users")
async def _page_users(
    info: GraphQLResolveInfo, args: dict[str, Any], page: int, per_page: int
) -> Any:
    return await user_queries.find_users(ctx(info).session, user_query(args), page, per_page)


BINDABLES = [user, favourites, query]
