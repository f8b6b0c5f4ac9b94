"""`kagami jobs run`: the periodic jobs once, from the shell."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kagami.cli import app


def test_jobs_run_reports_what_it_did_as_json(tmp_path: Path) -> None:
    cli = CliRunner(env={"KAGAMI_DATA_DIR": str(tmp_path)})
    first = cli.invoke(app, ["jobs", "run", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {"airing_notifications": 0, "related_media_notifications": 0}
    again = cli.invoke(app, ["jobs", "run"])
    assert again.exit_code == 0
    assert again.stdout.strip() == "airing notifications: 0, related media notifications: 0"
