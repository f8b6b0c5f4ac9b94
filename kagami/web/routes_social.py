"""Social pages and writes: activities with likes and replies, follow, favourite, notifications."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kagami.accounts.models import User
from kagami.accounts.queries import find_user, users_by_ids
from kagami.catalogue.queries import media_by_ids
from kagami.errors import Invalid, NotFound
from kagami.social import (
    activity_service,
    favourite_service,
    follow_service,
    like_service,
    reply_service,
)
from kagami.social.enums import FavouriteKind, LikeableType
from kagami.social.likes import likers_of
from kagami.social.notifications import find_notifications, reset_unread
from kagami.social.queries import ActivityQuery, first_activity, replies_of
from kagami.web.feeds import feed_extras
from kagami.web.forms import require_user
from kagami.web.pages import error_page, render
from kagami.web.sessions import current_user
from kagami.web.views import number, post_action

router = APIRouter(include_in_schema=False)

NOTIFICATIONS_PER_PAGE = 30


@router.get("/activity/{ident}", response_class=HTMLResponse)
async def activity_page(request: Request, ident: str) -> Response:
    """One activity with its likes and replies, and a reply form."""
    viewer = await current_user(request)
    found = number(ident)
    async with request.app.state.db.session() as session:
        activity = None
        if found is not None:
            q = ActivityQuery(ids=[found], viewer_id=viewer.id if viewer else None)
            activity = await first_activity(session, q)
        if activity is None:
            return error_page(request, "Not found", "No activity has that id.", 404)
        feed = await feed_extras(session, [activity], viewer)
        replies = (await replies_of(session, [activity.id])).get(activity.id, [])
        likers = (await likers_of(session, LikeableType.ACTIVITY, [activity.id])).get(
            activity.id, []
        )
        repliers = {r.user_id for r in replies} - set(feed.users)
        if repliers:
            feed.users.update(await users_by_ids(session, list(repliers)))
    ctx = {"activity": activity, "feed": feed, "replies": replies, "likers": likers}
    return render(request, "activity.html", ctx)


@router.post("/activity/{ident}/like")
async def like(request: Request, ident: str) -> Response:
    """Like or unlike an activity."""

    async def act(session: Any, user: User, _form: dict[str, str]) -> None:
        await like_service.toggle_like(
            session, user.id, likeable_id=number(ident) or 0, type=LikeableType.ACTIVITY.value
        )

    return await post_action(request, act, f"/activity/{number(ident) or 0}")


@router.post("/activity/{ident}/reply")
async def reply(request: Request, ident: str) -> Response:
    """Reply to an activity."""

    async def act(session: Any, user: User, form: dict[str, str]) -> None:
        await reply_service.save_activity_reply(
            session, user.id, reply_id=None, activity_id=number(ident) or 0, text=form.get("text")
        )

    return await post_action(request, act, f"/activity/{number(ident) or 0}#replies")


@router.post("/activity")
async def post_status(request: Request) -> Response:
    """Post a text activity (a status) to your profile and your followers' feeds."""

    async def act(session: Any, user: User, form: dict[str, str]) -> None:
        await activity_service.save_text_activity(
            session, user.id, activity_id=None, text=form.get("text"), locked=None
        )

    return await post_action(request, act, "/")


@router.post("/user/{name}/follow")
async def follow(request: Request, name: str) -> Response:
    """Follow or unfollow a user."""

    async def act(session: Any, user: User, _form: dict[str, str]) -> None:
        target = await find_user(session, None, name[:64])
        if target is None:
            raise NotFound("No user has that name.")
        await follow_service.toggle_follow(session, user.id, user_id=target.id)

    return await post_action(request, act, f"/user/{name[:64]}")


@router.post("/favourite")
async def favourite(request: Request) -> Response:
    """Favourite or unfavourite an anime, manga, character, staff member or studio."""

    async def act(session: Any, user: User, form: dict[str, str]) -> None:
        kind = form.get("kind", "")
        if kind not in FavouriteKind.__members__:
            raise Invalid({"kind": ["The selected kind is invalid."]})
        targets: dict[FavouriteKind, int | None] = {FavouriteKind(kind): number(form.get("id"))}
        await favourite_service.toggle_favourite(session, user.id, targets=targets)

    return await post_action(request, act, "/")


@router.get("/notifications", response_class=HTMLResponse)
async def notifications(request: Request) -> Response:
    """Your notifications, newest first; opening the page marks them read."""
    user = await require_user(request)
    if isinstance(user, Response):
        return user
    page = number(request.query_params.get("page"), 4) or 1
    async with request.app.state.db.session() as session:
        found = await find_notifications(session, user.id, None, page, NOTIFICATIONS_PER_PAGE)
        items = found.items
        actors = await users_by_ids(session, list({n.actor_id for n in items if n.actor_id}))
        media_ids = [n.media_id for n in items if n.media_id]
        media = await media_by_ids(session, media_ids) if media_ids else {}
        unread = user.unread_notification_count
        fresh = {n.id for n in items if not n.is_read}  # before the reset marks them read
        if unread:
            await reset_unread(session, user.id)
    user.unread_notification_count = 0  # the header reads the count after the reset
    ctx = {"result": found, "actors": actors, "media": media, "unread": unread, "fresh": fresh}
    return render(request, "notifications.html", ctx)
