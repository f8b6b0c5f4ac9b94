"""The pytest plugin, used the way an app uses it: a separate pytest run on examples/pytest_app."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.support import postgres as pg

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
TEMPLATE_PROBE = """
import httpx

def test_the_database_is_a_copy_of_the_template(kagami_server):
    query = {"query": '{ User(name: "made_in_template") { name } }'}
    assert httpx.post(f"{kagami_server.url}/graphql", json=query).status_code == 200
"""


async def _plugin_databases(admin_url: str) -> list[str]:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    try:
        rows = await conn.fetch("SELECT datname FROM pg_database WHERE datname LIKE $1", "%pytest%")
    finally:
        await conn.close()
    return sorted(row["datname"] for row in rows)


async def _add_user(database_url: str, tmp_path: Path) -> None:
    """Write a user straight into a database, through the fixture loader."""
    from kagami.config import Settings
    from kagami.db import Database
    from kagami.fixtures.files import parse_fixtures
    from kagami.fixtures.load import load_fixtures

    settings = Settings(  # type: ignore[call-arg]
        data_dir=tmp_path, database_url=database_url, password_hash_profile="cheapest"
    )
    database = Database(settings)
    spec = parse_fixtures({"users": [{"name": "made_in_template", "password": "x" * 12}]})
    try:
        async with database.session() as session:
            await load_fixtures(session, settings, spec)
    finally:
        await database.dispose()


def test_the_example_app_suite_runs_on_postgresql_from_a_kept_template(
    tmp_path: Path, postgres_admin_url: str
) -> None:
    """``kagami_postgres_url``: each session a database of its own, copied from a template
    the first session kept; snapshots and resets are template databases too."""
    from kagami.testing.postgres import template_name

    ini = "kagami_postgres_url = ${APP_CI_POSTGRES_URL}\n"  # as an app's CI would pass it
    env = {"APP_CI_POSTGRES_URL": postgres_admin_url}
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "test_backend.py").write_text(BACKEND_PROBE)
    _run_example(first, ini, env, passed=4)
    template = template_name(catalogue=False)
    assert asyncio.run(_plugin_databases(postgres_admin_url)) == [template]  # the rest dropped
    url = make_url(postgres_admin_url).set(drivername="postgresql+asyncpg", database=template)
    try:
        asyncio.run(_add_user(url.render_as_string(hide_password=False), tmp_path))
        (second / "test_template.py").write_text(TEMPLATE_PROBE)
        _run_example(second, ini, env, passed=4)
    finally:
        asyncio.run(pg.drop_database(postgres_admin_url, template))


def test_the_plugin_adds_no_fixture_or_import_to_runs_that_do_not_ask(
    pytestconfig: pytest.Config,
) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("kagami")
    assert plugin is not None and plugin.__name__ == "kagami.pytest_plugin"
    probe = "import sys, kagami.pytest_plugin; print('kagami.app' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.stdout.strip() == "False"
