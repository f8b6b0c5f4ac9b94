"""``kagami sync``, ``kagami import catalogue`` and ``kagami media set`` from the command line."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path
from typing import TypeVar

import pytest
from typer.testing import CliRunner

from kagami.catalogue.models import Media
from kagami.cli import app
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade
from tests.factories import make_media, make_user
from tests.support import free_port
from tests.sync.helpers import RemoteList, save_local
from tests.sync.remote import CATALOGUE, Remote

T = TypeVar("T")
SQLITE = "kagami.sqlite3"


def _prepare(data_dir: Path) -> dict[str, str]:
    """A local SQLite Kagami with the shared media and alice; the environment naming it."""

    async def seed() -> None:
        database = Database(Settings(data_dir=data_dir, _env_file=None))
        try:
            await upgrade(database)
            async with database.session() as s:
                for media_id, mal, kind, title in CATALOGUE:
                    await make_media(s, id=media_id, id_mal=mal, type=kind, title_romaji=title)
                await make_user(s, name="alice")
        finally:
            await database.dispose()

    asyncio.run(seed())
    with closing(sqlite3.connect(data_dir / SQLITE)) as conn:  # the file alone is the database
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"KAGAMI_DATA_DIR": str(data_dir)}


def _on_database(data_dir: Path, job: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        database = Database(Settings(data_dir=data_dir, _env_file=None))
        try:
            return await job(database)
        finally:
            await database.dispose()

    return asyncio.run(run())


def _media(data_dir: Path, media_id: int) -> Media:
    async def read(database: Database) -> Media:
        async with database.session() as s:
            found = await s.get(Media, media_id)
            assert found is not None
            return found

    return _on_database(data_dir, read)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A prepared local Kagami shared by the tests that write nothing."""
    return _prepare(tmp_path_factory.mktemp("cli-local"))


@pytest.fixture
def env(prepared: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """A copy of the prepared local Kagami, for a test that writes."""
    shutil.copyfile(Path(prepared["KAGAMI_DATA_DIR"]) / SQLITE, tmp_path / SQLITE)
    return {"KAGAMI_DATA_DIR": str(tmp_path)}


def test_sync_dry_run_prints_the_plan_then_a_real_run_pushes(
    env: dict[str, str], remote: Remote, tmp_path: Path
) -> None:
    _, token = remote.take_user()
    _on_database(tmp_path, lambda database: save_local(database, 1, "COMPLETED", 26, 90))
    runner = CliRunner()
    base = ["sync", "--user", "alice", "--remote", remote.url, "--token", token]

    planned = runner.invoke(app, [*base, "--dry-run"], env=env)
    assert planned.exit_code == 0, planned.output
    assert "would push" in planned.output and "media 1" in planned.output
    assert "Dry run: 1 list writes planned" in planned.output

    done = runner.invoke(app, [*base, "--json"], env=env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["done"] == {"push": 1}
    assert asyncio.run(_remote_entries(remote.url, token)) == {1: ("COMPLETED", 26, 90)}


async def _remote_entries(url: str, token: str) -> dict[int, tuple[str, int, int]]:
    return await RemoteList(url, token).entries()


def test_media_set_locks_a_field_the_catalogue_mirror_then_keeps(
    env: dict[str, str], remote: Remote, tmp_path: Path
) -> None:
    runner = CliRunner()
    edited = runner.invoke(app, ["media", "set", "1", "title_english", "Space Cowboys"], env=env)
    assert edited.exit_code == 0, edited.output

    mirrored = runner.invoke(
        app, ["import", "catalogue", "--remote", remote.url, "--ids", "1-5", "--quiet"], env=env
    )

    assert mirrored.exit_code == 0, mirrored.output
    assert "Mirrored 2 media" in mirrored.output
    bebop = _media(tmp_path, 1)
    assert (bebop.title_english, bebop.description) == ("Space Cowboys", "About Cowboy Bebop.")


SYNC = ["sync", "--user", "alice", "--token", "t", "--remote", "CLOSED"]
MIRROR = ["import", "catalogue", "--remote", "CLOSED"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*SYNC, "--dialect", "kitsu"], "unknown dialect 'kitsu'"),
        ([*SYNC, "--every", "soon"], "not an interval"),
        ([*SYNC[:-1], "ftp://example.org"], "must be an http"),
        (SYNC, "is unreachable"),
        ([*SYNC[:2], "nobody", *SYNC[3:]], "No user named 'nobody'"),
        ([*MIRROR, "--ids", "9-1"], "need 1 <= A <= B"),
        (MIRROR, "is unreachable"),
        (["media", "set", "999", "episodes", "3"], "No media with id 999"),
        (["media", "set", "1", "episodes", "three"], "must be a whole number"),
    ],
)
def test_bad_input_is_a_clear_error_without_a_traceback(
    prepared: dict[str, str], args: list[str], message: str
) -> None:
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    command = [closed if a == "CLOSED" else a for a in args]
    result = CliRunner().invoke(app, command, env=prepared)
    assert result.exit_code == 1, result.output
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output
