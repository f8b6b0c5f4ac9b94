"""ToggleLike: like or unlike an activity, activity reply, thread or thread comment.

The likeable's ``like_count`` moves with SQL arithmetic only when a like row was really
added or removed, so it stays exact under any number of concurrent togglers. Liking tells
the author (ACTIVITY_LIKE, ACTIVITY_REPLY_LIKE, THREAD_LIKE, THREAD_COMMENT_LIKE).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from kagami.community.models import Thread, ThreadComment
from kagami.db.writes import insert_or_ignore
from kagami.errors import Invalid, NotFound
from kagami.social.enums import LikeableType, NotificationType
from kagami.social.models import Activity, ActivityReply, Like
from kagami.social.notify import notify
from kagami.social.policy import author_of, may_see
from kagami.social.unread import already_told

_MODELS: dict[LikeableType, Any] = {
    LikeableType.ACTIVITY: Activity,
    LikeableType.ACTIVITY_REPLY: ActivityReply,
    LikeableType.THREAD: Thread,
    LikeableType.THREAD_COMMENT: ThreadComment,
}


@dataclass(frozen=True, slots=True)
class Liked:
    """A toggled likeable: the row (its ``like_count`` current) and whether the actor likes it."""

    target: Any
    liked: bool


async def _load(
    session: AsyncSession, actor_id: int, kind: LikeableType, ident: int
) -> tuple[Any, int, dict[str, Any]]:
    """(row, its author, notification fields) of a likeable the actor may see, else NotFound."""
    if kind is LikeableType.ACTIVITY:
        activity = await session.get(Activity, ident)
        if activity is None or not may_see(actor_id, activity):
            raise NotFound()
        return activity, author_of(activity), {"activity_id": activity.id}
    if kind is LikeableType.ACTIVITY_REPLY:
        found = (
            await session.execute(
                sa.select(ActivityReply, Activity)
                .join(Activity, Activity.id == ActivityReply.activity_id)
                .where(ActivityReply.id == ident)
            )
        ).first()
        if found is None or not may_see(actor_id, found[1]):
            raise NotFound()
        return found[0], found[0].user_id, {"activity_id": found[1].id}
    if kind is LikeableType.THREAD:
        thread = await session.scalar(
            sa.select(Thread).where(Thread.id == ident, Thread.deleted_at.is_(None))
        )
        if thread is None:
            raise NotFound()
        return thread, thread.user_id, {"thread_id": thread.id}
    comment = await session.scalar(
        sa.select(ThreadComment)
        .join(Thread, Thread.id == ThreadComment.thread_id)
        .where(ThreadComment.id == ident, Thread.deleted_at.is_(None))
    )
    if comment is None:
        raise NotFound()
    return comment, comment.user_id, {"comment_id": comment.id, "thread_id": comment.thread_id}


_NOTIFICATION = {
    LikeableType.ACTIVITY: NotificationType.ACTIVITY_LIKE,
    LikeableType.ACTIVITY_REPLY: NotificationType.ACTIVITY_REPLY_LIKE,
    LikeableType.THREAD: NotificationType.THREAD_LIKE,
    LikeableType.THREAD_COMMENT: NotificationType.THREAD_COMMENT_LIKE,
}


async def _bump(session: AsyncSession, kind: LikeableType, target: Any, delta: int) -> None:
    """``like_count += delta`` in SQL; the row object learns the new value without a reload."""
    model = _MODELS[kind]
    count = await session.scalar(
        sa.update(model)
        .where(model.id == target.id)
        .values(like_count=model.like_count + delta)
        .returning(model.like_count)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(target, "like_count", count)


async def toggle_like(
    session: AsyncSession, actor_id: int, *, likeable_id: int | None, type: str | None
) -> Liked:
    """Like the likeable if the actor does not yet, else unlike it."""
    missing = {}
    if likeable_id is None:
        missing["id"] = ["The id field is required."]
    if type is None:
        missing["type"] = ["The type field is required."]
    if missing:
        raise Invalid(missing)
    assert likeable_id is not None and type is not None
    kind = LikeableType(type)
    target, author, fields = await _load(session, actor_id, kind, likeable_id)
    removed = await session.execute(
        sa.delete(Like).where(
            Like.user_id == actor_id, Like.likeable_type == kind, Like.likeable_id == likeable_id
        )
    )
    if getattr(removed, "rowcount", 0):
        await _bump(session, kind, target, -1)
        return Liked(target, liked=False)
    if await insert_or_ignore(
        session, Like, user_id=actor_id, likeable_type=kind, likeable_id=likeable_id
    ):
        await _bump(session, kind, target, 1)
        type_ = _NOTIFICATION[kind]
        told = author == actor_id or await already_told(
            session, user_id=author, type=type_, actor_id=actor_id, **fields
        )
        if not told:
            await notify(session, user_id=author, type=type_, actor_id=actor_id, **fields)
    return Liked(target, liked=True)
