"""Forum thread writes: save (create or edit), delete, and (un)subscribe."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Media
from kagami.community.models import (
    ForumCategory,
    Thread,
    ThreadCategoryLink,
    ThreadMediaLink,
    ThreadSubscription,
)
from kagami.community.policy import is_moderator, require_edit, roles_of
from kagami.community.validation import Problems
from kagami.db.base import now_epoch
from kagami.db.writes import insert_ignoring_conflicts, table_of
from kagami.errors import Forbidden, NotFound
from kagami.moderation import audit
from kagami.observability import security_event

TITLE_MIN, TITLE_MAX = 6, 120
BODY_MAX = 30_000
# The schema sets no bound on either list; these keep one request's work small.
CATEGORIES_MAX = 10
MEDIA_CATEGORIES_MAX = 25


async def live_thread(session: AsyncSession, thread_id: int) -> Thread:
    """The thread ``thread_id`` unless it does not exist or was deleted."""
    thread = await session.get(Thread, thread_id)
    if thread is None or thread.deleted_at is not None:
        raise NotFound()
    return thread


async def require_moderator_for(
    session: AsyncSession,
    actor_id: int,
    changes: Sequence[tuple[bool | None, bool]],
    action: str,
    target_id: int | None,
) -> None:
    """Forbidden unless a moderator, when any (requested, current) mod-only flag would change.

    A change that goes through leaves an audit row (``target_id`` None: a new thing).
    """
    changing = any(want is not None and want != have for want, have in changes)
    if not changing:
        return
    if not is_moderator(await roles_of(session, actor_id)):
        raise Forbidden("Only moderators may sticky or lock.")
    security_event("moderator_action", level="info", user_id=actor_id, action="sticky_or_lock")
    await audit.record(session, actor_id, action, action.split(".")[0], target_id)


def _check(
    problems: Problems,
    title: str | None,
    body: str | None,
    categories: Sequence[int | None] | None,
    media_categories: Sequence[int | None] | None,
) -> None:
    problems.text("title", title, TITLE_MIN, TITLE_MAX)
    problems.text("body", body, None, BODY_MAX)
    if categories is not None and len(categories) > CATEGORIES_MAX:
        problems.add("categories", f"The categories may not have more than {CATEGORIES_MAX} items.")
    if media_categories is not None and len(media_categories) > MEDIA_CATEGORIES_MAX:
        message = f"The media categories may not have more than {MEDIA_CATEGORIES_MAX} items."
        problems.add("media_categories", message)


async def _existing(session: AsyncSession, column: Any, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set((await session.execute(sa.select(column).where(column.in_(ids)))).scalars())


def _links(
    categories: Sequence[int | None] | None, media_categories: Sequence[int | None] | None
) -> list[tuple[str, set[int], Any, type[ThreadCategoryLink | ThreadMediaLink], str]]:
    """(field, ids, id column, link model, link key) for each list given (None: unchanged)."""
    given = (
        ("categories", categories, ForumCategory.id, ThreadCategoryLink, "category_id"),
        ("media_categories", media_categories, Media.id, ThreadMediaLink, "media_id"),
    )
    return [
        (field, {i for i in ids if i is not None}, column, model, key)
        for field, ids, column, model, key in given
        if ids is not None
    ]


async def _check_links(session: AsyncSession, links: list[Any]) -> None:
    """Invalid unless every category and media given exists."""
    problems = Problems()
    for field, ids, column, _model, _key in links:
        if ids and await _existing(session, column, ids) != ids:
            problems.add(field, f"The selected {field.replace('_', ' ')} is invalid.")
    problems.raise_if_any()


async def _write_links(
    session: AsyncSession, thread_id: int, links: list[Any], *, replace: bool
) -> None:
    """File the thread under the given categories and media (replacing what it had)."""
    for _field, ids, _column, model, key in links:
        table = table_of(model)
        if replace:
            await session.execute(sa.delete(table).where(table.c.thread_id == thread_id))
        if ids:
            rows = [{"thread_id": thread_id, key: i} for i in sorted(ids)]
            await session.execute(sa.insert(table), rows)


async def save_thread(
    session: AsyncSession,
    actor_id: int,
    *,
    thread_id: int | None = None,
    title: str | None = None,
    body: str | None = None,
    categories: Sequence[int | None] | None = None,
    media_categories: Sequence[int | None] | None = None,
    sticky: bool | None = None,
    locked: bool | None = None,
) -> Thread:
    """Create a thread (its author subscribed), or edit one (``thread_id``); None stays."""
    problems = Problems()
    _check(problems, title, body, categories, media_categories)
    if thread_id is None:
        problems.required("title", title)
        problems.required("body", body)
    problems.raise_if_any()
    links = _links(categories, media_categories)
    if thread_id is not None:
        thread = await live_thread(session, thread_id)
        await require_edit(session, actor_id, thread.user_id, "thread.edit", thread.id)
        flags = [(sticky, thread.is_sticky), (locked, thread.is_locked)]
        await require_moderator_for(session, actor_id, flags, "thread.flags", thread.id)
    else:
        new_flags = [(sticky, False), (locked, False)]
        await require_moderator_for(session, actor_id, new_flags, "thread.flags", None)
    await _check_links(session, links)
    if thread_id is None:
        thread = Thread(user_id=actor_id, title="", body="")
        session.add(thread)
    if title is not None:
        thread.title = title.strip()
    if body is not None:
        thread.body = body.strip()
    if sticky is not None:
        thread.is_sticky = sticky
    if locked is not None:
        thread.is_locked = locked
    thread.updated_at = now_epoch()
    await session.flush()
    await _write_links(session, thread.id, links, replace=thread_id is not None)
    if thread_id is None:
        session.add(ThreadSubscription(user_id=actor_id, thread_id=thread.id))
        await session.flush()
    return thread


async def delete_thread(session: AsyncSession, actor_id: int, thread_id: int) -> bool:
    """Delete a thread (its author's or, for a moderator, anyone's); reads no longer see it."""
    thread = await live_thread(session, thread_id)
    await require_edit(session, actor_id, thread.user_id, "thread.delete", thread.id)
    thread.deleted_at = now_epoch()
    await session.flush()
    return True


async def toggle_thread_subscription(
    session: AsyncSession, actor_id: int, thread_id: int, subscribe: bool | None
) -> Thread:
    """Subscribe the actor to a thread's comments or not (None flips the current state)."""
    thread = await live_thread(session, thread_id)
    table = table_of(ThreadSubscription)
    key = (table.c.user_id == actor_id, table.c.thread_id == thread.id)
    if subscribe is None:
        subscribe = await session.scalar(sa.select(sa.func.count()).where(*key)) == 0
    if subscribe:
        stmt = insert_ignoring_conflicts(session, table).values(
            user_id=actor_id, thread_id=thread.id, created_at=now_epoch()
        )
        await session.execute(stmt)
    else:
        await session.execute(sa.delete(table).where(*key))
    return thread
