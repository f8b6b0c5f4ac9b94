"""Thread comment writes: save (post, reply or edit) and delete, with the thread's reply data.

Posting bumps the thread's ``reply_count`` and points ``replied_at``/``reply_user_id``/
``reply_comment_id`` at the new comment in one SQL statement, and tells the parent comment's
author (THREAD_COMMENT_REPLY), everyone mentioned (THREAD_COMMENT_MENTION) and the thread's
subscribers (THREAD_SUBSCRIBED), each person once.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.community.mentions import mentioned_users
from kagami.community.models import Thread, ThreadComment, ThreadSubscription
from kagami.community.policy import is_moderator, require_edit, roles_of
from kagami.community.threads_service import live_thread, require_moderator_for
from kagami.community.validation import Problems
from kagami.db.base import now_epoch
from kagami.errors import Forbidden, Invalid, NotFound
from kagami.moderation import audit
from kagami.social.enums import LikeableType, NotificationType
from kagami.social.models import Like
from kagami.social.notify import notify_many

COMMENT_MIN, COMMENT_MAX = 1, 12_000
# Thread columns the comment statements change in SQL: the next query reads them afresh.
_REPLY_DATA = ["reply_count", "replied_at", "reply_user_id", "reply_comment_id"]


async def _comment(session: AsyncSession, comment_id: int) -> ThreadComment:
    found = await session.get(ThreadComment, comment_id)
    if found is None:
        raise NotFound()
    return found


def _tree(start: int, *, up: bool) -> sa.CTE:
    """Recursive CTE of comment ids from ``start``: its ancestors (``up``) or its subtree."""
    c = ThreadComment.__table__.c
    seed = sa.select(c.id, c.parent_id).where(c.id == start).cte("tree", recursive=True)
    step = sa.select(c.id, c.parent_id).join(
        seed, (c.id == seed.c.parent_id) if up else (c.parent_id == seed.c.id)
    )
    return seed.union_all(step)


async def _tree_locked(session: AsyncSession, parent_id: int) -> bool:
    """True when the parent comment or any comment above it is locked."""
    tree = _tree(parent_id, up=True)
    stmt = sa.select(sa.func.count()).where(
        ThreadComment.id.in_(sa.select(tree.c.id)), ThreadComment.is_locked.is_(True)
    )
    return bool(await session.scalar(stmt))


async def _subtree(session: AsyncSession, comment_id: int) -> list[int]:
    """Ids of the comment and every reply below it."""
    tree = _tree(comment_id, up=False)
    return list((await session.execute(sa.select(tree.c.id))).scalars())


async def _notify(
    session: AsyncSession,
    actor_id: int,
    thread: Thread,
    comment: ThreadComment,
    parent_author: int | None,
) -> None:
    """Tell the parent's author, the mentioned and the subscribers, each at most once."""
    told: set[int] = {actor_id}

    async def tell(user_ids: list[int], type: NotificationType) -> None:
        fresh = [u for u in user_ids if u not in told]
        if fresh:
            told.update(fresh)
            await notify_many(
                session,
                user_ids=fresh,
                type=type,
                actor_id=actor_id,
                thread_id=thread.id,
                comment_id=comment.id,
            )

    if parent_author is not None:
        await tell([parent_author], NotificationType.THREAD_COMMENT_REPLY)
    await tell(
        await mentioned_users(session, comment.comment), NotificationType.THREAD_COMMENT_MENTION
    )
    subscribers = sa.select(ThreadSubscription.user_id).where(
        ThreadSubscription.thread_id == thread.id
    )
    await tell(
        list((await session.execute(subscribers)).scalars()), NotificationType.THREAD_SUBSCRIBED
    )


async def _edit(
    session: AsyncSession, actor_id: int, comment_id: int, text: str | None, locked: bool | None
) -> ThreadComment:
    comment = await _comment(session, comment_id)
    await live_thread(session, comment.thread_id)
    await require_edit(session, actor_id, comment.user_id, "comment.edit", comment.id)
    flags = [(locked, comment.is_locked)]
    await require_moderator_for(session, actor_id, flags, "comment.lock", comment.id)
    if text is not None:
        comment.comment = text.strip()
    if locked is not None:
        comment.is_locked = locked
    comment.updated_at = now_epoch()
    await session.flush()
    return comment


async def save_thread_comment(
    session: AsyncSession,
    actor_id: int,
    *,
    comment_id: int | None = None,
    thread_id: int | None = None,
    parent_comment_id: int | None = None,
    comment: str | None = None,
    locked: bool | None = None,
) -> ThreadComment:
    """Post a comment (or a reply to ``parent_comment_id``), or edit one (``comment_id``)."""
    problems = Problems()
    problems.text("comment", comment, COMMENT_MIN, COMMENT_MAX)
    if comment_id is None:
        problems.required("comment", comment)
        if parent_comment_id is None:
            problems.required("thread_id", thread_id)
    problems.raise_if_any()
    if comment_id is not None:
        return await _edit(session, actor_id, comment_id, comment, locked)
    assert comment is not None
    parent = None
    if parent_comment_id is not None:
        parent = await _comment(session, parent_comment_id)
        if thread_id is not None and thread_id != parent.thread_id:
            raise Invalid({"parent_comment_id": ["The parent comment is in another thread."]})
        thread_id = parent.thread_id
    assert thread_id is not None
    thread = await live_thread(session, thread_id)
    await require_moderator_for(session, actor_id, [(locked, False)], "comment.lock", None)
    closed = thread.is_locked or (parent is not None and await _tree_locked(session, parent.id))
    if closed:
        if not is_moderator(await roles_of(session, actor_id)):
            raise Forbidden("This thread is locked.")
        await audit.record(session, actor_id, "thread.comment_locked", "thread", thread.id)
    now = now_epoch()
    posted = ThreadComment(
        thread_id=thread.id,
        user_id=actor_id,
        parent_id=parent.id if parent else None,
        comment=comment.strip(),
        is_locked=bool(locked),
        created_at=now,
        updated_at=now,
    )
    session.add(posted)
    await session.flush()
    newer = sa.or_(Thread.reply_comment_id.is_(None), Thread.reply_comment_id < posted.id)
    await session.execute(
        sa.update(Thread)
        .where(Thread.id == thread.id)
        .values(
            reply_count=Thread.reply_count + 1,
            # Racing comments may update out of id order: the newest one stays the latest.
            replied_at=sa.case((newer, now), else_=Thread.replied_at),
            reply_user_id=sa.case((newer, actor_id), else_=Thread.reply_user_id),
            reply_comment_id=sa.case((newer, posted.id), else_=Thread.reply_comment_id),
        )
        .execution_options(synchronize_session=False)
    )
    session.expire(thread, _REPLY_DATA)
    await _notify(session, actor_id, thread, posted, parent.user_id if parent else None)
    return posted


async def delete_thread_comment(session: AsyncSession, actor_id: int, comment_id: int) -> bool:
    """Delete a comment and the replies below it; the thread's reply data follows."""
    comment = await _comment(session, comment_id)
    thread = await live_thread(session, comment.thread_id)
    await require_edit(session, actor_id, comment.user_id, "comment.delete", comment.id)
    gone = await _subtree(session, comment.id)
    await session.execute(
        sa.delete(Like).where(
            Like.likeable_type == LikeableType.THREAD_COMMENT, Like.likeable_id.in_(gone)
        )
    )
    # Replies and their notifications go by ON DELETE CASCADE.
    await session.execute(sa.delete(ThreadComment).where(ThreadComment.id == comment.id))
    latest = (
        sa.select(ThreadComment)
        .where(ThreadComment.thread_id == thread.id)
        .order_by(ThreadComment.id.desc())
        .limit(1)
        .subquery()
    )
    newest = sa.select(latest.c.id).scalar_subquery()
    await session.execute(
        sa.update(Thread)
        .where(Thread.id == thread.id)
        .values(
            reply_count=Thread.reply_count - len(gone),
            reply_comment_id=newest,
            replied_at=sa.select(latest.c.created_at).scalar_subquery(),
            reply_user_id=sa.select(latest.c.user_id).scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )
    session.expunge(comment)
    session.expire(thread, _REPLY_DATA)
    return True
