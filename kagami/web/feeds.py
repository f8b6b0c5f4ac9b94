"""Activity feeds on the site's pages: a page of activities with their people, media and likes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.accounts.queries import users_by_ids
from kagami.catalogue.queries import media_by_ids
from kagami.social.enums import LikeableType
from kagami.social.likes import liked_by
from kagami.social.models import Activity
from kagami.social.queries import ActivityQuery, find_activities


@dataclass
class Feed:
    """Activities plus what they name, loaded in a fixed number of statements."""

    activities: list[Activity]
    users: dict[int, User] = field(default_factory=dict)
    media: dict[int, Any] = field(default_factory=dict)
    liked: dict[int, bool] = field(default_factory=dict)
    total: int = 0


async def feed_extras(
    session: AsyncSession, activities: list[Activity], viewer: User | None, total: int = 0
) -> Feed:
    """The users, media and viewer's likes of these activities: three statements at most."""
    people = {a.user_id for a in activities} | {
        a.messenger_id for a in activities if a.messenger_id
    }
    media_ids = [a.media_id for a in activities if a.media_id]
    ids = [a.id for a in activities]
    return Feed(
        activities,
        await users_by_ids(session, list(people)) if people else {},
        await media_by_ids(session, media_ids) if media_ids else {},
        await liked_by(session, viewer.id, LikeableType.ACTIVITY, ids) if viewer and ids else {},
        total,
    )


async def load_feed(
    session: AsyncSession, q: ActivityQuery, viewer: User | None, per_page: int = 20
) -> Feed:
    """The newest page of activities matching ``q`` that the viewer may see."""
    q.viewer_id = viewer.id if viewer else None
    page = await find_activities(session, q, 1, per_page)
    return await feed_extras(session, page.items, viewer, page.total)
