"""Seed 001 "User" activity and notifications: feeds, post/reply/delete, notifications."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.queries import users_by_ids
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.auth import v1_user_id, v1_viewer_id
from kagami.dialects.anilist_v1.errors import V1Route
from kagami.dialects.anilist_v1.models import small_series_by_ids, small_user, v1_date
from kagami.dialects.anilist_v1.payload import read_payload
from kagami.dialects.anilist_v1.users import resolve_user
from kagami.social.activity_service import (
    delete_activity,
    save_message_activity,
    save_text_activity,
)
from kagami.social.models import Activity, ActivityReply, Notification
from kagami.social.notifications import find_notifications, reset_unread
from kagami.social.queries import ActivityQuery, find_activities, replies_of
from kagami.social.reply_service import delete_activity_reply, save_activity_reply

router = APIRouter(route_class=V1Route, tags=["User"])

PER_PAGE = 15
MAX_PAGE = 10_000
NOTIFICATIONS = 10  # "Returns up to 10 notifications"
MAX_TEXT = 20_000  # the services bound each text; this only bounds what is read


def reply_model(reply: ActivityReply, users: dict[int, Any]) -> dict[str, Any]:
    """An activity reply."""
    user = users.get(reply.user_id)
    return {
        "id": reply.id,
        "activity_id": reply.activity_id,
        "user_id": reply.user_id,
        "reply_value": reply.text,
        "created_at": v1_date(reply.created_at),
        "user": small_user(user) if user else None,
    }


def activity_model(
    activity: Activity,
    users: dict[int, Any],
    series: dict[int, dict[str, Any]],
    replies: Sequence[ActivityReply],
) -> dict[str, Any]:
    """An activity with its users (owner, then sender of a message), series and replies."""
    kind = mapping.ACTIVITY_TYPES[activity.type]
    parties = [u for u in (activity.user_id, activity.messenger_id) if u is not None]
    return {
        "id": activity.id,
        "user_id": activity.user_id,
        "messenger_id": activity.messenger_id,
        "activity_type": kind,
        "value": activity.progress if kind == "list" else activity.text,
        "status": activity.status,
        "series": series.get(activity.media_id) if activity.media_id else None,
        "reply_count": activity.reply_count,
        "created_at": v1_date(activity.created_at),
        "users": [small_user(users[u]) for u in parties if u in users],
        "replies": [reply_model(r, users) for r in replies],
    }


async def activity_models(
    session: AsyncSession, activities: Sequence[Activity]
) -> list[dict[str, Any]]:
    """Models of a page of activities: replies, users and series in one statement each."""
    replies = await replies_of(session, [a.id for a in activities]) if activities else {}
    user_ids = {u for a in activities for u in (a.user_id, a.messenger_id) if u is not None}
    user_ids |= {r.user_id for rs in replies.values() for r in rs}
    users = await users_by_ids(session, list(user_ids)) if user_ids else {}
    media_ids = [a.media_id for a in activities if a.media_id is not None]
    series = await small_series_by_ids(session, media_ids)
    return [activity_model(a, users, series, replies.get(a.id, [])) for a in activities]


async def _feed(request: Request, q: ActivityQuery, page: int) -> list[dict[str, Any]]:
    async with request.app.state.db.session() as session:
        found = await find_activities(session, q, max(1, min(page, MAX_PAGE)), PER_PAGE)
        return await activity_models(session, found.items)


@router.get("/user/activity")
async def viewer_feed(
    request: Request, page: int = 1, user_id: int = Depends(v1_user_id)
) -> list[dict[str, Any]]:
    """The current user's activity and that of the users they follow, newest first."""
    return await _feed(request, ActivityQuery(following_of=user_id, viewer_id=user_id), page)


@router.post("/user/activity")
async def post_activity(request: Request, user_id: int = Depends(v1_user_id)) -> dict[str, Any]:
    """A status (``text``), a message (``messenger_id``) or a reply (``reply_id``)."""
    payload = await read_payload(request)
    text = payload.text("text", required=True, max_length=MAX_TEXT)
    messenger_id = payload.integer("messenger_id", minimum=1)
    reply_id = payload.integer("reply_id", minimum=1)
    async with request.app.state.db.session() as session:
        if reply_id is not None:
            reply = await save_activity_reply(
                session, user_id, reply_id=None, activity_id=reply_id, text=text
            )
            users = await users_by_ids(session, [user_id])
            return reply_model(reply, users)
        if messenger_id is not None:
            activity = await save_message_activity(
                session,
                user_id,
                activity_id=None,
                message=text,
                recipient_id=messenger_id,
                private=False,
                locked=None,
            )
        else:
            activity = await save_text_activity(
                session, user_id, activity_id=None, text=text, locked=None
            )
        return (await activity_models(session, [activity]))[0]


async def _payload_id(request: Request) -> int:
    """The ``id`` a DELETE payload names."""
    ident = (await read_payload(request)).integer("id", required=True, minimum=1)
    assert ident is not None
    return ident


@router.delete("/user/activity")
async def remove_activity(request: Request, user_id: int = Depends(v1_user_id)) -> bool:
    """Delete one of the user's activities (or a message on their profile)."""
    ident = await _payload_id(request)
    async with request.app.state.db.session() as session:
        return await delete_activity(session, user_id, activity_id=ident)


@router.delete("/user/activity/reply")
async def remove_reply(request: Request, user_id: int = Depends(v1_user_id)) -> bool:
    """Delete an activity reply."""
    ident = await _payload_id(request)
    async with request.app.state.db.session() as session:
        return await delete_activity_reply(session, user_id, reply_id=ident)


def notification_model(
    note: Notification, users: dict[int, Any], series: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    """A notification: its kind, who caused it and what it points at."""
    actor = users.get(note.actor_id) if note.actor_id else None
    return {
        "id": note.id,
        "type": mapping.NOTIFICATION_TYPES[note.type],
        "value": note.context,
        "read": note.is_read,
        "created_at": v1_date(note.created_at),
        "user": small_user(actor) if actor else None,
        "activity_id": note.activity_id,
        "thread_id": note.thread_id,
        "comment_id": note.comment_id,
        "episode": note.episode,
        "series": series.get(note.media_id) if note.media_id else None,
    }


@router.get("/user/notifications")
async def notifications(request: Request, user_id: int = Depends(v1_user_id)) -> list[Any]:
    """The user's 10 newest notifications; reading them clears the outstanding count."""
    async with request.app.state.db.session() as session:
        found = await find_notifications(session, user_id, None, 1, NOTIFICATIONS)
        actors = {n.actor_id for n in found.items if n.actor_id is not None}
        users = await users_by_ids(session, list(actors)) if actors else {}
        media = [n.media_id for n in found.items if n.media_id is not None]
        series = await small_series_by_ids(session, media)
        models = [notification_model(n, users, series) for n in found.items]
        await reset_unread(session, user_id)
    return models


@router.get("/user/notifications/count")
async def notification_count(request: Request, user_id: int = Depends(v1_user_id)) -> int:
    """How many notifications the user has not yet seen (an int body)."""
    async with request.app.state.db.session() as session:
        user = await resolve_user(session, str(user_id))
        return user.unread_notification_count


@router.get("/user/{ident}/activity")
async def user_feed(
    request: Request, ident: str, page: int = 1, viewer_id: int | None = Depends(v1_viewer_id)
) -> list[dict[str, Any]]:
    """A user's activity, and the messages other users left on their profile."""
    async with request.app.state.db.session() as session:
        user = await resolve_user(session, ident)
    return await _feed(request, ActivityQuery(user_ids=[user.id], viewer_id=viewer_id), page)
