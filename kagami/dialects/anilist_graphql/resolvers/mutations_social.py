"""Social mutations: follows, favourites, likes, activities, replies, pins, subscriptions.

Each resolver maps AniList's arguments onto a dialect-neutral service in ``kagami.social``
and returns what the schema's return type resolves from.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from kagami.accounts.models import User
from kagami.dialects.anilist_graphql.resolvers.common import ctx
from kagami.dialects.anilist_graphql.resolvers.mutation import mutation_field
from kagami.social import (
    activity_service,
    favourite_service,
    follow_service,
    like_service,
    reply_service,
)
from kagami.social import likes as like_queries
from kagami.social.enums import FavouriteKind
from kagami.social.models import Activity, ActivityReply


def _actor(info: GraphQLResolveInfo) -> int:
    return ctx(info).require_viewer().user_id


@mutation_field("ToggleFollow")
async def resolve_toggle_follow(
    _obj: Any, info: GraphQLResolveInfo, user_id: int | None = None
) -> User:
    """Follow or unfollow a user; the answer is that user (``isFollowing`` tells which)."""
    followed: User = await ctx(info).call(
        follow_service.toggle_follow, _actor(info), user_id=user_id
    )
    return followed


def _favourites(info: GraphQLResolveInfo) -> dict[str, Any]:
    """The viewer's ``Favourites`` (the object ``User.favourites`` resolves to)."""
    return {"user_id": _actor(info), "page": None}


@mutation_field("ToggleFavourite")
async def resolve_toggle_favourite(
    _obj: Any,
    info: GraphQLResolveInfo,
    anime_id: int | None = None,
    manga_id: int | None = None,
    character_id: int | None = None,
    staff_id: int | None = None,
    studio_id: int | None = None,
) -> dict[str, Any]:
    """Un/favourite one anime, manga, character, staff member or studio; answer the favourites."""
    targets = {
        FavouriteKind.ANIME: anime_id,
        FavouriteKind.MANGA: manga_id,
        FavouriteKind.CHARACTER: character_id,
        FavouriteKind.STAFF: staff_id,
        FavouriteKind.STUDIO: studio_id,
    }
    await ctx(info).call(favourite_service.toggle_favourite, _actor(info), targets=targets)
    return _favourites(info)


@mutation_field("UpdateFavouriteOrder")
async def resolve_update_favourite_order(
    _obj: Any, info: GraphQLResolveInfo, **args: Any
) -> dict[str, Any]:
    """Reorder the viewer's favourites of each kind given; answer the favourites."""
    orders = {
        kind: (args.get(f"{prefix}_ids"), args.get(f"{prefix}_order"))
        for kind, prefix in (
            (FavouriteKind.ANIME, "anime"),
            (FavouriteKind.MANGA, "manga"),
            (FavouriteKind.CHARACTER, "character"),
            (FavouriteKind.STAFF, "staff"),
            (FavouriteKind.STUDIO, "studio"),
        )
    }
    await ctx(info).call(favourite_service.update_favourite_order, _actor(info), orders=orders)
    return _favourites(info)


@mutation_field("ToggleLike")
async def resolve_toggle_like(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None, type: str | None = None
) -> list[User]:
    """Un/like an activity, reply, thread or comment; answer everyone who now likes it."""
    context = ctx(info)
    toggled = await context.call(like_service.toggle_like, _actor(info), likeable_id=id, type=type)
    likers = await context.call(like_queries.likers_of, type, [toggled.target.id])
    return likers.get(toggled.target.id, [])


@mutation_field("ToggleLikeV2")
async def resolve_toggle_like_v2(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None, type: str | None = None
) -> Any:
    """Un/like an activity, reply, thread or comment; answer the liked object itself."""
    context = ctx(info)
    toggled = await context.call(like_service.toggle_like, _actor(info), likeable_id=id, type=type)
    return toggled.target


@mutation_field("SaveTextActivity")
async def resolve_save_text_activity(
    _obj: Any,
    info: GraphQLResolveInfo,
    id: int | None = None,
    text: str | None = None,
    locked: bool | None = None,
) -> Activity:
    """Post a text activity, or edit one (with ``id``)."""
    saved: Activity = await ctx(info).call(
        activity_service.save_text_activity, _actor(info), activity_id=id, text=text, locked=locked
    )
    return saved


@mutation_field("SaveMessageActivity")
async def resolve_save_message_activity(
    _obj: Any,
    info: GraphQLResolveInfo,
    id: int | None = None,
    message: str | None = None,
    recipient_id: int | None = None,
    private: bool | None = None,
    locked: bool | None = None,
    as_mod: bool | None = None,
) -> Activity:
    """Send a message to a user, or edit one (with ``id``); ``asMod`` has no moderator account."""
    saved: Activity = await ctx(info).call(
        activity_service.save_message_activity,
        _actor(info),
        activity_id=id,
        message=message,
        recipient_id=recipient_id,
        private=private,
        locked=locked,
    )
    return saved


@mutation_field("SaveListActivity")
async def resolve_save_list_activity(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None, locked: bool | None = None
) -> Activity:
    """Lock or unlock a list activity (moderators)."""
    saved: Activity = await ctx(info).call(
        activity_service.save_list_activity, _actor(info), activity_id=id, locked=locked
    )
    return saved


@mutation_field("DeleteActivity")
async def resolve_delete_activity(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None
) -> dict[str, bool]:
    """Delete an activity (its author, a message's recipient, or a moderator)."""
    await ctx(info).call(activity_service.delete_activity, _actor(info), activity_id=id)
    return {"deleted": True}


@mutation_field("ToggleActivityPin")
async def resolve_toggle_activity_pin(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None, pinned: bool | None = None
) -> Activity:
    """Pin or unpin one of the viewer's activities on their profile."""
    saved: Activity = await ctx(info).call(
        activity_service.toggle_activity_pin, _actor(info), activity_id=id, pinned=pinned
    )
    return saved


@mutation_field("ToggleActivitySubscription")
async def resolve_toggle_activity_subscription(
    _obj: Any,
    info: GraphQLResolveInfo,
    activity_id: int | None = None,
    subscribe: bool | None = None,
) -> Activity:
    """Subscribe to or unsubscribe from an activity's replies."""
    saved: Activity = await ctx(info).call(
        activity_service.toggle_activity_subscription,
        _actor(info),
        activity_id=activity_id,
        subscribe=subscribe,
    )
    return saved


@mutation_field("SaveActivityReply")
async def resolve_save_activity_reply(
    _obj: Any,
    info: GraphQLResolveInfo,
    id: int | None = None,
    activity_id: int | None = None,
    text: str | None = None,
    as_mod: bool | None = None,
) -> ActivityReply:
    """Reply to an activity, or edit a reply (with ``id``); ``asMod`` has no moderator account."""
    saved: ActivityReply = await ctx(info).call(
        reply_service.save_activity_reply,
        _actor(info),
        reply_id=id,
        activity_id=activity_id,
        text=text,
    )
    return saved


@mutation_field("DeleteActivityReply")
async def resolve_delete_activity_reply(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None
) -> dict[str, bool]:
    """Delete a reply (its author, the profile's owner, or a moderator)."""
    await ctx(info).call(reply_service.delete_activity_reply, _actor(info), reply_id=id)
    return {"deleted": True}
