"""List activities a list write leaves on the user's profile, merged as AniList merges them.

A status change or a progress step creates a ``<TYPE>_LIST`` activity whose status text
and progress read as AniList's do ("watched episode" + "5", "completed", "plans to
read"). Watching on within the user's ``activity_merge_time`` (minutes; 0 never merges,
more than two weeks always does) extends the latest activity of that media instead
("4 - 6"). Private entries and statuses the user disabled leave nothing.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.db.base import now_epoch
from kagami.db.writes import table_of
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.social.enums import ActivityType
from kagami.social.models import Activity

ALWAYS_MERGE_MINUTES = 20160  # AniList: a merge time above two weeks merges everything

# The status text AniList's list activities carry, per media type.
STATUS_TEXT: dict[str, dict[MediaListStatus, str]] = {
    "ANIME": {
        MediaListStatus.CURRENT: "watched episode",
        MediaListStatus.REPEATING: "rewatched episode",
        MediaListStatus.COMPLETED: "completed",
        MediaListStatus.PLANNING: "plans to watch",
        MediaListStatus.DROPPED: "dropped",
        MediaListStatus.PAUSED: "paused watching",
    },
    "MANGA": {
        MediaListStatus.CURRENT: "read chapter",
        MediaListStatus.REPEATING: "reread chapter",
        MediaListStatus.COMPLETED: "completed",
        MediaListStatus.PLANNING: "plans to read",
        MediaListStatus.DROPPED: "dropped",
        MediaListStatus.PAUSED: "paused reading",
    },
}
_STEPPING = frozenset({MediaListStatus.CURRENT, MediaListStatus.REPEATING})
_SHOWS_PROGRESS = _STEPPING | {MediaListStatus.DROPPED, MediaListStatus.PAUSED}


def _is_disabled(user: User, status: MediaListStatus) -> bool:
    return bool((user.disabled_list_activity or {}).get(status.value))


def _progress_text(entry: ListEntry, status_changed: bool, old_progress: int) -> str | None:
    """The activity's progress as AniList words it: "5", or "4 - 6" for several at once."""
    if entry.status not in _SHOWS_PROGRESS or not entry.progress:
        return None
    if entry.status in _STEPPING and not status_changed and entry.progress - old_progress > 1:
        return f"{old_progress + 1} - {entry.progress}"
    return str(entry.progress)


def _merge_window_start(user: User, now: int) -> int | None:
    """Oldest created_at an activity may have to be merged into (None: never merge)."""
    minutes = user.activity_merge_time
    if minutes is None or minutes <= 0:
        return None
    return 0 if minutes > ALWAYS_MERGE_MINUTES else now - minutes * 60


def _progress_start(dialect: str) -> Any:
    """SQL for the first number of an activity's progress ("4 - 6" -> 4, "5" -> 5)."""
    progress = _ACTIVITIES.c.progress
    if dialect == "sqlite":
        return sa.cast(progress, sa.Integer)  # SQLite reads the leading integer
    return sa.cast(sa.func.split_part(progress, " - ", 1), sa.Integer)


_ACTIVITIES = table_of(Activity)
_MERGES: dict[str, sa.Update] = {}


def _merge_statement(dialect: str) -> sa.Update:
    """UPDATE extending the user's latest activity of the media, when it may be extended.

    Built once per backend: the Python twin of AniList's rule is in the WHERE clause (the
    latest activity of that media, of this list type and status text, inside the merge
    window, starting before the new progress), so merging is one statement.
    """
    if dialect not in _MERGES:
        a = _ACTIVITIES.c
        start = _progress_start(dialect)
        latest = (
            sa.select(a.id)
            .where(a.user_id == sa.bindparam("m_user_id"), a.media_id == sa.bindparam("m_media_id"))
            .order_by(a.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        _MERGES[dialect] = (
            sa.update(_ACTIVITIES)
            .where(
                a.id == latest,
                a.type == sa.bindparam("m_kind"),
                a.created_at >= sa.bindparam("m_since"),
                a.status == sa.bindparam("m_text"),
                a.progress != "",  # (and not NULL)
                start < sa.bindparam("m_progress"),
            )
            .values(progress=sa.cast(start, sa.String) + " - " + sa.bindparam("m_progress_text"))
        )
    return _MERGES[dialect]


async def _merge_into_latest(
    session: AsyncSession, user_id: int, entry: ListEntry, kind: ActivityType, text: str, since: int
) -> bool:
    """Extend the latest activity of the entry's media to the entry's progress, if allowed."""
    stmt = _merge_statement(session.get_bind().dialect.name)
    params = {
        "m_user_id": user_id,
        "m_media_id": entry.media_id,
        "m_kind": kind,
        "m_since": since,
        "m_text": text,
        "m_progress": entry.progress,
        "m_progress_text": str(entry.progress),
    }
    result: Any = await session.execute(stmt, params)
    return bool(result.rowcount == 1)


async def record_list_activity(
    session: AsyncSession,
    user: User,
    entry: ListEntry,
    *,
    old_status: MediaListStatus | None,
    old_progress: int,
) -> Activity | None:
    """Create or extend the list activity for a write of ``entry``: the new activity, None
    when none is due or the latest one was extended."""
    status = entry.status
    status_changed = status != old_status
    stepped = status in _STEPPING and entry.progress > old_progress
    if entry.private or not (status_changed or stepped) or _is_disabled(user, status):
        return None
    media_type = str(entry.media_type)
    text = STATUS_TEXT[media_type][status]
    progress = _progress_text(entry, status_changed, old_progress)
    now = now_epoch()
    since = _merge_window_start(user, now)
    kind = ActivityType(f"{media_type}_LIST")
    if since is not None and progress is not None and status in _STEPPING:
        merged = await _merge_into_latest(session, user.id, entry, kind, text, since)
        if merged:
            return None
    activity = Activity(
        type=kind,
        user_id=user.id,
        media_id=entry.media_id,
        status=text,
        progress=progress,
        created_at=now,
    )
    session.add(activity)
    await session.flush()
    return activity
