"""List activities a list write leaves on the user's profile, merged as AniList merges them.

A status change or a progress step creates a ``<TYPE>_LIST`` activity whose status text
and progress read as AniList's do ("watched episode" + "5", "completed", "plans to
read"). Watching on within the user's ``activity_merge_time`` (minutes; 0 never merges,
more than two weeks always does) extends the latest activity of that media instead
("4 - 6"). Private entries and statuses the user disabled leave nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.db.base import now_epoch
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


async def record_list_activity(
    session: AsyncSession,
    user: User,
    entry: ListEntry,
    *,
    old_status: MediaListStatus | None,
    old_progress: int,
) -> Activity | None:
    """Create or extend the list activity for a write of ``entry`` (None when none is due)."""
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
    if since is not None and progress is not None and status in _STEPPING:
        latest = await session.scalar(
            sa.select(Activity)
            .where(Activity.user_id == user.id, Activity.media_id == entry.media_id)
            .order_by(Activity.id.desc())
            .limit(1)
        )
        if (
            latest is not None
            and latest.type == ActivityType(f"{media_type}_LIST")
            and latest.created_at >= since
            and latest.status == text
            and latest.progress
        ):
            start = int(latest.progress.split(" - ")[0])
            if start < entry.progress:
                latest.progress = f"{start} - {entry.progress}"
                await session.flush()
                return latest
    activity = Activity(
        type=ActivityType(f"{media_type}_LIST"),
        user_id=user.id,
        media_id=entry.media_id,
        status=text,
        progress=progress,
        created_at=now,
    )
    session.add(activity)
    await session.flush()
    return activity
