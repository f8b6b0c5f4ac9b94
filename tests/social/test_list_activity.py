"""List activities from list writes: AniList's status text, merging, and the user's opt-outs."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.db import Database
from kagami.lists import service
from kagami.lists.changes import EntryChanges
from kagami.lists.enums import MediaListStatus
from kagami.social.models import Activity
from tests.factories import make_media, make_user


@pytest.fixture
async def ids(database: Database) -> dict[str, int]:
    async with database.session() as s:
        user = await make_user(s)
        show = await make_media(s, episodes=12)
        book = await make_media(s, type=MediaType.MANGA, chapters=40)
    return {"user": user.id, "show": show.id, "book": book.id}


async def _save(database: Database, ids: dict[str, int], media: str, **kw: Any) -> None:
    async with database.session() as s:
        await service.save_entry(s, ids["user"], media_id=ids[media], changes=EntryChanges(**kw))


async def _activities(database: Database) -> list[tuple[str, str, str | None]]:
    async with database.session() as s:
        rows = (await s.scalars(sa.select(Activity).order_by(Activity.id))).all()
    return [(str(a.type), a.status or "", a.progress) for a in rows]


async def _set_user(database: Database, user_id: int, **values: Any) -> None:
    async with database.session() as s:
        await s.execute(sa.update(User).where(User.id == user_id).values(**values))


async def test_progress_merges_into_the_latest_activity_and_status_changes_start_new_ones(
    database: Database, ids: dict[str, int]
) -> None:
    await _save(database, ids, "show", status=MediaListStatus.PLANNING)
    await _save(database, ids, "show", status=MediaListStatus.CURRENT, progress=1)
    await _save(database, ids, "show", progress=2)
    await _save(database, ids, "show", progress=4)
    await _save(database, ids, "show", notes="no progress, no activity")
    await _save(database, ids, "show", progress=12)  # the last episode completes it
    await _save(database, ids, "book", progress=3)
    await _save(database, ids, "book", status=MediaListStatus.PAUSED)
    assert await _activities(database) == [
        ("ANIME_LIST", "plans to watch", None),
        ("ANIME_LIST", "watched episode", "1 - 4"),
        ("ANIME_LIST", "completed", None),
        ("MANGA_LIST", "read chapter", "3"),
        ("MANGA_LIST", "paused reading", "3"),
    ]


async def test_a_merge_time_of_zero_never_merges(database: Database, ids: dict[str, int]) -> None:
    await _set_user(database, ids["user"], activity_merge_time=0)
    await _save(database, ids, "show", progress=1)
    await _save(database, ids, "show", progress=2)
    assert await _activities(database) == [
        ("ANIME_LIST", "watched episode", "1"),
        ("ANIME_LIST", "watched episode", "2"),
    ]


async def test_an_activity_older_than_the_merge_time_is_not_extended(
    database: Database, ids: dict[str, int]
) -> None:
    await _set_user(database, ids["user"], activity_merge_time=30)
    await _save(database, ids, "show", progress=1)
    async with database.session() as s:
        await s.execute(sa.update(Activity).values(created_at=Activity.created_at - 31 * 60))
    await _save(database, ids, "show", progress=2)
    assert [p for _, _, p in await _activities(database)] == ["1", "2"]


async def test_disabled_statuses_and_private_entries_leave_no_activity(
    database: Database, ids: dict[str, int]
) -> None:
    await _set_user(database, ids["user"], disabled_list_activity={"PLANNING": True})
    await _save(database, ids, "show", status=MediaListStatus.PLANNING)
    await _save(database, ids, "book", progress=2, private=True)
    assert await _activities(database) == []
    await _save(database, ids, "show", status=MediaListStatus.CURRENT, progress=1)
    assert await _activities(database) == [("ANIME_LIST", "watched episode", "1")]
