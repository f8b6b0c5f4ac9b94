"""The pytest plugin, used the way an app uses it: a separate pytest run on examples/pytest_app."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[1] / "examples" / "pytest_app"


def test_the_example_app_suite_passes_against_a_real_server(tmp_path: Path) -> None:
    for name in ("test_app.py", "fixtures.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    # No catalogue: the example needs none, and importing it would cost seconds.
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nkagami_fixtures = fixtures.yaml\nkagami_catalogue = empty\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAGAMI_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # as CI runs: the server still keeps its bytecode
    env.pop("PYTHONPYCACHEPREFIX", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "3 passed" in run.stdout
    bytecode = tmp_path / ".pytest_cache" / "d" / "kagami" / "pycache"
    assert list(bytecode.rglob("kagami/app.*.pyc")), "the server's bytecode was not kept"


def test_the_plugin_adds_no_fixture_or_import_to_runs_that_do_not_ask(
    pytestconfig: pytest.Config,
) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("kagami")
    assert plugin is not None and plugin.__name__ == "kagami.pytest_plugin"
    probe = "import sys, kagami.pytest_plugin; print('kagami.app' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.stdout.strip() == "False"
