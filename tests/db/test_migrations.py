"""Migrations build the schema the models describe, on both backends, any number of times."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media, MediaGenre, MediaStaff
from kagami.db import Database
from kagami.db.migrate import current_revision, schema_drift, upgrade
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry, UserListTotals, UserStatBreakdown
from kagami.lists.stat_breakdowns import DIMENSIONS, PRIMARY_KEY, recount
from kagami.lists.stat_breakdowns import SUMS as BREAKDOWN_SUMS
from kagami.lists.totals import SUMS
from kagami.models import metadata
from tests.factories import make_media, make_staff, make_user


async def _table_names(database: Database) -> set[str]:
    async with database.engine.connect() as conn:
        return await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))


async def test_DU_10_upgrade_reaches_head_and_is_idempotent(empty_database: Database) -> None:
    # From scratch, not from the session's pre-migrated template.
    assert await current_revision(empty_database) is None
    assert await _table_names(empty_database) == set()
    await upgrade(empty_database)
    head = await current_revision(empty_database)
    assert head is not None
    assert set(metadata.tables) <= await _table_names(empty_database)
    await upgrade(empty_database)
    await upgrade(empty_database)
    assert await current_revision(empty_database) == head
    assert await schema_drift(empty_database) == []


async def test_database_fixture_is_at_head(database: Database, empty_database: Database) -> None:
    await upgrade(empty_database)
    assert await current_revision(database) == await current_revision(empty_database)
    assert await _table_names(database) == await _table_names(empty_database)


async def test_DU_10_models_and_migrations_do_not_drift(database: Database) -> None:
    diff = await schema_drift(database)
    assert diff == [], f"models differ from migrations: {diff}"


async def test_every_model_table_exists_after_migrating(database: Database) -> None:
    assert set(metadata.tables) <= await _table_names(database)


def _add_old_entries(
    s: AsyncSession, user_id: int, show: Media, book: Media, plan: Media, **fields: Any
) -> None:
    """What the backfill tests start from: a public completed show, a private manga being
    read and a planned show, each scored 70 with progress 3 and one repeat."""
    for media, status, private in (
        (show, MediaListStatus.COMPLETED, False),
        (book, MediaListStatus.CURRENT, True),
        (plan, MediaListStatus.PLANNING, False),
    ):
        s.add(
            ListEntry(
                user_id=user_id,
                media_id=media.id,
                media_type=media.type,
                status=status,
                score=70,
                progress=3,
                repeat=1,
                private=private,
                **fields,
            )
        )


async def test_list_totals_migration_backfills_existing_entries(empty_database: Database) -> None:
    # Entries written before 0006 existed: the migration fills their owners' totals.
    await upgrade(empty_database, "0005")
    async with empty_database.session() as s:
        user = await make_user(s)
        show = await make_media(s, episodes=12, duration=24)
        book = await make_media(s, type=MediaType.MANGA, chapters=40, volumes=4)
        plan = await make_media(s)
        _add_old_entries(s, user.id, show, book, plan, progress_volumes=1)
    await upgrade(empty_database)
    async with empty_database.session() as s:
        rows = (await s.execute(sa.select(UserListTotals))).scalars().all()
        got = {(r.media_type, r.private): [getattr(r, n) for n in SUMS] for r in rows}
    assert got == {
        (MediaType.ANIME, False): [1, 1, 70, 4900, (3 + 12) * 24, 15, 0, 0],
        (MediaType.MANGA, True): [1, 1, 70, 4900, 0, 0, 43, 5],
    }


async def test_breakdowns_migration_backfills_what_a_rebuild_computes(
    empty_database: Database,
) -> None:
    # Entries written before 0010 existed: the backfill upgrade runs after it
    # (kagami.lists.stat_backfill) fills every bucket exactly as recount would.
    await upgrade(empty_database, "0009")
    async with empty_database.session() as s:
        user = await make_user(s)
        show = await make_media(s, episodes=12, duration=24, start_year=2001)
        book = await make_media(s, type=MediaType.MANGA, chapters=40, volumes=4)
        plan = await make_media(s)
        director = await make_staff(s)
        s.add(MediaGenre(media_id=show.id, genre="Drama"))
        for role in ("Director", "Storyboard"):
            s.add(MediaStaff(media_id=show.id, staff_id=director.id, role=role))
        _add_old_entries(s, user.id, show, book, plan, started_year=2020)
    await upgrade(empty_database)
    async with empty_database.session() as s:
        columns = [getattr(UserStatBreakdown, n) for n in (*PRIMARY_KEY, *BREAKDOWN_SUMS)]
        kept = {tuple(row) for row in await s.execute(sa.select(*columns))}
        fresh = {
            tuple(row) for dimension in DIMENSIONS for row in await s.execute(recount(dimension))
        }
    assert kept == fresh
    assert (
        user.id,
        MediaType.ANIME,
        "staff",
        False,
        str(director.id),
        1,
        1,
        70,
        15 * 24,
        0,
    ) in kept
    assert (user.id, MediaType.ANIME, "status", False, "PLANNING", 1, 1, 70, 0, 0) in kept


def test_the_packaged_head_read_without_alembic_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    from kagami.db.migrate import alembic_config, packaged_head

    assert [packaged_head()] == ScriptDirectory.from_config(alembic_config()).get_heads()


async def test_only_a_database_at_the_packaged_head_skips_the_upgrade(
    empty_database: Database,
) -> None:
    from kagami.db.migrate import is_at_head

    assert not await is_at_head(empty_database)  # no alembic_version table yet
    await upgrade(empty_database, "0009")
    assert not await is_at_head(empty_database)
    await upgrade(empty_database)
    assert await is_at_head(empty_database)


def test_a_start_on_a_migrated_database_never_imports_alembic(tmp_path: Path) -> None:
    probe = (
        "import asyncio, sys; from pathlib import Path; "
        "from kagami.bootstrap import prepare; from kagami.config import Settings; "
        f"s = Settings(_env_file=None, data_dir=Path({str(tmp_path)!r}), "
        "import_bundled_on_start=False); "
        "asyncio.run(prepare(s, quiet=True)); print('alembic' in sys.modules)"
    )
    runs = [
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert [run.stdout.strip() for run in runs] == ["True", "False"], runs[1].stderr


def test_upgrading_a_database_at_head_never_imports_alembic(tmp_path: Path) -> None:
    """What every CLI command that needs the database runs first (#16: CLI start time)."""
    probe = (
        "import asyncio, sys; from pathlib import Path; from kagami.config import Settings; "
        "from kagami.db import Database; from kagami.db.migrate import upgrade; "
        f"db = Database(Settings(_env_file=None, data_dir=Path({str(tmp_path)!r}))); "
        "asyncio.run(upgrade(db)); print('alembic' in sys.modules)"
    )
    runs = [
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert [run.stdout.strip() for run in runs] == ["True", "False"], runs[1].stderr
