"""Snapshots: save and restore the whole database; the dev-mode reset route and its guards."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from kagami.accounts.models import User
from kagami.app import create_app
from kagami.cli import app as cli_app
from kagami.config import Settings
from kagami.db import Database
from kagami.snapshots import SnapshotError, check_name
from tests.factories import make_user


@pytest.fixture
async def dev_client(
    settings: Settings, database: Database, request: pytest.FixtureRequest
) -> AsyncIterator[httpx.AsyncClient]:
    """The app in dev mode on a loopback bind; PostgreSQL snapshot databases dropped after."""
    dev = settings.model_copy(update={"dev_mode": True})
    web = create_app(dev, database)
    transport = httpx.ASGITransport(app=web)  # the caller is 127.0.0.1
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    if not settings.is_sqlite:
        from tests.support import postgres as pg

        admin = request.getfixturevalue("postgres_admin_url")
        live = make_url(settings.resolved_database_url).database
        await pg.drop_database(admin, f"{live}__snap_default")


async def _names(database: Database) -> list[str]:
    async with database.session() as session:
        return list(await session.scalars(sa.select(User.name).order_by(User.id)))


async def test_reset_restores_the_saved_state_and_the_app_keeps_serving(
    dev_client: httpx.AsyncClient, database: Database
) -> None:
    async with database.session() as session:
        await make_user(session, name="kept")
    assert (await dev_client.post("/_kagami/snapshot")).json() == {"saved": "default"}
    async with database.session() as session:
        await make_user(session, name="dropped")
    reset = await dev_client.post("/_kagami/reset")
    assert reset.status_code == 200 and reset.json()["restored"] == "default", reset.text
    assert await _names(database) == ["kept"]
    user = await dev_client.post("/graphql", json={"query": '{ User(name: "kept") { name } }'})
    assert user.json()["data"]["User"]["name"] == "kept"


async def test_reset_refuses_unknown_snapshots_bad_names_and_proxied_calls(
    dev_client: httpx.AsyncClient,
) -> None:
    missing = await dev_client.post("/_kagami/reset", params={"snapshot": "nothing"})
    assert missing.status_code == 404
    bad = await dev_client.post("/_kagami/snapshot", params={"name": "../x"})
    assert bad.status_code == 400
    proxied = await dev_client.post("/_kagami/reset", headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxied.status_code == 403  # a proxy on the same host makes callers look local


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_reset_route_is_absent_by_default_and_refused_on_a_public_bind(
    settings: Settings, database: Database
) -> None:
    for update, status in (({}, 404), ({"dev_mode": True, "host": "0.0.0.0"}, 403)):
        web = create_app(settings.model_copy(update=update), database)
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            assert (await http.post("/_kagami/reset")).status_code == status
    assert not (settings.data_dir / "snapshots").exists()


def test_snapshot_names_become_file_names_so_only_plain_ones_pass() -> None:
    assert check_name("after-fixtures_2") == "after-fixtures_2"
    for bad in ("", "../etc", "a b", "x" * 33, "ü"):
        with pytest.raises(SnapshotError):
            check_name(bad)


def test_cli_snapshot_save_then_restore(tmp_path: Path) -> None:
    cli = CliRunner(
        env={"KAGAMI_DATA_DIR": str(tmp_path), "KAGAMI_PASSWORD_HASH_PROFILE": "cheapest"}
    )
    user = ["user", "create", "--email", "x@example.org", "--password", "correct horse battery"]
    assert cli.invoke(cli_app, ["snapshot", "save", "empty"]).exit_code == 0
    assert cli.invoke(cli_app, [*user, "--name", "x1"]).exit_code == 0
    restored = cli.invoke(cli_app, ["snapshot", "restore", "empty"])
    assert restored.exit_code == 0 and "Restored snapshot empty" in restored.stdout
    assert cli.invoke(cli_app, [*user, "--name", "x1"]).exit_code == 0  # the name is free again
    assert cli.invoke(cli_app, ["snapshot", "list"]).stdout.split() == ["empty"]
    missing = cli.invoke(cli_app, ["snapshot", "restore", "nope"])
    assert missing.exit_code == 1 and "no snapshot named 'nope'" in missing.output


def test_listing_snapshots_loads_no_database_library(tmp_path: Path) -> None:
    """`kagami snapshot list` reads the data dir only, so it starts without SQLAlchemy (#16)."""
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "base.sqlite3").touch()
    probe = (
        "import sys; from typer.testing import CliRunner; from kagami.cli import app; "
        "listed = CliRunner().invoke(app, ['snapshot', 'list']); "
        "print(listed.stdout.split(), 'sqlalchemy' in sys.modules)"
    )
    env = {**os.environ, "KAGAMI_DATA_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert run.stdout.strip() == "['base'] False", run.stderr
