"""The airing job: tell users who watch or plan an anime that an episode of it aired.

Idempotent: a watermark in ``kagami_meta`` records up to when episodes were announced, and
each run first moves it with a compare-and-set, so a run that repeats, overlaps another
process's or crashes mid-way (its transaction rolls back, watermark included) never tells
anyone twice. The first run only sets the watermark: history is not announced.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.models import AiringSchedule
from kagami.db.base import now_epoch
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.social.enums import NotificationType
from kagami.social.job_window import add_notifications, claim_window
from kagami.social.notify import wants

WATERMARK = "airing_notified_until"
CONTEXTS = ["Episode ", " of ", " aired."]
_WATCHING = (MediaListStatus.CURRENT, MediaListStatus.PLANNING)


async def notify_aired(session: AsyncSession, now: int | None = None) -> int:
    """AIRING notifications for every episode aired since the last run; returns how many."""
    now = now_epoch() if now is None else now
    since = await claim_window(session, WATERMARK, now)
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
    return await add_notifications(session, values)
