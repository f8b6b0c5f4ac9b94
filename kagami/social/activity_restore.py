"""Restoring a user's own activities from a backup, with their original times.

A restored activity is the person's old post or list update, not something happening
now: nobody is notified (no mentions), nothing merges into it, and an activity already
present (same kind, time, media and words) is not added twice, so restoring is
repeatable. Replies and likes belong to other people and are not restored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Media
from kagami.errors import Invalid
from kagami.social.activity_service import toggle_activity_pin
from kagami.social.enums import ActivityType
from kagami.social.models import Activity
from kagami.social.texts import TEXT_ACTIVITY, checked_text

RESTORABLE = frozenset({ActivityType.TEXT, ActivityType.ANIME_LIST, ActivityType.MANGA_LIST})


@dataclass(frozen=True, slots=True)
class RestoredActivity:
    """One of the user's own activities as a backup keeps it."""

    type: ActivityType
    created_at: int
    text: str | None = None
    media_id: int | None = None
    status: str | None = None
    progress: str | None = None
    pinned: bool = False


def _key(a: Activity | RestoredActivity) -> tuple[object, ...]:
    return (a.type, a.created_at, a.text, a.media_id, a.status, a.progress)


async def restore_activities(
    session: AsyncSession, user_id: int, items: Sequence[RestoredActivity]
) -> list[str | None]:
    """Add the activities the user does not have yet; per item None, or why it was skipped."""
    existing = {
        _key(a)
        for a in await session.scalars(
            sa.select(Activity).where(
                Activity.user_id == user_id,
                Activity.messenger_id.is_(None),
                Activity.type.in_(RESTORABLE),
            )
        )
    }
    media_ids = {i.media_id for i in items if i.media_id is not None}
    known = set(await session.scalars(sa.select(Media.id).where(Media.id.in_(sorted(media_ids)))))
    results: list[str | None] = []
    pinned: Activity | None = None
    for item in items:
        if item.type not in RESTORABLE:
            results.append(f"{item.type} activities are not restored")
            continue
        if item.type is ActivityType.TEXT:
            try:
                checked_text("text", item.text, TEXT_ACTIVITY)
            except Invalid as exc:
                results.append("; ".join(m for ms in exc.fields.values() for m in ms))
                continue
        elif item.media_id not in known:
            results.append(f"no media {item.media_id} in the catalogue")
            continue
        if _key(item) in existing:
            results.append(None)
            continue
        activity = Activity(
            type=item.type,
            user_id=user_id,
            text=item.text if item.type is ActivityType.TEXT else None,
            media_id=item.media_id if item.type is not ActivityType.TEXT else None,
            status=item.status,
            progress=item.progress,
            created_at=item.created_at,
        )
        session.add(activity)
        existing.add(_key(item))
        if item.pinned:
            pinned = activity
        results.append(None)
    await session.flush()
    if pinned is not None:
        await toggle_activity_pin(session, user_id, activity_id=pinned.id, pinned=True)
    return results
