"""MAL v2 forum reads over our forum: boards, topics, and one topic's posts.

Boards are top-level forum categories grouped by their ``section`` (MAL's category title);
subboards are their child categories. A topic's first post is the thread's own body; its id
is ``SYNTHETIC_MAL_BASE + thread id`` so it cannot collide with a comment's id.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.accounts.queries import find_user, users_by_ids
from kagami.community.forum import ThreadQuery, thread_select
from kagami.community.models import ForumCategory, Thread, ThreadComment
from kagami.dialects.mal import docs, mapping
from kagami.dialects.mal.auth import MalCaller, mal_caller
from kagami.dialects.mal.errors import MalError
from kagami.dialects.mal.media_query import parse_mal_id
from kagami.dialects.mal.paging import envelope, page_of
from kagami.digits import ascii_digits

router = APIRouter(tags=["MyAnimeList forum"])

DEFAULT_SECTION: Final = "MyAnimeList"
MAX_FORUM_Q: Final = 344  # the longest topic search clients send


def _who(user: User | None) -> dict[str, Any]:
    """``created_by``: id and name (id 0, no name, for a deleted account)."""
    return {"id": user.id, "name": user.name} if user is not None else {"id": 0, "name": ""}


@router.get("/forum/boards")
async def forum_boards(request: Request, _caller: MalCaller = Depends(mal_caller)) -> Any:
    """Every board with its subboards, grouped into MAL's categories."""
    async with request.app.state.db.session() as session:
        stmt = sa.select(ForumCategory).order_by(ForumCategory.position, ForumCategory.id)
        rows = list((await session.execute(stmt.limit(1000))).scalars())
    children: dict[int, list[ForumCategory]] = defaultdict(list)
    for row in rows:
        if row.parent_id is not None:
            children[row.parent_id].append(row)
    sections: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.parent_id is None:
            board = {
                "id": row.id,
                "title": row.name,
                "description": row.description or "",
                "subboards": [{"id": c.id, "title": c.name} for c in children[row.id]],
            }
            sections.setdefault(row.section or DEFAULT_SECTION, []).append(board)
    return {"categories": [{"title": t, "boards": b} for t, b in sections.items()]}


def _int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name) or ""
    if not raw:
        return None
    if not ascii_digits(raw) or len(raw) > 10:
        raise MalError(400, "invalid_parameters", f"invalid {name}")
    return int(raw) if int(raw) <= mapping.MAX_MAL_ID else -1  # beyond int32: matches nothing


async def _user_id(session: AsyncSession, name: str | None) -> int | None:
    """The id of a named user; -1 (matches nothing) for an unknown name."""
    if not name:
        return None
    user = await find_user(session, None, name[:64])
    return user.id if user is not None else -1


@router.get("/forum/topics", openapi_extra=docs.TOPICS)
async def forum_topics(request: Request, _caller: MalCaller = Depends(mal_caller)) -> Any:
    """Topics, most recent post first: board_id, subboard_id, q, topic_user_name, user_name."""
    page = page_of(request, cap=100)
    if (request.query_params.get("sort") or "recent") != "recent":
        raise MalError(400, "invalid_parameters", "invalid sort")
    category = _int_param(request, "subboard_id") or _int_param(request, "board_id")
    q = (request.query_params.get("q") or "")[:MAX_FORUM_Q] or None
    async with request.app.state.db.session() as session:
        author = await _user_id(session, request.query_params.get("topic_user_name"))
        poster = await _user_id(session, request.query_params.get("user_name"))
        stmt = thread_select(ThreadQuery(category_id=category, user_id=author, search=q))
        if poster is not None:
            posted = sa.select(ThreadComment.id).where(
                ThreadComment.thread_id == Thread.id, ThreadComment.user_id == poster
            )
            stmt = stmt.where(sa.or_(Thread.user_id == poster, sa.exists(posted)))
        last = sa.func.coalesce(Thread.replied_at, Thread.created_at)
        stmt = stmt.order_by(None).order_by(last.desc(), Thread.id.desc())
        rows = list(
            (await session.execute(stmt.offset(page.offset).limit(page.limit + 1))).scalars()
        )
        more, rows = len(rows) > page.limit, rows[: page.limit]
        user_ids = {t.user_id for t in rows} | {t.reply_user_id for t in rows if t.reply_user_id}
        users = await users_by_ids(session, sorted(user_ids))
    items = []
    for thread in rows:
        replied = thread.replied_at is not None and thread.reply_user_id is not None
        items.append(
            {
                "id": thread.id,
                "title": thread.title,
                "created_at": mapping.timestamp_to_mal(thread.created_at),
                "created_by": _who(users.get(thread.user_id)),
                "number_of_posts": thread.reply_count + 1,
                "last_post_created_at": mapping.timestamp_to_mal(
                    thread.replied_at if replied and thread.replied_at else thread.created_at
                ),
                "last_post_created_by": _who(
                    users.get(
                        thread.reply_user_id if replied and thread.reply_user_id else thread.user_id
                    )
                ),
                "is_locked": thread.is_locked,
            }
        )
    return envelope(request, page, items, more)


def _post(
    post_id: int, number: int, created_at: int, user: User | None, body: str
) -> dict[str, Any]:
    author = _who(user)
    author["forum_avator"] = (user.avatar_medium or user.avatar_large or "") if user else ""
    return {
        "id": post_id,
        "number": number,
        "created_at": mapping.timestamp_to_mal(created_at),
        "created_by": author,
        "body": body,
        "signature": "",
    }


@router.get("/forum/topic/{topic_id}", openapi_extra=docs.TOPIC)
async def forum_topic(
    request: Request, topic_id: str, _caller: MalCaller = Depends(mal_caller)
) -> Any:
    """One topic: its title and a page of posts (the opening post is number 1); no polls."""
    page = page_of(request, cap=100)
    thread_id = parse_mal_id(topic_id)
    async with request.app.state.db.session() as session:
        thread = await session.get(Thread, thread_id) if thread_id <= mapping.MAX_MAL_ID else None
        if thread is None or thread.deleted_at is not None:
            raise MalError(404, "not_found", "")
        # Post number n is comment n-1 in id order; the opening post is number 1.
        first = max(0, page.offset - 1)
        count = page.limit + 1 - (1 if page.offset == 0 else 0)
        stmt = (
            sa.select(ThreadComment)
            .where(ThreadComment.thread_id == thread.id)
            .order_by(ThreadComment.id)
            .offset(first)
            .limit(count)
        )
        comments = list((await session.execute(stmt)).scalars())
        users = await users_by_ids(
            session, sorted({thread.user_id} | {c.user_id for c in comments})
        )
    posts = []
    if page.offset == 0:
        opening = mapping.SYNTHETIC_MAL_BASE + thread.id
        posts.append(_post(opening, 1, thread.created_at, users.get(thread.user_id), thread.body))
    for number, comment in enumerate(comments, start=first + 2):
        posts.append(
            _post(
                comment.id, number, comment.created_at, users.get(comment.user_id), comment.comment
            )
        )
    more = len(posts) > page.limit
    body = envelope(request, page, [], more)
    return {
        "data": {"title": thread.title, "posts": posts[: page.limit], "poll": None},
        "paging": body["paging"],
    }
