"""Forum reads: threads (filters, sorts, categories), comments and their reply trees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from kagami.accounts.models import User
from kagami.catalogue.models import Media
from kagami.catalogue.search_terms import search_terms
from kagami.community.models import (
    ForumCategory,
    Thread,
    ThreadCategoryLink,
    ThreadComment,
    ThreadMediaLink,
    ThreadSubscription,
)
from kagami.community.queries import order_terms
from kagami.db.filters import in_list
from kagami.db.like import contains_text, starts_with_text
from kagami.db.paging import PageResult, paginate

THREAD_SORT_COLUMNS: dict[str, Any] = {
    "id": Thread.id,
    "title": Thread.title,
    "created_at": Thread.created_at,
    "updated_at": Thread.updated_at,
    "replied_at": Thread.replied_at,
    "reply_count": Thread.reply_count,
    "view_count": Thread.view_count,
    "is_sticky": Thread.is_sticky,
    # Latest comment, or creation for a thread without one (v1's "recent activity" feeds).
    "last_activity": sa.func.coalesce(Thread.replied_at, Thread.created_at),
}
COMMENT_SORT_COLUMNS: dict[str, Any] = {"id": ThreadComment.id}


@dataclass
class ThreadQuery:
    """Filters over live (not deleted) threads; ``subscribed`` needs ``viewer_id``."""

    ids: list[int] | None = None
    user_id: int | None = None
    reply_user_id: int | None = None
    subscribed: bool | None = None
    category_id: int | None = None
    media_category_id: int | None = None
    # Threads filed under every one of these categories / tagged with every one of these media.
    category_ids_all: list[int] = field(default_factory=list)
    media_ids_all: list[int] = field(default_factory=list)
    search: str | None = None
    viewer_id: int | None = None
    sort: Sequence[tuple[str, bool]] = ()


def _linked(column: Any, ident: int) -> Any:
    """EXISTS a link row (category or media) of this thread with ``column == ident``."""
    link = column.class_
    return sa.exists(sa.select(link.thread_id).where(link.thread_id == Thread.id, column == ident))


def _thread_conditions(q: ThreadQuery) -> list[Any]:
    conds: list[Any] = [Thread.deleted_at.is_(None)]
    if q.ids is not None:
        conds.append(in_list(Thread.id, q.ids))
    if q.user_id is not None:
        conds.append(Thread.user_id == q.user_id)
    if q.reply_user_id is not None:
        conds.append(Thread.reply_user_id == q.reply_user_id)
    if q.category_id is not None:
        link = sa.select(ThreadCategoryLink.thread_id).where(
            ThreadCategoryLink.thread_id == Thread.id,
            ThreadCategoryLink.category_id == q.category_id,
        )
        conds.append(sa.exists(link))
    if q.media_category_id is not None:
        media_link = sa.select(ThreadMediaLink.thread_id).where(
            ThreadMediaLink.thread_id == Thread.id, ThreadMediaLink.media_id == q.media_category_id
        )
        conds.append(sa.exists(media_link))
    conds.extend(_linked(ThreadCategoryLink.category_id, i) for i in set(q.category_ids_all))
    conds.extend(_linked(ThreadMediaLink.media_id, i) for i in set(q.media_ids_all))
    if q.subscribed:
        # Anonymous callers have no subscriptions, so the filter matches nothing.
        sub = sa.select(ThreadSubscription.thread_id).where(
            ThreadSubscription.thread_id == Thread.id,
            ThreadSubscription.user_id == (q.viewer_id if q.viewer_id is not None else -1),
        )
        conds.append(sa.exists(sub))
    terms = search_terms(q.search)
    if terms is not None:  # every word in the title, as media and people searches match
        conds.extend(contains_text(Thread.title, word) for word in terms.words or [terms.text])
    return conds


def thread_select(q: ThreadQuery) -> sa.Select[Any]:
    """SELECT of threads matching ``q`` in its order (id by default; search: title match)."""
    # IS_STICKY has no _DESC twin: it always means sticky threads first.
    sort = [(k, desc or k == "is_sticky") for k, desc in q.sort]
    if ("search_match", False) in sort:
        # Titles starting with the query first, then shorter titles.
        terms = search_terms(q.search)
        starts = starts_with_text(Thread.title, terms.spaced) if terms else sa.false()
        columns = {**THREAD_SORT_COLUMNS, "search_match": sa.case((starts, 0), else_=1)}
    else:
        columns = THREAD_SORT_COLUMNS
    return (
        sa.select(Thread)
        .where(*_thread_conditions(q))
        .order_by(*order_terms(sort, columns, Thread.id))
    )


async def find_threads(
    session: AsyncSession, q: ThreadQuery, page: int, per_page: int
) -> PageResult[Thread]:
    """One page of threads matching ``q`` with the total (two statements)."""
    return await paginate(session, thread_select(q), page, per_page)


async def first_thread(session: AsyncSession, q: ThreadQuery) -> Thread | None:
    """The first thread matching ``q``, or None."""
    return (await session.execute(thread_select(q).limit(1))).scalars().first()


async def threads_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Thread]:
    """Threads keyed by id, for loaders."""
    rows = (await session.execute(sa.select(Thread).where(Thread.id.in_(list(ids))))).scalars()
    return {t.id: t for t in rows}


async def categories_of(
    session: AsyncSession, thread_ids: Sequence[int]
) -> dict[int, list[ForumCategory]]:
    """Each thread's forum categories, by id (one statement)."""
    stmt = (
        sa.select(ThreadCategoryLink.thread_id, ForumCategory)
        .join(ForumCategory, ForumCategory.id == ThreadCategoryLink.category_id)
        .where(ThreadCategoryLink.thread_id.in_(list(thread_ids)))
        .order_by(ThreadCategoryLink.thread_id, ForumCategory.id)
    )
    out: dict[int, list[ForumCategory]] = defaultdict(list)
    for thread_id, category in (await session.execute(stmt)).all():
        out[thread_id].append(category)
    return dict(out)


async def media_categories_of(
    session: AsyncSession, thread_ids: Sequence[int]
) -> dict[int, list[Media]]:
    """Each thread's tagged media, by id (one statement)."""
    stmt = (
        sa.select(ThreadMediaLink.thread_id, Media)
        .join(Media, Media.id == ThreadMediaLink.media_id)
        .where(ThreadMediaLink.thread_id.in_(list(thread_ids)))
        .order_by(ThreadMediaLink.thread_id, Media.id)
    )
    out: dict[int, list[Media]] = defaultdict(list)
    for thread_id, media in (await session.execute(stmt)).all():
        out[thread_id].append(media)
    return dict(out)


async def subscribed_threads(
    session: AsyncSession, user_id: int, thread_ids: Sequence[int]
) -> dict[int, bool]:
    """Which of the threads ``user_id`` is subscribed to (True only)."""
    stmt = sa.select(ThreadSubscription.thread_id).where(
        ThreadSubscription.user_id == user_id,
        ThreadSubscription.thread_id.in_(list(thread_ids)),
    )
    return {i: True for i in (await session.execute(stmt)).scalars()}


@dataclass
class CommentQuery:
    """Filters over comments; a thread alone lists its top-level comments (replies nest)."""

    id: int | None = None
    thread_id: int | None = None
    user_id: int | None = None
    sort: Sequence[tuple[str, bool]] = ()


def comment_select(q: CommentQuery) -> sa.Select[Any]:
    """SELECT of comments matching ``q`` in its order (id by default)."""
    stmt = sa.select(ThreadComment)
    for column, value in (
        (ThreadComment.id, q.id),
        (ThreadComment.thread_id, q.thread_id),
        (ThreadComment.user_id, q.user_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    if q.thread_id is not None and q.id is None and q.user_id is None:
        stmt = stmt.where(ThreadComment.parent_id.is_(None))
    return stmt.order_by(*order_terms(q.sort, COMMENT_SORT_COLUMNS, ThreadComment.id))


async def find_comments(
    session: AsyncSession, q: CommentQuery, page: int, per_page: int
) -> PageResult[ThreadComment]:
    """One page of comments matching ``q`` with the total (two statements)."""
    return await paginate(session, comment_select(q), page, per_page)


async def comment_trees(
    session: AsyncSession, comment_ids: Sequence[int]
) -> dict[int, list[tuple[ThreadComment, User | None]]]:
    """Every descendant of each comment with its author, in id order (one recursive statement).

    Callers nest them by ``parent_id``; the result is keyed by the ancestor asked for.
    """
    child = aliased(ThreadComment)
    tree = (
        sa.select(ThreadComment.id.label("id"), ThreadComment.parent_id.label("root_id"))
        .where(ThreadComment.parent_id.in_(list(comment_ids)))
        .cte("comment_tree", recursive=True)
    )
    tree = tree.union_all(
        sa.select(child.id, tree.c.root_id).join(tree, child.parent_id == tree.c.id)
    )
    stmt = (
        sa.select(tree.c.root_id, ThreadComment, User)
        .join(ThreadComment, ThreadComment.id == tree.c.id)
        .outerjoin(User, User.id == ThreadComment.user_id)
        .order_by(tree.c.root_id, ThreadComment.id)
    )
    out: dict[int, list[tuple[ThreadComment, User | None]]] = defaultdict(list)
    for root_id, comment, user in (await session.execute(stmt)).all():
        out[root_id].append((comment, user))
    return dict(out)
