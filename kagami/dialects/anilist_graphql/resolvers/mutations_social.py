"""Social mutations: follows, favourites, likes, activities, replies, pins, subscriptions.

Each resolver maps AniList's arguments onto a dialect-neutral service in ``kagami.social``
and returns what the schema's return type resolves from.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graphql import GraphQLResolveInfo

from kagami.accounts.models import User
from kagami.dialects.anilist_graphql.resolvers.common import ctx
from kagami.dialects.anilist_graphql.resolvers.mutation import as_arguments, mutation_field
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

T = TypeVar("T")


def _actor(info: GraphQLResolveInfo) -> int:
    return ctx(info).require_viewer().user_id


async def _run(info: GraphQLResolveInfo, service: Callable[..., Awaitable[T]], **kw: Any) -> T:
    """``service(session, actor, **kw)`` under the request lock; fields named as AniList's."""
    return await as_arguments(ctx(info).call(service, _actor(info), **kw))


@mutation_field("ToggleFollow")
async def resolve_toggle_follow(
    _obj: Any, info: GraphQLResolveInfo, user_id: int | None = None
) -> User:
    """Follow or unfollow a user; the answer is that user (``isFollowing`` tells which)."""
    return await _run(info, follow_service.toggle_follow, user_id=user_id)


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
    await _run(info, favourite_service.toggle_favourite, targets=targets)
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
    await _run(info, favourite_service.update_favourite_order, orders=orders)
    return _favourites(info)


@mutation_field("ToggleLike")
async def resolve_toggle_like(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None, type: str | None = None
) -> list[User]:
    """Un/like an activity, reply, thread or comment; answer everyone who now likes it."""
    toggled = await _run(info, like_service.toggle_like, likeable_id=id, type=type)
    likers = await ctx(info).call(like_queries.likers_of, type, [toggled.target.id])
    return likers.get(toggled.target.id, [])


@mutation_field("ToggleLikeV2")
async def resolve_toggle_like_v2(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None, type: str | None = None
) -> Any:
    """Un/like an activity, reply, thread or comment; answer the liked object itself."""
    toggled = await _run(info, like_service.toggle_like, likeable_id=id, type=type)
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
    return await _run(
        info, activity_service.save_text_activity, activity_id=id, text=text, locked=locked
    )


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
    return await _run(
        info,
        activity_service.save_message_activity,
        activity_id=id,
        message=message,
        recipient_id=recipient_id,
        private=private,
        locked=locked,
    )


@mutation_field("SaveListActivity")
async def resolve_save_list_activity(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None, locked: bool | None = None
) -> Activity:
    """Lock or unlock a list activity (moderators)."""
    return await _run(info, activity_service.save_list_activity, activity_id=id, locked=locked)


@mutation_field("DeleteActivity")
async def resolve_delete_activity(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None
) -> dict[str, bool]:
    """Delete an activity (its author, a message's recipient, or a moderator)."""
    await _run(info, activity_service.delete_activity, activity_id=id)
    return {"deleted": True}


@mutation_field("ToggleActivityPin")
async def resolve_toggle_activity_pin(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None, pinned: bool | None = None
) -> Activity:
    """Pin or unpin one of the viewer's activities on their profile."""
    return await _run(info, activity_service.toggle_activity_pin, activity_id=id, pinned=pinned)


@mutation_field("ToggleActivitySubscription")
async def resolve_toggle_activity_subscription(
    _obj: Any,
    info: GraphQLResolveInfo,
    activity_id: int | None = None,
    subscribe: bool | None = None,
) -> Activity:
    """Subscribe to or unsubscribe from an activity's replies."""
    return await _run(
        info,
        activity_service.toggle_activity_subscription,
        activity_id=activity_id,
        subscribe=subscribe,
    )


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
    return await _run(
        info,
        reply_service.save_activity_reply,
        reply_id=id,
        activity_id=activity_id,
        text=text,
    )


@mutation_field("DeleteActivityReply")
async def resolve_delete_activity_reply(
    _obj: Any, info: GraphQLResolveInfo, id: int | None = None
) -> dict[str, bool]:
    """Delete a reply (its author, the profile's owner, or a moderator)."""
    await _run(info, reply_service.delete_activity_reply, reply_id=id)
    return {"deleted": True}
