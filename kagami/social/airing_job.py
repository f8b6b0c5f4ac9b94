"""The airing job: tell users who watch or plan an anime that an episode of it aired.

Idempotent: a watermark in ``kagami_meta`` records up to when episodes were announced, and
each run first moves it with a compare-and-set, so a run that repeats, overlaps another
process's or crashes mid-way (its transaction rolls back, watermark included) never tells
anyone twice. The first run only sets the watermark: history is not announced.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.models import AiringSchedule
from kagami.db.base import now_epoch
from kagami.db.meta import SystemMeta, get_meta, set_meta
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.social.enums import NotificationType
from kagami.social.models import Notification
from kagami.social.notify import wants

WATERMARK = "airing_notified_until"
CONTEXTS = ["Episode ", " of ", " aired."]
_WATCHING = (MediaListStatus.CURRENT, MediaListStatus.PLANNING)
_BATCH = 5000  # notifications inserted per statement


async def _claim(session: AsyncSession, now: int) -> int | None:
    """Move the watermark to ``now``; the previous one, or None when there is nothing to do."""
    last = await get_meta(session, WATERMARK)
    if last is None:
        await set_meta(session, WATERMARK, str(now))
        await session.flush()
        return None
    if int(last) >= now:
        return None
    moved = await session.execute(
        sa.update(SystemMeta)
        .where(SystemMeta.key == WATERMARK, SystemMeta.value == last)
        .values(value=str(now), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(last) if getattr(moved, "rowcount", 0) == 1 else None


async def notify_aired(session: AsyncSession, now: int | None = None) -> int:
    """AIRING notifications for every episode aired since the last run; returns how many."""
    now = now_epoch() if now is None else now
    since = await _claim(session, now)
    if since is None:
        return 0
    rows = await session.execute(
        sa.select(
            ListEntry.user_id,
            AiringSchedule.media_id,
            AiringSchedule.episode,
            AiringSchedule.airing_at,
            User.notification_options,
        )
        .join(ListEntry, ListEntry.media_id == AiringSchedule.media_id)
        .join(User, User.id == ListEntry.user_id)
        .where(
            AiringSchedule.airing_at > since,
            AiringSchedule.airing_at <= now,
            ListEntry.status.in_(_WATCHING),
            User.is_active.is_(True),
            User.airing_notifications.is_(True),
        )
        .order_by(AiringSchedule.airing_at, AiringSchedule.id, ListEntry.user_id)
    )
    values = [
        {
            "user_id": user_id,
            "type": NotificationType.AIRING,
            "media_id": media_id,
            "episode": episode,
            "contexts": CONTEXTS,
            "created_at": aired,
        }
        for user_id, media_id, episode, aired, options in rows
        if wants(options, True, NotificationType.AIRING)
    ]
    for start in range(0, len(values), _BATCH):
        await session.execute(sa.insert(Notification), values[start : start + _BATCH])
    # One counter UPDATE per distinct number of new notifications a user got.
    by_count: dict[int, list[int]] = defaultdict(list)
    for user_id, count in Counter(v["user_id"] for v in values).items():
        by_count[count].append(user_id)
    for count, user_ids in by_count.items():
        for start in range(0, len(user_ids), _BATCH):
            await _bump(session, user_ids[start : start + _BATCH], count)
    return len(values)


async def _bump(session: AsyncSession, user_ids: list[int], count: int) -> None:
    await session.execute(
        sa.update(User)
        .where(User.id.in_(user_ids))
        .values(unread_notification_count=User.unread_notification_count + count)
        .execution_options(synchronize_session=False)
    )
