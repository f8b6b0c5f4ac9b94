"""The maintained breakdowns cost a write one statement, and fan out to the media's keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.catalogue.models import MediaGenre, MediaStaff
from kagami.db import Database
from kagami.lists import statistics
from kagami.lists.changes import EntryChanges
from kagami.lists.enums import MediaListStatus
from kagami.lists.service import delete_entry, save_entry, update_entries
from tests.factories import make_media, make_staff, make_user


def _breakdown_statements(counted: Any) -> list[str]:
    return [s for s in counted.statements if "user_stat_breakdowns" in s]


async def test_each_list_write_moves_the_breakdowns_in_one_statement(
    database: Database, sql_counter: Callable[..., Any]
) -> None:
    async with database.session() as s:
        user = await make_user(s)
        shows = [await make_media(s, episodes=12, duration=24) for _ in range(3)]
        director = await make_staff(s)
        for show in shows:
            s.add(MediaGenre(media_id=show.id, genre="Drama"))
            for role in ("Director", "Storyboard"):  # two roles: counted once
                s.add(MediaStaff(media_id=show.id, staff_id=director.id, role=role))
    writes = [
        EntryChanges(status=MediaListStatus.CURRENT, progress=1, score=70),  # new entry
        EntryChanges(progress=2),  # progress +1
        EntryChanges(status=MediaListStatus.COMPLETED, score=90),  # status and score
    ]
    for changes in writes:
        with sql_counter() as counted:
            async with database.session() as s:
                entry = await save_entry(s, user.id, media_id=shows[0].id, changes=changes)
        assert len(_breakdown_statements(counted)) == 1, str(counted)
    ids = []
    async with database.session() as s:
        for show in shows[1:]:
            changes = EntryChanges(status=MediaListStatus.CURRENT, progress=1)
            ids.append((await save_entry(s, user.id, media_id=show.id, changes=changes)).id)
    with sql_counter() as counted:
        async with database.session() as s:
            await update_entries(s, user.id, entry_ids=ids, changes=EntryChanges(progress=5))
    assert len(_breakdown_statements(counted)) == 1, str(counted)
    async with database.session() as s:
        staff = await statistics.breakdown(s, [user.id], "ANIME", "staff")
        genres = await statistics.breakdown(s, [user.id], "ANIME", "genre")
    assert [(b.key, b.count, b.minutes_watched) for b in staff[user.id]] == [
        (director.id, 3, (12 + 5 + 5) * 24)
    ]
    assert [(b.key, b.count, b.mean_score) for b in genres[user.id]] == [("Drama", 3, 90.0)]
    with sql_counter() as counted:
        async with database.session() as s:
            await delete_entry(s, user.id, entry.id)
    assert len(_breakdown_statements(counted)) == 1, str(counted)
    async with database.session() as s:
        genres = await statistics.breakdown(s, [user.id], "ANIME", "genre")
    assert [(b.key, b.count, b.minutes_watched) for b in genres[user.id]] == [("Drama", 2, 10 * 24)]
