"""pytest plugin (entry point ``pytest11``): a real Kagami server for an app's tests.

Fixtures only; nothing here runs unless a test asks for a ``kagami_*`` fixture, and Kagami
itself is imported only then, so installing Kagami does not slow other test suites.

- ``kagami_server`` (session): a `kagami serve` on a free loopback port (``.url``),
  with the ini option ``kagami_fixtures`` loaded and saved as the snapshot ``base``; on
  SQLite, or with ``kagami_postgres_url`` on a PostgreSQL database of its own.
- ``kagami_fresh``: restore ``base`` before the test (or mark it ``@pytest.mark.kagami_fresh``).
- ``kagami_user``, ``kagami_client``, ``kagami_token``: a new user, a web client of theirs
  and an AniList token for both; ``kagami_server.load({...})`` loads any other fixture.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from kagami.testing.harness import KagamiServer

PASSWORD = "kagami-test-password"
REDIRECT_URI = "http://127.0.0.1/callback"
BASE_SNAPSHOT = "base"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Ini options of the Kagami fixtures."""
    parser.addini("kagami_fixtures", "Fixture file loaded into kagami_server at start.")
    parser.addini(
        "kagami_catalogue",
        "bundled (default): real anime catalogue; empty: none.",
        default="bundled",
    )
    parser.addini("kagami_env", "KAGAMI_NAME=value lines for the server.", type="linelist")
    parser.addini(
        "kagami_postgres_url",
        "PostgreSQL server URL (${VAR} expanded; the role may CREATE DATABASE): each session "
        "gets its own throwaway database there. Unset or empty: SQLite.",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``kagami_fresh`` marker."""
    config.addinivalue_line("markers", "kagami_fresh: restore Kagami's base snapshot first")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked ``kagami_fresh`` uses the ``kagami_fresh`` fixture."""
    for item in items:
        if item.get_closest_marker("kagami_fresh") is not None:
            names = getattr(item, "fixturenames", None)
            if names is not None and "kagami_fresh" not in names:
                names.append("kagami_fresh")


@dataclass(frozen=True)
class KagamiUser:
    """A user made for one test: log in with ``name`` and ``password``."""

    id: int
    name: str
    password: str


@dataclass(frozen=True)
class KagamiClient:
    """A web (confidential) OAuth client: both ids, its secret and redirect URI."""

    id: int
    mal_client_id: str
    secret: str
    redirect_uri: str


@pytest.fixture(scope="session")
def kagami_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KagamiServer]:
    """A Kagami server for the whole session, on a free port of 127.0.0.1."""
    from kagami.testing import postgres as pg
    from kagami.testing.harness import run_coroutine, start_server

    config = request.config
    cache = getattr(config, "cache", None)
    extra = dict(line.split("=", 1) for line in config.getini("kagami_env") if "=" in line)
    catalogue = config.getini("kagami_catalogue") != "empty"
    postgres = os.path.expandvars(config.getini("kagami_postgres_url") or "").strip()
    template, copied = "", True  # on PostgreSQL: the template this session copied, or makes
    if postgres:
        template = pg.template_name(catalogue)
        extra["KAGAMI_DATABASE_URL"], copied = run_coroutine(pg.create_database(postgres, template))
    try:
        server = start_server(
            tmp_path_factory.mktemp("kagami"),
            catalogue=catalogue,
            cache_dir=cache.mkdir("kagami") if cache is not None else None,
            extra_env=extra,
        )
        try:
            if not copied:
                server.snapshot("_template")
                run_coroutine(
                    pg.keep_as_template(extra["KAGAMI_DATABASE_URL"], "_template", template)
                )
            fixtures = config.getini("kagami_fixtures")
            if fixtures:
                server.load(Path(config.rootpath, fixtures))
            server.snapshot(BASE_SNAPSHOT)
            yield server
        finally:
            server.stop()
    finally:
        if postgres:
            run_coroutine(pg.drop_database(extra["KAGAMI_DATABASE_URL"]))


@pytest.fixture
def kagami_fresh(kagami_server: KagamiServer) -> KagamiServer:
    """The session's server, restored to how it was after start-up (fixtures loaded)."""
    kagami_server.reset(BASE_SNAPSHOT)
    return kagami_server


@pytest.fixture
def kagami_user(kagami_server: KagamiServer) -> KagamiUser:
    """A new user with password ``PASSWORD``."""
    name = f"user_{secrets.token_hex(6)}"
    report = kagami_server.load({"users": [{"name": name, "password": PASSWORD}]})
    return KagamiUser(report.user_ids[name], name, PASSWORD)


@pytest.fixture
def kagami_client(kagami_server: KagamiServer, kagami_user: KagamiUser) -> KagamiClient:
    """A web client owned by ``kagami_user``, redirecting to ``REDIRECT_URI``."""
    name, secret = f"app_{secrets.token_hex(6)}", secrets.token_urlsafe(32)
    spec = {"name": name, "owner": kagami_user.name, "secret": secret}
    report = kagami_server.load({"clients": [{**spec, "redirect_uris": [REDIRECT_URI]}]})
    made = report.clients[name]
    return KagamiClient(made["id"], made["mal_client_id"], secret, REDIRECT_URI)


@pytest.fixture
def kagami_token(
    kagami_server: KagamiServer, kagami_user: KagamiUser, kagami_client: KagamiClient
) -> str:
    """An AniList access token for ``kagami_user`` through ``kagami_client``."""
    spec = {"user": kagami_user.name, "client": kagami_client.id}
    report = kagami_server.load({"tokens": [spec]})
    return str(report.tokens[0]["access_token"])
