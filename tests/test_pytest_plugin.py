"""The pytest plugin, used the way an app uses it: a separate pytest run on examples/pytest_app."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[1] / "examples" / "pytest_app"


def _run_example(
    folder: Path, ini: str = "", extra_env: dict[str, str] | None = None, passed: int = 3
) -> subprocess.CompletedProcess[str]:
    """The example app's suite (and any test put in ``folder``), run by pytest there."""
    for name in ("test_app.py", "fixtures.yaml"):
        shutil.copy(EXAMPLE / name, folder / name)
    # No catalogue: the example needs none, and importing it would cost seconds.
    (folder / "pytest.ini").write_text(
        f"[pytest]\nkagami_fixtures = fixtures.yaml\nkagami_catalogue = empty\n{ini}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAGAMI_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # as CI runs: the server still keeps its bytecode
    env.pop("PYTHONPYCACHEPREFIX", None)
    env.update(extra_env or {})
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", str(folder)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"{passed} passed" in run.stdout, run.stdout[-3000:]
    return run


def test_the_example_app_suite_passes_against_a_real_server(tmp_path: Path) -> None:
    _run_example(tmp_path)
    bytecode = tmp_path / ".pytest_cache" / "d" / "kagami" / "pycache"
    assert list(bytecode.rglob("kagami/app.*.pyc")), "the server's bytecode was not kept"


BACKEND_PROBE = """
import httpx

def test_the_server_runs_on_postgresql(kagami_server):
    health = httpx.get(f"{kagami_server.url}/healthz").json()
    assert health["database"]["backend"] == "postgresql"
"""


async def _plugin_databases(admin_url: str) -> list[str]:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    try:
        rows = await conn.fetch("SELECT datname FROM pg_database WHERE datname LIKE $1", "%pytest%")
    finally:
        await conn.close()
    return [row["datname"] for row in rows]


def test_the_example_app_suite_passes_on_postgresql_and_leaves_no_database(
    tmp_path: Path, postgres_admin_url: str
) -> None:
    """``kagami_postgres_url``: a database of the session's own, reset from template databases."""
    (tmp_path / "test_backend.py").write_text(BACKEND_PROBE)
    ini = "kagami_postgres_url = ${APP_CI_POSTGRES_URL}\n"  # as an app's CI would pass it
    _run_example(tmp_path, ini, {"APP_CI_POSTGRES_URL": postgres_admin_url}, passed=4)
    assert asyncio.run(_plugin_databases(postgres_admin_url)) == []


def test_the_plugin_adds_no_fixture_or_import_to_runs_that_do_not_ask(
    pytestconfig: pytest.Config,
) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("kagami")
    assert plugin is not None and plugin.__name__ == "kagami.pytest_plugin"
    probe = "import sys, kagami.pytest_plugin; print('kagami.app' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.stdout.strip() == "False"
