"""Seed 001 "User": user models, search, following/followers and the follow toggle."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import MediaListOptions, User
from kagami.accounts.queries import UserQuery, find_user, find_users
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.auth import v1_user_id, v1_viewer_id
from kagami.dialects.anilist_v1.errors import V1Error, V1Route
from kagami.dialects.anilist_v1.models import small_user
from kagami.dialects.anilist_v1.payload import read_payload
from kagami.digits import ascii_digits
from kagami.lists.models import ListEntry
from kagami.lists.queries import list_options
from kagami.social.follow_service import toggle_follow
from kagami.social.follows import find_follows
from kagami.social.models import Follow

router = APIRouter(route_class=V1Route, tags=["User"])

MAX_NAME = 64  # users.name length
SEARCH_PER_PAGE = 20
FOLLOWS_PER_PAGE = 100  # seed 001 gives no paging; ``page`` is accepted beyond the first 100
MAX_QUERY = 200


def padded_custom_lists(options: MediaListOptions | None) -> list[str]:
    """A user's custom list names in their slots, padded with "" to the seed's five slots."""
    names = list(options.custom_lists) if options else []
    return names + [""] * max(0, mapping.CUSTOM_LIST_SLOTS - len(names))


async def resolve_user(session: AsyncSession, ident: str) -> User:
    """The user a ``{id || displayname}`` segment names, or a v1 404."""
    text = ident.strip()
    if not text or len(text) > MAX_NAME:
        raise V1Error(404, "not_found", "User not found.")
    user_id = int(text) if ascii_digits(text) and len(text) < 10 else None
    user = await find_user(session, user_id, None if user_id is not None else text)
    if user is None:
        raise V1Error(404, "not_found", "User not found.")
    return user


async def _time_and_chapters(session: AsyncSession, user_id: int) -> tuple[int, int]:
    """(minutes of anime watched, chapters read): the user model's anime_time / manga_chap."""
    minutes = sa.func.coalesce(
        sa.func.sum(
            sa.case(
                (ListEntry.media_type == MediaType.ANIME, ListEntry.progress * Media.duration),
                else_=0,
            )
        ),
        0,
    )
    chapters = sa.func.coalesce(
        sa.func.sum(
            sa.case((ListEntry.media_type == MediaType.MANGA, ListEntry.progress), else_=0)
        ),
        0,
    )
    stmt = (
        sa.select(minutes, chapters)
        .select_from(ListEntry)
        .join(Media, Media.id == ListEntry.media_id)
        .where(ListEntry.user_id == user_id)
    )
    row = (await session.execute(stmt)).one()
    return int(row[0] or 0), int(row[1] or 0)


async def user_model(session: AsyncSession, user: User, viewer_id: int | None) -> dict[str, Any]:
    """The seed's full "User Model" of ``user`` as ``viewer_id`` sees it."""
    options = await list_options(session, [user.id])
    anime = options.get((user.id, MediaType.ANIME.value))
    manga = options.get((user.id, MediaType.MANGA.value))
    anime_time, manga_chap = await _time_and_chapters(session, user.id)
    following = False
    if viewer_id is not None and viewer_id != user.id:
        following = (
            await session.scalar(
                sa.select(Follow.created_at).where(
                    Follow.follower_id == viewer_id, Follow.followed_id == user.id
                )
            )
        ) is not None
    return {
        "id": user.id,
        "display_name": user.name,
        "anime_time": anime_time,
        "manga_chap": manga_chap,
        "about": user.about,
        "list_order": mapping.LIST_ORDERS.get(user.row_order, 0),
        "adult_content": user.display_adult_content,
        "following": following,
        "image_url_lge": user.avatar_large,
        "image_url_med": user.avatar_medium,
        "image_url_banner": user.banner_image,
        "title_language": mapping.TITLE_LANGUAGES[user.title_language],
        "score_type": mapping.SCORE_TYPE_BY_FORMAT[user.score_format],
        "custom_list_anime": padded_custom_lists(anime),
        "custom_list_manga": padded_custom_lists(manga),
        "advanced_rating": bool(anime and anime.advanced_scoring_enabled),
        "advanced_rating_names": list(anime.advanced_scoring) if anime else [],
        # Outstanding notifications are the user's own business.
        "notifications": user.unread_notification_count if viewer_id == user.id else 0,
    }


@router.get("/user")
async def current_user(request: Request, user_id: int = Depends(v1_user_id)) -> dict[str, Any]:
    """The authenticated user's model (code/pin grants only)."""
    async with request.app.state.db.session() as session:
        user = await resolve_user(session, str(user_id))
        return await user_model(session, user, user_id)


@router.get("/user/search/{query}")
async def search_users(
    request: Request, query: str, _viewer: int | None = Depends(v1_viewer_id)
) -> list[dict[str, Any]]:
    """Small user models whose names match ``query``, best match first."""
    text = query.strip()[:MAX_QUERY]
    if not text:
        return []
    async with request.app.state.db.session() as session:
        found = await find_users(session, UserQuery(search=text), 1, SEARCH_PER_PAGE)
    return [small_user(u) for u in found.items]


@router.post("/user/follow")
async def follow(request: Request, user_id: int = Depends(v1_user_id)) -> dict[str, Any]:
    """Toggle following a user; answers the user model with the new ``following``."""
    payload = await read_payload(request)
    target_id = payload.integer("id", required=True, minimum=1)
    async with request.app.state.db.session() as session:
        target = await toggle_follow(session, user_id, user_id=target_id)
        return await user_model(session, target, user_id)


async def _follows(request: Request, ident: str, page: int, *, followers: bool) -> list[Any]:
    async with request.app.state.db.session() as session:
        user = await resolve_user(session, ident)
        found = await find_follows(
            session,
            user.id,
            followers=followers,
            sort=[("username", False)],
            page=max(1, min(page, 10_000)),
            per_page=FOLLOWS_PER_PAGE,
        )
    return [small_user(u) for u in found.items]


@router.get("/user/{ident}/following")
async def following(
    request: Request, ident: str, page: int = 1, _user: int = Depends(v1_user_id)
) -> list[dict[str, Any]]:
    """Small models of the users ``ident`` follows (not for client credentials)."""
    return await _follows(request, ident, page, followers=False)


@router.get("/user/{ident}/followers")
async def followers(
    request: Request, ident: str, page: int = 1, _user: int = Depends(v1_user_id)
) -> list[dict[str, Any]]:
    """Small models of the users following ``ident`` (not for client credentials)."""
    return await _follows(request, ident, page, followers=True)


@router.get("/user/{ident}")
async def user_basic(
    request: Request, ident: str, viewer_id: int | None = Depends(v1_viewer_id)
) -> dict[str, Any]:
    """A user's model by id or display name."""
    async with request.app.state.db.session() as session:
        user = await resolve_user(session, ident)
        return await user_model(session, user, viewer_id)
