"""What the notification jobs share: a claimed time window, and bulk notifications."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.db.meta import SystemMeta, get_meta
from kagami.db.writes import insert_or_ignore
from kagami.social.models import Notification

BATCH = 5000  # rows per INSERT, ids per IN list


async def claim_window(session: AsyncSession, key: str, now: int) -> int | None:
    """Move the watermark ``key`` to ``now`` and return where it was, if this run got it.

    The move is a compare-and-set, so of concurrent runs exactly one gets each window; the
    first run only sets the watermark (None: history is not announced), as does a clock
    that went back.
    """
    last = await get_meta(session, key)
    if last is None:
        await insert_or_ignore(session, SystemMeta, key=key, value=str(now), updated_at=now)
        return None
    if int(last) >= now:
        return None
    moved = await session.execute(
        sa.update(SystemMeta)
        .where(SystemMeta.key == key, SystemMeta.value == last)
        .values(value=str(now), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(last) if getattr(moved, "rowcount", 0) == 1 else None


async def add_notifications(session: AsyncSession, values: list[dict[str, Any]]) -> int:
    """Insert these notification rows and bump each recipient's unread counter by theirs."""
    for start in range(0, len(values), BATCH):
        await session.execute(sa.insert(Notification), values[start : start + BATCH])
    # One counter UPDATE per distinct number of new notifications a user got (and per batch).
    by_count: dict[int, list[int]] = defaultdict(list)
    for user_id, count in Counter(v["user_id"] for v in values).items():
        by_count[count].append(user_id)
    for count, user_ids in by_count.items():
        for start in range(0, len(user_ids), BATCH):
            await session.execute(
                sa.update(User)
                .where(User.id.in_(user_ids[start : start + BATCH]))
                .values(unread_notification_count=User.unread_notification_count + count)
                .execution_options(synchronize_session=False)
            )
    return len(values)
