"""Whether fuzzed writes left the database consistent: maintained counters still match a recount.

The fixtures seed some counters without their rows (a character with 200 favourites), so
what must not change is each counter's *drift* from a recount of its rows: writes that
succeeded moved both, refused ones neither.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from kagami.catalogue.models import Character, Media, Staff, Studio
from kagami.community.models import Thread, ThreadComment
from kagami.db import Database
from kagami.lists.models import ListEntry, UserListTotals
from kagami.lists.totals import SUMS, recount
from kagami.social.enums import LikeableType
from kagami.social.models import Activity, ActivityReply, Favourite, Like


def _count(model: Any, *where: Any) -> Any:
    return sa.select(sa.func.count()).select_from(model).where(*where).scalar_subquery()


def _likes(kind: LikeableType, owner: Any) -> Any:
    return _count(Like, Like.likeable_type == kind, Like.likeable_id == owner.id)


def _counters() -> dict[str, Any]:
    """Each maintained counter as (id, counter - recount) rows."""
    pairs: dict[str, tuple[Any, Any]] = {
        "media.popularity": (Media.popularity, _count(ListEntry, ListEntry.media_id == Media.id)),
        "media.favourites": (Media.favourites, _count(Favourite, Favourite.media_id == Media.id)),
        "characters.favourites": (
            Character.favourites,
            _count(Favourite, Favourite.character_id == Character.id),
        ),
        "staff.favourites": (Staff.favourites, _count(Favourite, Favourite.staff_id == Staff.id)),
        "studios.favourites": (
            Studio.favourites,
            _count(Favourite, Favourite.studio_id == Studio.id),
        ),
        "activities.reply_count": (
            Activity.reply_count,
            _count(ActivityReply, ActivityReply.activity_id == Activity.id),
        ),
        "activities.like_count": (Activity.like_count, _likes(LikeableType.ACTIVITY, Activity)),
        "activity_replies.like_count": (
            ActivityReply.like_count,
            _likes(LikeableType.ACTIVITY_REPLY, ActivityReply),
        ),
        "threads.like_count": (Thread.like_count, _likes(LikeableType.THREAD, Thread)),
        "threads.reply_count": (
            Thread.reply_count,
            _count(ThreadComment, ThreadComment.thread_id == Thread.id),
        ),
        "thread_comments.like_count": (
            ThreadComment.like_count,
            _likes(LikeableType.THREAD_COMMENT, ThreadComment),
        ),
    }
    return {
        name: sa.select(column.class_.id, column - fresh).where(column != fresh)  # type: ignore[attr-defined]
        for name, (column, fresh) in pairs.items()
    }


async def drift(database: Database) -> dict[str, Any]:
    """Every counter that differs from its recount, by how much; and the list totals' drift."""
    found: dict[str, Any] = {}
    async with database.session() as s:
        for name, stmt in _counters().items():
            found[name] = {row[0]: int(row[1]) for row in (await s.execute(stmt)).all()}
        columns = [getattr(UserListTotals, n) for n in SUMS]
        keys = (UserListTotals.user_id, UserListTotals.media_type, UserListTotals.private)
        kept = {
            tuple(row[:3]): tuple(int(v) for v in row[3:])
            for row in (await s.execute(sa.select(*keys, *columns))).all()
            if any(row[3:])
        }
        fresh = {
            tuple(row[:3]): tuple(int(v) for v in row[3:])
            for row in (await s.execute(recount())).all()
        }
        found["user_list_totals"] = {
            key: (kept.get(key), fresh.get(key))
            for key in kept.keys() | fresh.keys()
            if kept.get(key) != fresh.get(key)
        }
        if s.get_bind().dialect.name == "sqlite":
            found["foreign_keys"] = (await s.execute(sa.text("PRAGMA foreign_key_check"))).all()
    return found
