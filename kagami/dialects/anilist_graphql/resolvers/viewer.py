"""Viewer-aware values: the caller's options, list entries and favourites, batched per level.

Everything here is anonymous-safe: without a token the answers are AniList's anonymous
ones (romaji titles, no list entry, nothing favourited) and no statement runs. With a
token, each kind of look-up is one statement per level (a per-request loader), and a
parent level that already knows the answers (a MediaListCollection) stores them in
``RequestContext.prefetched`` under the ``PREFETCH_*`` kinds, so big lists resolve
without one awaitable per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graphql import GraphQLResolveInfo

from kagami.accounts.models import User
from kagami.accounts.queries import users_by_ids
from kagami.dialects.anilist_graphql.context import RequestContext
from kagami.dialects.anilist_graphql.resolvers.common import ctx, load
from kagami.lists.queries import entries_for_media
from kagami.social.enums import FavouriteKind
from kagami.social.favourites import favourite_ids

PREFETCH_USER = "viewer.user"  # viewer id -> User
PREFETCH_ENTRY = "viewer.entry"  # media id -> the viewer's entry or None
FAVOURITE_KINDS = {  # GraphQL type -> favourite kind answering isFavourite
    "Media": FavouriteKind.ANIME,  # ANIME and MANGA share the media column
    "Character": FavouriteKind.CHARACTER,
    "Staff": FavouriteKind.STAFF,
    "Studio": FavouriteKind.STUDIO,
}


def prefetch_favourite(kind: FavouriteKind) -> str:
    """The ``prefetched`` kind holding target id -> favourited? for ``kind``."""
    return f"viewer.fav.{'ANIME' if kind == FavouriteKind.MANGA else kind.value}"


def known_user(context: RequestContext) -> User | None:
    """The viewer's user row if this request already has it (None when anonymous or unknown)."""
    if context.viewer is None:
        return None
    found: User | None = context.prefetched.get(PREFETCH_USER, {}).get(context.viewer.user_id)
    return found


def remember_user(context: RequestContext, user: User | None) -> None:
    """Keep the viewer's row for the rest of the request (options, score format)."""
    if user is not None:
        context.prefetched.setdefault(PREFETCH_USER, {})[user.id] = user
        context.score_formats[user.id] = user.score_format


async def viewer_user(info: GraphQLResolveInfo) -> User | None:
    """The viewer's user row (one statement per request at most); None when anonymous."""
    context = ctx(info)
    if context.viewer is None:
        return None
    found = known_user(context)
    if found is None:
        found = await load(info, "user.byId", context.viewer.user_id, users_by_ids)
        remember_user(context, found)
    return found


async def viewer_user_unlocked(context: RequestContext) -> User | None:
    """:func:`viewer_user` for code already holding the request lock (Page fetchers)."""
    if context.viewer is None:
        return None
    found = known_user(context)
    if found is None:
        found = (await users_by_ids(context.session, [context.viewer.user_id])).get(
            context.viewer.user_id
        )
        remember_user(context, found)
    return found


def list_entry(info: GraphQLResolveInfo, media_id: int) -> Any:
    """The viewer's entry for a media: a value when known, else an awaitable (one per level)."""
    context = ctx(info)
    if context.viewer is None:
        return None  # AniList: null for anonymous requests
    known = context.prefetched.get(PREFETCH_ENTRY)
    if known is not None and media_id in known:
        return known[media_id]
    return _load_entry(info, context.viewer.user_id, media_id)


async def _load_entry(info: GraphQLResolveInfo, user_id: int, media_id: int) -> Any:
    async def batch(session: Any, keys: Sequence[int]) -> Any:
        return await entries_for_media(session, user_id, keys)

    entry = await load(info, "viewer.entry", media_id, batch)
    if entry is not None:
        await viewer_user(info)  # MediaList.score converts in the owner's (viewer's) format
    return entry


def is_favourite(info: GraphQLResolveInfo, kind: FavouriteKind, target_id: int) -> Any:
    """Whether the viewer favourited the target: a bool when known, else an awaitable."""
    context = ctx(info)
    if context.viewer is None:
        return False
    known = context.prefetched.get(prefetch_favourite(kind))
    if known is not None and target_id in known:
        return bool(known[target_id])
    return _load_favourite(info, context.viewer.user_id, kind, target_id)


async def _load_favourite(
    info: GraphQLResolveInfo, user_id: int, kind: FavouriteKind, target_id: int
) -> bool:
    async def batch(session: Any, keys: Sequence[int]) -> dict[int, bool]:
        return {i: True for i in await favourite_ids(session, user_id, kind, keys)}

    return bool(await load(info, prefetch_favourite(kind), target_id, batch, False))


def with_user(info: GraphQLResolveInfo, pick: Any, obj: Any, anonymous: Any) -> Any:
    """``pick(obj, viewer)`` when the viewer's row is known, an awaitable when not yet loaded.

    Anonymous requests get ``anonymous(obj)`` without any statement.
    """
    context = ctx(info)
    if context.viewer is None:
        return anonymous(obj)
    found = known_user(context)
    if found is not None:
        return pick(obj, found)

    async def later() -> Any:
        user = await viewer_user(info)
        return pick(obj, user) if user is not None else anonymous(obj)

    return later()


async def prefetch_for_media(
    context: RequestContext,
    media_ids: Sequence[int],
    *,
    entries: bool,
    favourites: bool,
    own_entries: dict[int, Any] | None = None,
) -> None:
    """Fill the viewer's entries/favourites of these media in (caller holds the lock).

    ``own_entries`` (media id -> entry) answers entries without a statement when the
    rows at hand are the viewer's own list.
    """
    if context.viewer is None or not media_ids:
        return
    user_id = context.viewer.user_id
    if entries:
        found = own_entries
        if found is None:
            found = await entries_for_media(context.session, user_id, media_ids)
        slot = context.prefetched.setdefault(PREFETCH_ENTRY, {})
        for media_id in media_ids:
            slot[media_id] = found.get(media_id)
    if favourites:
        faved = await favourite_ids(context.session, user_id, FavouriteKind.ANIME, media_ids)
        fav_slot = context.prefetched.setdefault(prefetch_favourite(FavouriteKind.ANIME), {})
        for media_id in media_ids:
            fav_slot[media_id] = media_id in faved


def on_list_of(info: GraphQLResolveInfo, on_list: bool | None) -> tuple[int, bool] | None:
    """An ``onList`` argument as (viewer id, on or not on); None when unset or anonymous.

    AniList ignores ``onList`` without a token rather than failing.
    """
    viewer = ctx(info).viewer
    if on_list is None or viewer is None:
        return None
    return (viewer.user_id, on_list)
