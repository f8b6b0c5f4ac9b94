"""The related-media job: tell users that a media related to one on their list was added.

A media counts as added when its row is created (``Media.created_at``) after the job's
watermark; its relation edges, in either direction, name the media whose listers are told
(RELATED_MEDIA_ADDITION, ``mediaId`` the new media), once per user and new media.
Windows are claimed as in the airing job, so it is idempotent across runs and processes.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.models import Media, MediaRelationEdge
from kagami.db.base import now_epoch
from kagami.lists.models import ListEntry
from kagami.social.enums import NotificationType
from kagami.social.job_window import add_notifications, claim_window
from kagami.social.notify import CONTEXTS, wants

WATERMARK = "related_media_notified_until"


async def notify_related_additions(session: AsyncSession, now: int | None = None) -> int:
    """RELATED_MEDIA_ADDITION for media created since the last run; returns how many."""
    now = now_epoch() if now is None else now
    since = await claim_window(session, WATERMARK, now)
    if since is None:
        return 0
    new = sa.select(Media.id).where(Media.created_at > since, Media.created_at <= now)
    edges = sa.union(
        sa.select(
            MediaRelationEdge.media_id.label("new_id"),
            MediaRelationEdge.related_media_id.label("known_id"),
        ).where(MediaRelationEdge.media_id.in_(new)),
        sa.select(
            MediaRelationEdge.related_media_id.label("new_id"),
            MediaRelationEdge.media_id.label("known_id"),
        ).where(MediaRelationEdge.related_media_id.in_(new)),
    ).subquery()
    rows = await session.execute(
        sa.select(ListEntry.user_id, edges.c.new_id, User.notification_options)
        .join(ListEntry, ListEntry.media_id == edges.c.known_id)
        .join(User, User.id == ListEntry.user_id)
        .where(User.is_active.is_(True), ListEntry.media_id.not_in(new))
        .order_by(edges.c.new_id, ListEntry.user_id)
    )
    kind = NotificationType.RELATED_MEDIA_ADDITION
    # Python, not DISTINCT: PostgreSQL's json type has no equality for the options column.
    told = {(u, m): None for u, m, options in rows if wants(options, True, kind)}
    values = [
        {
            "user_id": user_id,
            "type": kind,
            "media_id": media_id,
            "context": CONTEXTS[kind],
            "created_at": now,
        }
        for user_id, media_id in told
    ]
    return await add_notifications(session, values)
