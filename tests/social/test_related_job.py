"""The related-media job: listers of a related media hear of a new one, once."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaRelation, MediaType
from kagami.catalogue.models import MediaRelationEdge
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.social.models import Notification
from kagami.social.related_job import notify_related_additions
from tests.factories import make_media, make_user


async def test_a_new_related_media_is_announced_once_to_each_lister(
    session: AsyncSession,
) -> None:
    one = await make_user(session)
    both = await make_user(session)
    opted_out = await make_user(session, notification_options={"RELATED_MEDIA_ADDITION": False})
    for user, media_ids in ((one, [1]), (both, [1, 2]), (opted_out, [1])):
        for media_id in media_ids:
            session.add(
                ListEntry(
                    user_id=user.id,
                    media_id=media_id,
                    media_type=MediaType.ANIME,
                    status=MediaListStatus.COMPLETED,
                )
            )
    await session.flush()
    assert await notify_related_additions(session, now=1000) == 0  # sets the watermark

    sequel = await make_media(session, created_at=1010)
    session.add_all(
        [
            MediaRelationEdge(
                media_id=sequel.id, related_media_id=1, relation_type=MediaRelation.PREQUEL
            ),
            MediaRelationEdge(
                media_id=2, related_media_id=sequel.id, relation_type=MediaRelation.SEQUEL
            ),
        ]
    )
    await session.flush()
    assert await notify_related_additions(session, now=1020) == 2
    assert await notify_related_additions(session, now=1030) == 0
    rows = await session.execute(
        sa.select(Notification.user_id, Notification.media_id, Notification.context).order_by(
            Notification.user_id
        )
    )
    context = " was recently added to the site."
    assert rows.all() == [(one.id, sequel.id, context), (both.id, sequel.id, context)]
