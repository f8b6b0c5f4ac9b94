"""List write services: upsert, bounds, AniList's automatic dates and statuses, counters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.accounts.models import MediaListOptions
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.errors import Forbidden, Invalid
from kagami.lists import service
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.lists.models import ListEntry, ListEntryCustomList
from tests.factories import make_media, make_user

CURRENT, COMPLETED = MediaListStatus.CURRENT, MediaListStatus.COMPLETED


@pytest.fixture
async def ids(database: Database) -> dict[str, int]:
    """Two users (alice with POINT_10 and two custom anime lists), a 12-episode show, a manga."""
    async with database.session() as s:
        alice = await make_user(s, name="alice", score_format=ScoreFormat.POINT_10)
        bob = await make_user(s, name="bob")
        show = await make_media(s, episodes=12)
        book = await make_media(s, type=MediaType.MANGA, chapters=50, volumes=5)
        s.add(
            MediaListOptions(
                user_id=alice.id,
                media_type=MediaType.ANIME,
                custom_lists=["Comfy", "Owned"],
                advanced_scoring=["Story", "Art"],
            )
        )
    return {"alice": alice.id, "bob": bob.id, "show": show.id, "book": book.id}


async def _save(database: Database, actor: int, **kw: Any) -> ListEntry:
    changes = EntryChanges(**{k: v for k, v in kw.items() if k in EntryChanges.__annotations__})
    rest = {k: v for k, v in kw.items() if k not in EntryChanges.__annotations__}
    async with database.session() as s:
        return await service.save_entry(s, actor, changes=changes, **rest)


async def _media(database: Database, media_id: int) -> Media:
    async with database.session() as s:
        media = await s.get(Media, media_id)
        assert media is not None
        return media


def _today() -> FuzzyDate:
    return FuzzyDate.of(datetime.now(UTC).date())


def _started(e: ListEntry) -> FuzzyDate:
    return FuzzyDate(e.started_year, e.started_month, e.started_day)


def _completed(e: ListEntry) -> FuzzyDate:
    return FuzzyDate(e.completed_year, e.completed_month, e.completed_day)


async def test_save_by_media_creates_once_then_updates_the_same_entry(
    database: Database, ids: dict[str, int]
) -> None:
    first = await _save(database, ids["alice"], media_id=ids["show"], progress=3)
    again = await _save(database, ids["alice"], media_id=ids["show"], progress=4)
    by_id = await _save(database, ids["alice"], entry_id=first.id, notes="good")
    assert first.id == again.id == by_id.id
    assert (by_id.progress, by_id.notes, by_id.status) == (4, "good", CURRENT)
    assert (await _media(database, ids["show"])).popularity == 1


async def test_score_is_read_in_the_users_format_and_score_raw_in_point_100(
    database: Database, ids: dict[str, int]
) -> None:
    entry = await _save(database, ids["alice"], media_id=ids["show"], user_score=7)
    assert entry.score == 70
    entry = await _save(database, ids["alice"], media_id=ids["show"], user_score=7, score=85)
    assert entry.score == 85
    with pytest.raises(Invalid) as bad:
        await _save(database, ids["alice"], media_id=ids["show"], user_score=11)
    assert list(bad.value.fields) == ["score"]


async def test_media_score_aggregates_follow_each_write(
    database: Database, ids: dict[str, int]
) -> None:
    await _save(database, ids["alice"], media_id=ids["show"], score=80)
    entry = await _save(database, ids["bob"], media_id=ids["show"], score=61)
    media = await _media(database, ids["show"])
    assert (media.popularity, media.scored_count, media.mean_score) == (2, 2, 71)
    async with database.session() as s:
        await service.delete_entry(s, ids["bob"], entry.id)
    media = await _media(database, ids["show"])
    assert (media.popularity, media.scored_count, media.mean_score) == (1, 1, 80)


async def test_IV_2_out_of_bounds_fields_are_named_and_nothing_is_written(
    database: Database, ids: dict[str, int]
) -> None:
    with pytest.raises(Invalid) as bad:
        await _save(
            database,
            ids["alice"],
            media_id=ids["show"],
            progress=13,
            repeat=1001,
            priority=256,
            notes="x" * 6001,
            advanced_scores=[101.0],
            started_at=FuzzyDate(2024, 2, 30),
        )
    assert sorted(bad.value.fields) == [
        "advanced_scores",
        "notes",
        "priority",
        "progress",
        "repeat",
        "started_at",
    ]
    async with database.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(ListEntry)) == 0
    with pytest.raises(Invalid) as bad:
        await _save(database, ids["alice"], media_id=ids["book"], progress_volumes=6)
    assert bad.value.fields == {
        "progress_volumes": ["The progress volumes may not be greater than 5."]
    }


async def test_upper_bounds_themselves_are_accepted(
    database: Database, ids: dict[str, int]
) -> None:
    entry = await _save(
        database,
        ids["alice"],
        media_id=ids["book"],
        status=MediaListStatus.PAUSED,
        progress=50,
        progress_volumes=5,
        repeat=1000,
        priority=255,
        notes="x" * 6000,
    )
    assert (entry.progress, entry.repeat, entry.priority, len(entry.notes or "")) == (
        50,
        1000,
        255,
        6000,
    )


async def test_watching_starts_today_and_the_last_episode_completes_today(
    database: Database, ids: dict[str, int]
) -> None:
    entry = await _save(
        database, ids["alice"], media_id=ids["show"], status=MediaListStatus.PLANNING
    )
    assert _started(entry).is_empty
    entry = await _save(database, ids["alice"], media_id=ids["show"], status=CURRENT, progress=1)
    assert _started(entry) == _today() and _completed(entry).is_empty
    entry = await _save(database, ids["alice"], media_id=ids["show"], progress=12)
    assert entry.status == COMPLETED
    assert _completed(entry) == _today()


async def test_marking_completed_fills_progress_and_keeps_a_given_date(
    database: Database, ids: dict[str, int]
) -> None:
    entry = await _save(
        database,
        ids["alice"],
        media_id=ids["book"],
        status=COMPLETED,
        completed_at=FuzzyDate(2020, 5, None),
    )
    assert (entry.progress, entry.progress_volumes) == (50, 5)
    assert _completed(entry) == FuzzyDate(2020, 5, None)
    other = await _save(database, ids["bob"], media_id=ids["book"], status=COMPLETED)
    assert _completed(other) == _today()


async def test_finishing_a_rewatch_completes_it_and_counts_it(
    database: Database, ids: dict[str, int]
) -> None:
    await _save(database, ids["alice"], media_id=ids["show"], status=COMPLETED)
    entry = await _save(
        database, ids["alice"], media_id=ids["show"], status=MediaListStatus.REPEATING
    )
    assert (entry.status, entry.progress, entry.repeat) == (MediaListStatus.REPEATING, 0, 0)
    entry = await _save(database, ids["alice"], media_id=ids["show"], progress=12)
    assert (entry.status, entry.progress, entry.repeat) == (COMPLETED, 12, 1)


async def test_custom_lists_and_advanced_scores_use_the_users_list_options(
    database: Database, ids: dict[str, int]
) -> None:
    entry = await _save(
        database,
        ids["alice"],
        media_id=ids["show"],
        custom_lists=["Owned"],
        advanced_scores=[70.0, 90.5],
    )
    assert entry.advanced_scores == {"Story": 70.0, "Art": 90.5}
    with pytest.raises(Invalid) as bad:
        await _save(database, ids["alice"], media_id=ids["show"], custom_lists=["Nope"])
    assert list(bad.value.fields) == ["custom_lists"]
    with pytest.raises(Invalid) as bad:
        await _save(database, ids["alice"], media_id=ids["show"], advanced_scores=[1, 2, 3])
    assert list(bad.value.fields) == ["advanced_scores"]
    async with database.session() as s:
        await service.delete_custom_list(s, ids["alice"], name="Owned", media_type=MediaType.ANIME)
    async with database.session() as s:
        rows = await s.scalar(sa.select(sa.func.count()).select_from(ListEntryCustomList))
        options = await s.scalar(sa.select(MediaListOptions))
    assert rows == 0 and options is not None and options.custom_lists == ["Comfy"]
    async with database.session() as s:
        with pytest.raises(Invalid, match="validation"):
            await service.delete_custom_list(
                s, ids["alice"], name="Owned", media_type=MediaType.ANIME
            )


async def test_someone_elses_entry_can_be_neither_saved_nor_deleted(
    database: Database, ids: dict[str, int]
) -> None:
    entry = await _save(database, ids["alice"], media_id=ids["show"], progress=2)
    with pytest.raises(Forbidden):
        await _save(database, ids["bob"], entry_id=entry.id, progress=5)
    async with database.session() as s:
        with pytest.raises(Forbidden):
            await service.delete_entry(s, ids["bob"], entry.id)
        with pytest.raises(Forbidden):
            await service.update_entries(
                s, ids["bob"], entry_ids=[entry.id], changes=EntryChanges(progress=5)
            )
    async with database.session() as s:
        kept = await s.get(ListEntry, entry.id)
    assert kept is not None and kept.progress == 2


async def test_bulk_update_applies_the_shared_fields_to_each_entry(
    database: Database, ids: dict[str, int]
) -> None:
    a = await _save(database, ids["alice"], media_id=ids["show"], progress=2)
    b = await _save(database, ids["alice"], media_id=ids["book"], progress=10)
    async with database.session() as s:
        done = await service.update_entries(
            s,
            ids["alice"],
            entry_ids=[a.id, b.id],
            changes=EntryChanges(status=COMPLETED, private=True),
            user_score=8,
        )
    assert [(e.status, e.progress, e.score, e.private) for e in done] == [
        (COMPLETED, 12, 80, True),
        (COMPLETED, 50, 80, True),
    ]
    assert (await _media(database, ids["book"])).mean_score == 80
    async with database.session() as s:
        with pytest.raises(Invalid) as bad:
            await service.update_entries(
                s, ids["alice"], entry_ids=[a.id, b.id], changes=EntryChanges(progress=20)
            )
    assert list(bad.value.fields) == ["progress"]  # beyond the show's 12 episodes


@pytest.mark.parametrize("zone", ["+14:00", "-11:30", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_today_is_the_users_own_date(zone: str) -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from kagami.accounts.models import User

    if zone[0] in "+-":
        sign = -1 if zone[0] == "-" else 1
        offset = timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])) * sign
        expected = (datetime.now(UTC) + offset).date()
    else:
        expected = datetime.now(ZoneInfo(zone)).date()
    assert service.today_for(User(timezone=zone)) == expected


async def test_mal_only_fields_rewatch_value_and_tags_are_saved(
    database: Database, ids: dict[str, int]
) -> None:
    changes = EntryChanges(status=CURRENT, rewatch_value=4, tags=["comfy", "rewatch"])
    async with database.session() as s:
        entry = await service.save_entry(s, ids["alice"], media_id=ids["show"], changes=changes)
    assert (entry.rewatch_value, entry.tags) == (4, ["comfy", "rewatch"])
    async with database.session() as s:
        entry = await service.save_entry(
            s, ids["alice"], media_id=ids["show"], changes=EntryChanges(tags=[])
        )
    assert (entry.rewatch_value, entry.tags) == (4, [])


@pytest.mark.parametrize(
    "changes",
    [EntryChanges(rewatch_value=6), EntryChanges(tags=["x"] * 101), EntryChanges(tags=["x" * 101])],
)
async def test_mal_only_fields_are_bounded(
    database: Database, ids: dict[str, int], changes: EntryChanges
) -> None:
    with pytest.raises(Invalid):
        async with database.session() as s:
            await service.save_entry(s, ids["alice"], media_id=ids["show"], changes=changes)
