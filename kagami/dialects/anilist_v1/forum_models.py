"""v1 forum models: feed threads, a thread with its page data, and nested comments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.accounts.queries import users_by_ids
from kagami.catalogue.enums import MediaType
from kagami.community import forum
from kagami.community.models import Thread, ThreadComment
from kagami.db.paging import PageResult
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.models import genres_of, small_series, small_user
from kagami.dialects.anilist_v1.review_models import v1_datetime


def page_fields(page: PageResult[Any]) -> dict[str, Any]:
    """Laravel's paginator fields: total, per_page, current_page, last_page, from, to."""
    start = (page.page - 1) * page.per_page + 1 if page.items else None
    return {
        "total": page.total,
        "per_page": page.per_page,
        "current_page": page.page,
        "last_page": page.last_page,
        "from": start,
        "to": start + len(page.items) - 1 if start is not None else None,
    }


def _flag(value: bool) -> int | None:
    """``sticky``/``locked`` as the seed's examples show them: 1, or null."""
    return 1 if value else None


def _user(users: dict[int, User], user_id: int | None) -> dict[str, Any] | None:
    user = users.get(user_id) if user_id is not None else None
    return small_user(user) if user else None


async def thread_summaries(
    session: AsyncSession, threads: Sequence[Thread]
) -> list[dict[str, Any]]:
    """Feed thread models: tags, tagged series, creator and last commenter (four statements)."""
    ids = [t.id for t in threads]
    if not ids:
        return []
    categories = await forum.categories_of(session, ids)
    tagged = await forum.media_categories_of(session, ids)
    genres = await genres_of(session, list({m.id for ms in tagged.values() for m in ms}))
    wanted = {t.user_id for t in threads} | {t.reply_user_id for t in threads if t.reply_user_id}
    users = await users_by_ids(session, list(wanted))
    out = []
    for thread in threads:
        media_tags: dict[MediaType, list[dict[str, Any]]] = {
            MediaType.ANIME: [],
            MediaType.MANGA: [],
        }
        for media in tagged.get(thread.id, []):
            key = mapping.SERIES_TYPE_NAMES[media.type]
            media_tags[media.type].append(
                {
                    "id": media.id,
                    "thread_id": thread.id,
                    "tag_id": media.id,
                    key: [small_series(media, genres[media.id])],
                }
            )
        out.append(
            {
                "id": thread.id,
                "title": thread.title,
                "sticky": _flag(thread.is_sticky),
                "last_reply": v1_datetime(thread.replied_at or thread.created_at),
                "reply_count": thread.reply_count,
                "view_count": thread.view_count,
                "tags": [{"id": c.id, "name": c.name} for c in categories.get(thread.id, [])],
                "tags_anime": media_tags[MediaType.ANIME],
                "tags_manga": media_tags[MediaType.MANGA],
                "user": _user(users, thread.user_id),
                "reply_user": _user(users, thread.reply_user_id),
            }
        )
    return out


def comment_model(comment: ThreadComment, user: User | None) -> dict[str, Any]:
    """One comment with its author and (to be filled) children."""
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "user_id": comment.user_id,
        "thread_id": comment.thread_id,
        "comment": comment.comment,
        "created_at": v1_datetime(comment.created_at),
        "updated_at": v1_datetime(comment.updated_at),
        "user": small_user(user) if user else None,
        "children": [],
    }


async def comment_tree(
    session: AsyncSession, roots: Sequence[ThreadComment]
) -> list[dict[str, Any]]:
    """Root comments with every reply nested under its parent (two statements)."""
    users = await users_by_ids(session, list({c.user_id for c in roots}))
    models = {c.id: comment_model(c, users.get(c.user_id)) for c in roots}
    below = await forum.comment_trees(session, list(models))
    for _root, rows in below.items():
        for comment, user in rows:  # in id order: a parent is placed before its replies
            models[comment.id] = comment_model(comment, user)
            parent = models.get(comment.parent_id) if comment.parent_id is not None else None
            if parent is not None:
                parent["children"].append(models[comment.id])
    return [models[c.id] for c in roots]


def thread_model(
    thread: Thread, summary: dict[str, Any], *, subscribed: bool, comments: PageResult[Any]
) -> dict[str, Any]:
    """The seed's thread data: the feed fields plus body, flags, dates and root page data."""
    paging = page_fields(comments)
    return {
        "id": thread.id,
        "user_id": thread.user_id,
        "title": thread.title,
        "body": thread.body,
        "sticky": _flag(thread.is_sticky),
        "locked": _flag(thread.is_locked),
        "last_reply": summary["last_reply"],
        "last_reply_user": thread.reply_user_id,
        "deleted_at": v1_datetime(thread.deleted_at),
        "created_at": v1_datetime(thread.created_at),
        "reply_count": thread.reply_count,
        "view_count": thread.view_count,
        "subscribed": subscribed,
        "page_data": {"total_root": paging.pop("total"), **paging},
        "tags": summary["tags"],
        "tags_anime": summary["tags_anime"],
        "tags_manga": summary["tags_manga"],
        "user": summary["user"],
        "reply_user": summary["reply_user"],
    }
