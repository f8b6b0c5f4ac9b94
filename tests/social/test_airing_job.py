"""The airing job: who is told an episode aired, exactly once, and the unread counters."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import AiringSchedule
from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.social.airing_job import notify_aired
from kagami.social.models import Notification
from tests.factories import make_one_of_each, make_user


async def _setup(session: AsyncSession) -> dict[str, int]:
    """Users watching, planning, done with and muting media 1; episodes 1 (t=100), 2 (t=200)."""
    users = {
        "watching": (await make_user(session)).id,
        "planning": (await make_user(session)).id,
        "completed": (await make_user(session)).id,
        "muted": (await make_user(session, airing_notifications=False)).id,
        "opted_out": (await make_user(session, notification_options={"AIRING": False})).id,
    }
    statuses = {
        "watching": MediaListStatus.CURRENT,
        "planning": MediaListStatus.PLANNING,
        "completed": MediaListStatus.COMPLETED,
        "muted": MediaListStatus.CURRENT,
        "opted_out": MediaListStatus.CURRENT,
    }
    for key, status in statuses.items():
        session.add(
            ListEntry(user_id=users[key], media_id=1, media_type=MediaType.ANIME, status=status)
        )
    session.add_all(
        [
            AiringSchedule(media_id=1, episode=1, airing_at=100),
            AiringSchedule(media_id=1, episode=2, airing_at=200),
        ]
    )
    await session.flush()
    return users


async def _told(session: AsyncSession) -> list[tuple[int, int | None]]:
    rows = await session.execute(
        sa.select(Notification.user_id, Notification.episode)
        .where(Notification.type == "AIRING")
        .order_by(Notification.episode, Notification.user_id)
    )
    return [(u, e) for u, e in rows]


async def test_the_first_run_announces_no_history(session: AsyncSession) -> None:
    await _setup(session)
    assert await notify_aired(session, now=150) == 0
    assert await _told(session) == []


async def test_each_aired_episode_is_announced_once_to_current_and_planning_users(
    session: AsyncSession,
) -> None:
    users = await _setup(session)
    await notify_aired(session, now=50)  # the watermark
    assert await notify_aired(session, now=150) == 2
    assert await notify_aired(session, now=150) == 0  # the same run again: nothing new
    assert await notify_aired(session, now=140) == 0  # a clock behind: nothing
    assert await notify_aired(session, now=250) == 2
    watching, planning = users["watching"], users["planning"]
    assert await _told(session) == sorted(
        [(watching, 1), (planning, 1), (watching, 2), (planning, 2)], key=lambda r: (r[1], r[0])
    )
    unread = await session.scalar(
        sa.select(User.unread_notification_count).where(User.id == watching)
    )
    assert unread == 2
    contexts = await session.scalar(sa.select(Notification.contexts).limit(1))
    assert contexts == ["Episode ", " of ", " aired."]


async def test_two_episodes_in_one_run_count_twice_in_the_unread_counter(
    session: AsyncSession,
) -> None:
    users = await _setup(session)
    await notify_aired(session, now=50)
    assert await notify_aired(session, now=300) == 4
    unread = await session.scalar(
        sa.select(User.unread_notification_count).where(User.id == users["planning"])
    )
    assert unread == 2


async def test_concurrent_runs_announce_each_episode_once(database: Database) -> None:
    async with database.session() as s:
        await make_one_of_each(s, 1)
        await _setup(s)
        await notify_aired(s, now=50)

    async def run() -> int:
        async with database.session() as s:
            return await notify_aired(s, now=150)

    results = await asyncio.gather(*(run() for _ in range(4)))
    assert sorted(results) == [0, 0, 0, 2]
    async with database.session() as s:
        assert len(await _told(s)) == 2
