"""Maintained list totals and breakdowns follow catalogue imports that change their inputs."""

from __future__ import annotations

import sqlalchemy as sa

from kagami.catalogue.models import MediaGenre
from kagami.db import Database
from kagami.importers.records import MediaRecord
from kagami.importers.upsert import upsert_media_records
from kagami.lists import statistics
from kagami.lists.changes import EntryChanges
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import UserListTotals
from kagami.lists.service import save_entry
from tests.factories import make_media, make_user


async def _minutes(database: Database, user_id: int) -> int | None:
    async with database.session() as s:
        return await s.scalar(
            sa.select(UserListTotals.minutes_watched).where(UserListTotals.user_id == user_id)
        )


async def test_an_import_changing_episode_length_rebuilds_the_watchers_totals(
    database: Database,
) -> None:
    async with database.session() as s:
        user = await make_user(s)
        show = await make_media(s, title_romaji="Airing", episodes=None, duration=24)
        changes = EntryChanges(status=MediaListStatus.REPEATING, progress=3, repeat=1)
        await save_entry(s, user.id, media_id=show.id, changes=changes)
    assert await _minutes(database, user.id) == 3 * 24  # unknown length: repeats add nothing
    record = MediaRecord(anilist_id=show.id, title_romaji="Airing", episodes=12, duration=25)
    async with database.session() as s:
        await upsert_media_records(s, [record])
    assert await _minutes(database, user.id) == (3 + 12) * 25


async def _genres(database: Database, user_id: int) -> dict[str, int]:
    async with database.session() as s:
        found = await statistics.breakdown(s, [user_id], "ANIME", "genre")
    return {b.key: b.count for b in found.get(user_id, [])}


async def test_an_import_changing_genres_rebuilds_the_watchers_breakdowns(
    database: Database,
) -> None:
    async with database.session() as s:
        user = await make_user(s)
        show = await make_media(s, title_romaji="Retagged", episodes=12, duration=24)
        s.add(MediaGenre(media_id=show.id, genre="Drama"))
        changes = EntryChanges(status=MediaListStatus.CURRENT, progress=3)
        await save_entry(s, user.id, media_id=show.id, changes=changes)
    assert await _genres(database, user.id) == {"Drama": 1}
    record = MediaRecord(
        anilist_id=show.id, title_romaji="Retagged", episodes=12, duration=24, genres=("Comedy",)
    )
    async with database.session() as s:
        await upsert_media_records(s, [record])
    assert await _genres(database, user.id) == {"Comedy": 1}
