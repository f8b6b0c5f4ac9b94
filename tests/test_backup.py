"""`kagami backup` / `kagami restore`: every table and every signing key survive a round trip."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from rich.progress import Progress, TaskID
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from kagami import backup as backup_module
from kagami.backup import BackupError, backup, restore
from kagami.cli import app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.keys import load_session_secret, load_signing_key, rotate_signing_key
from kagami.oauth.setup import ensure_builtin
from kagami.progress import make_progress
from tests.factories import make_one_of_each


async def _tables(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in a stable order."""
    async with database.engine.connect() as conn:
        names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
        contents = {}
        for name in names:
            rows = (await conn.execute(text(f'SELECT * FROM "{name}"'))).all()
            contents[name] = sorted((tuple(row) for row in rows), key=repr)
    return contents


def _secrets(data_dir: Path) -> dict[str, bytes]:
    files = [data_dir / "jwt-signing-key.pem", data_dir / "session-secret"]
    files += sorted((data_dir / "jwt-keys").iterdir())
    return {str(path.relative_to(data_dir)): path.read_bytes() for path in files}


async def test_DU_11_round_trip_restores_every_table_and_every_signing_key(
    settings: Settings, database: Database, empty_database: Database, tmp_path: Path
) -> None:
    async with database.sessionmaker() as session:
        await make_one_of_each(session)
        await session.commit()
    await ensure_builtin(database)
    load_signing_key(settings)
    load_session_secret(settings)
    rotate_signing_key(settings, retire_after=3600)  # a retired key that still verifies tokens
    archive = tmp_path / "backups" / "kagami.backup"
    quiet = make_progress(quiet=True)

    made = await asyncio.to_thread(backup, settings, archive, quiet)
    assert archive.stat().st_mode & 0o077 == 0  # it holds private keys
    target = empty_database.settings
    restored = await asyncio.to_thread(restore, target, archive, quiet)

    assert restored.secrets == made.secrets == 4
    before, after = await _tables(database), await _tables(empty_database)
    assert len(before) > 20 and before["users"]
    assert after == before
    assert _secrets(target.data_dir) == _secrets(settings.data_dir)

    # Now the target holds data: a second restore needs --force, and then replaces it.
    with pytest.raises(BackupError, match="not empty"):
        await asyncio.to_thread(restore, target, archive, quiet)
    await asyncio.to_thread(lambda: restore(target, archive, quiet, force=True))
    assert await _tables(empty_database) == before


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_DU_11_sqlite_backup_runs_beside_an_open_write_transaction(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    async with database.sessionmaker() as session:
        await make_one_of_each(session, count=1)
        await session.commit()
    path = Path(str(database.engine.url.database))
    with sqlite3.connect(path, timeout=0) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE users SET name = 'uncommitted'")
        archive = tmp_path / "live.backup"
        await asyncio.to_thread(backup, settings, archive, make_progress(quiet=True))
        writer.rollback()
    restored_dir = tmp_path / "restored"
    target = Settings(data_dir=restored_dir, import_bundled_on_start=False, _env_file=None)
    await asyncio.to_thread(restore, target, archive, make_progress(quiet=True))
    with sqlite3.connect(restored_dir / "kagami.sqlite3") as copy:
        names = [row[0] for row in copy.execute("SELECT name FROM users")]
    assert names and "uncommitted" not in names


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_restore_command_refuses_a_non_empty_database_without_force(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    env = {"KAGAMI_DATA_DIR": str(settings.data_dir), "KAGAMI_DATABASE_URL": settings.database_url}
    runner = CliRunner(env={k: str(v) for k, v in env.items()})
    archive = tmp_path / "cli.backup"
    assert runner.invoke(app, ["backup", str(archive), "--quiet"]).exit_code == 0
    asyncio.run(_add_users(settings))
    refused = runner.invoke(app, ["restore", str(archive), "--quiet"])
    assert refused.exit_code == 1 and "not empty" in refused.output
    forced = runner.invoke(app, ["restore", str(archive), "--quiet", "--force"])
    assert forced.exit_code == 0, forced.output


async def _add_users(settings: Settings) -> None:
    database = Database(settings)
    try:
        async with database.sessionmaker() as session:
            await make_one_of_each(session, count=1)
            await session.commit()
    finally:
        await database.dispose()


WRITES = 40


class _WritingProgress(Progress):
    """A progress display that commits a write through another connection at every step."""

    def __init__(self, path: Path) -> None:
        super().__init__(disable=True)
        self.writer = sqlite3.connect(path, check_same_thread=False)
        self.steps = 0

    def update(self, task_id: TaskID, **fields: Any) -> None:  # type: ignore[override]
        """Count the step and commit a write, as a busy server would between steps."""
        self.steps += 1
        if self.steps <= WRITES:  # bounded, so a copy that restarts on each write still ends
            self.writer.execute("UPDATE users SET about = ? WHERE id = 1", (f"{self.steps}",))
            self.writer.commit()
        super().update(task_id, **fields)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_sqlite_backup_is_not_restarted_by_writes_between_its_steps(
    settings: Settings, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with database.sessionmaker() as session:
        await make_one_of_each(session, count=1)
        await session.commit()
    monkeypatch.setattr(backup_module, "STEP_PAGES", 16)
    path = Path(str(database.engine.url.database))
    with closing(sqlite3.connect(path)) as probe:
        pages = probe.execute("PRAGMA page_count").fetchone()[0]
    progress = _WritingProgress(path)
    with closing(progress.writer):
        await asyncio.to_thread(backup, settings, tmp_path / "busy.backup", progress)
    # One update a step (plus the final one): a restart per write would be many times more.
    assert progress.steps <= pages // 16 + 3 < WRITES
