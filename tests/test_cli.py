"""The `kagami` command's database jobs work from the environment, repeatably."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kagami.cli import app


def test_db_upgrade_is_idempotent_from_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"KAGAMI_DATA_DIR": str(tmp_path)}
    first = runner.invoke(app, ["db", "upgrade"], env=env)
    second = runner.invoke(app, ["db", "upgrade"], env=env)
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "revision" in second.output
    assert (tmp_path / "kagami.sqlite3").exists()


def test_seed_rejects_an_unknown_tier(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["seed", "--tier", "huge"], env={"KAGAMI_DATA_DIR": str(tmp_path)}
    )
    assert result.exit_code != 0
    assert "tier must be one of" in result.output
