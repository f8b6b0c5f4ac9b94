"""`kagami import mal-xml`: MAL's list export into a user's list, by MAL id, re-runnable."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.dialects.mal.mapping import SYNTHETIC_MAL_BASE
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.social.models import Activity
from kagami.transfer.errors import TransferError
from kagami.transfer.mal_import import import_mal_xml
from kagami.transfer.models import ListImportCursor
from tests.transfer.conftest import Catalogue, totals_are_exact
from tests.transfer.mal_files import anime, document, manga, write


async def _entries(database: Database) -> dict[int, ListEntry]:
    async with database.session() as session:
        rows = await session.scalars(sa.select(ListEntry))
        return {e.media_id: e for e in rows}


def _export(tmp_path: Path) -> Path:
    text = document(
        anime(
            1,
            my_watched_episodes="26",
            my_start_date="2020-04-01",
            my_finish_date="2020-05-00",
            my_score="9",
            my_status="Completed",
            my_comments="<![CDATA[Bang & <blues>]]>",
            my_times_watched="2",
            my_rewatch_value="High",
            my_priority="Medium",
            my_tags="<![CDATA[space, jazz ,  ]]>",
        ),
        anime(6, my_watched_episodes="3", my_status="1", my_rewatching="1", my_score="7"),
        anime(SYNTHETIC_MAL_BASE + 7, my_status="Dropped", my_watched_episodes="4"),
        anime(99999, my_status="Watching"),  # no such anime here
        anime(5, my_score="11"),  # not a MAL score
    )
    return write(tmp_path / "animelist_1_1.xml.gz", text, gzipped=True)


async def test_entries_map_by_mal_id_with_every_field(
    database: Database, catalogue: Catalogue, tmp_path: Path
) -> None:
    report = await import_mal_xml(database, _export(tmp_path), "alice")

    assert (report.total, report.created) == (5, 3)
    assert [(u.mal_id, u.title) for u in report.unknown] == [(99999, "Anime 99999")]
    assert [(p.position, "my_score" in p.message) for p in report.invalid] == [(5, True)]
    entries = await _entries(database)
    bebop = entries[catalogue.bebop]
    assert bebop.status is MediaListStatus.COMPLETED
    assert (bebop.score, bebop.progress, bebop.repeat) == (90, 26, 2)
    assert (bebop.started_year, bebop.started_month, bebop.started_day) == (2020, 4, 1)
    assert (bebop.completed_year, bebop.completed_month, bebop.completed_day) == (2020, 5, None)
    assert (bebop.notes, bebop.tags) == ("Bang & <blues>", ["space", "jazz"])
    assert (bebop.priority, bebop.rewatch_value) == (1, 4)
    assert entries[catalogue.trigun].status is MediaListStatus.REPEATING
    dropped = entries[catalogue.no_mal]  # the MAL dialect's synthetic id
    assert (dropped.status, dropped.progress, dropped.started_year) == (
        MediaListStatus.DROPPED,
        4,
        None,  # an import sets no start date of its own
    )
    async with database.session() as session:
        popularity = dict((await session.execute(sa.select(Media.id, Media.popularity))).all())
        bebop_mean = await session.scalar(sa.select(Media.mean_score).where(Media.id == 1))
        activities = await session.scalar(sa.select(sa.func.count()).select_from(Activity))
    assert popularity == {1: 1, 6: 1, 7: 1, 30: 0}
    assert bebop_mean == 90
    assert activities == 0  # old history is not today's activity
    assert await totals_are_exact(database)


async def test_manga_entries_read_chapters_volumes_and_yes_no_flags(
    database: Database, catalogue: Catalogue, tmp_path: Path
) -> None:
    text = document(
        manga(
            1,
            my_read_chapters="50",
            my_read_volumes="5",
            my_status="Reading",
            my_rereading="YES",
            my_times_read="1",
            my_reread_value="Very Low",
        ),
        kind=2,
    )
    report = await import_mal_xml(database, write(tmp_path / "m.xml", text), "alice")

    assert report.created == 1
    entry = (await _entries(database))[catalogue.monster]
    assert (entry.status, entry.progress, entry.progress_volumes) == (
        MediaListStatus.REPEATING,
        50,
        5,
    )
    assert (entry.repeat, entry.rewatch_value) == (1, 1)


async def test_running_the_same_file_again_changes_nothing(
    database: Database, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = _export(tmp_path)
    await import_mal_xml(database, path, "alice")
    first = {k: (e.updated_at, e.score, e.progress) for k, e in (await _entries(database)).items()}

    again = await import_mal_xml(database, path, "alice")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert again.unknown_count == 1 and again.invalid_count == 1  # reported every time
    second = {k: (e.updated_at, e.score, e.progress) for k, e in (await _entries(database)).items()}
    assert second == first
    async with database.session() as session:
        assert await session.scalar(sa.select(Media.popularity).where(Media.id == 1)) == 1
        assert await session.scalar(sa.select(sa.func.count()).select_from(ListImportCursor)) == 0
    assert await totals_are_exact(database)


async def test_update_on_import_0_keeps_existing_entries_unless_overwrite(
    database: Database, catalogue: Catalogue, tmp_path: Path
) -> None:
    await import_mal_xml(
        database, write(tmp_path / "a.xml", document(anime(1, my_score="5"))), "alice"
    )
    newer = write(tmp_path / "b.xml", document(anime(1, my_score="8", update_on_import="0")))

    kept = await import_mal_xml(database, newer, "alice")
    assert (kept.kept, (await _entries(database))[1].score) == (1, 50)

    forced = await import_mal_xml(database, newer, "alice", overwrite=True)
    assert (forced.updated, (await _entries(database))[1].score) == (1, 80)
    assert await totals_are_exact(database)


async def test_an_interrupted_import_resumes_after_its_last_batch(
    database: Database, catalogue: Catalogue, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "a.xml",
        document(anime(1, my_score="5"), anime(6, my_score="6"), anime(SYNTHETIC_MAL_BASE + 7)),
    )
    batches = 0

    def crash(_entries: int) -> None:
        nonlocal batches
        batches += 1
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        await import_mal_xml(database, path, "alice", batch_size=2, on_batch=crash)
    assert sorted(await _entries(database)) == [1, 6]  # the finished batch is committed

    resumed = await import_mal_xml(database, path, "alice", batch_size=2)

    assert (resumed.resumed_from, resumed.created, resumed.unchanged) == (2, 1, 0)
    assert sorted(await _entries(database)) == [1, 6, 7]
    async with database.session() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(ListImportCursor)) == 0
    assert await totals_are_exact(database)


async def test_a_wrong_user_is_an_error_before_anything_is_read(
    database: Database, catalogue: Catalogue, tmp_path: Path
) -> None:
    with pytest.raises(TransferError, match="No user named 'nobody'"):
        await import_mal_xml(database, _export(tmp_path), "nobody")
    assert await _entries(database) == {}
