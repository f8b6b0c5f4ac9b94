"""Shared fixtures: both database backends, real PostgreSQL/Redis servers, SQL statement counting.

Tests marked ``postgres``/``redis``/``browser`` (or parametrised onto PostgreSQL, or using
``redis_url``/``chromium_path``) skip with a reason when the server is missing; with
``KAGAMI_TEST_REQUIRE_SERVERS=1`` (set by ``.ci/run``) they fail instead.

Every test gets its own database. Migrations run once per session per backend into a
template; a test using ``database`` starts from a clone of it (PostgreSQL ``CREATE DATABASE
... TEMPLATE``, SQLite a file copy), already at head. ``tests/factories.py`` inserts minimal
valid rows.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from kagami.config import Settings
from kagami.db import Base, Database
from tests.support import postgres as pg
from tests.support import redis as rd

DOMAINS = ("catalogue", "accounts", "lists", "oauth", "social", "community")
CHROMIUM_MISSING = (
    "chromium not found: install it (Debian: apt-get install chromium) or set KAGAMI_TEST_CHROMIUM"
)


def _servers_required() -> bool:
    return os.environ.get("KAGAMI_TEST_REQUIRE_SERVERS", "") not in ("", "0")


def _unavailable(reason: str) -> NoReturn:
    if _servers_required():
        pytest.fail(f"{reason} (KAGAMI_TEST_REQUIRE_SERVERS is set)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    """Debian's chromium (or ``KAGAMI_TEST_CHROMIUM``), for Playwright's ``executable_path``."""
    return (
        os.environ.get("KAGAMI_TEST_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


# -- markers and skipping -------------------------------------------------------------------

_NEEDS = {  # marker: (fixture that implies it, availability check, skip reason)
    "postgres": ("postgres_admin_url", pg.is_available, pg.MISSING_REASON),
    "redis": ("redis_url", rd.is_available, rd.MISSING_REASON),
    "browser": ("chromium_path", lambda: find_chromium() is not None, CHROMIUM_MISSING),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests by the servers they need, and skip those whose server is missing."""
    available: dict[str, bool] = {}
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("backend") == "postgresql":
            item.add_marker(pytest.mark.postgres)
        for marker, (fixture, check, reason) in _NEEDS.items():
            if fixture in fixtures and item.get_closest_marker(marker) is None:
                item.add_marker(getattr(pytest.mark, marker))
            if item.get_closest_marker(marker) is None or _servers_required():
                continue
            if marker not in available:
                available[marker] = check()
            if not available[marker]:
                item.add_marker(pytest.mark.skip(reason=reason))


def _server_description(marker: str) -> str:
    """Which server the ``marker`` tests ran on, for the terminal summary."""
    if marker == "postgres":
        if url := pg.env_url():
            return f"the server at KAGAMI_TEST_POSTGRES_URL ({url.rpartition('@')[2]})"
        bindir = pg.find_bindir()
        if bindir is None:
            return "no server"
        done = subprocess.run(
            [str(bindir / "postgres"), "--version"], capture_output=True, text=True, check=False
        )
        version = done.stdout.strip().removeprefix("postgres (PostgreSQL) ") or "?"
        return f"a throwaway PostgreSQL {version} cluster ({bindir})"
    from tests.clients.venvs import cache_root

    return f"a live kagami serve; client venvs cached in {cache_root()}"


_SUMMARISED = {"postgres": "PostgreSQL", "clients": "Real client libraries"}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line each: how many tests ran on PostgreSQL / with real clients, or why they skipped."""
    for marker, title in _SUMMARISED.items():
        outcomes: dict[str, str] = {}  # nodeid -> worst outcome of its phases
        reasons: set[str] = set()
        for category in ("passed", "failed", "error", "skipped", "xfailed", "xpassed"):
            for report in terminalreporter.stats.get(category, []):
                if marker not in getattr(report, "keywords", {}):
                    continue
                if outcomes.get(report.nodeid) not in ("failed", "error"):
                    outcomes[report.nodeid] = category
                if category == "skipped" and isinstance(report.longrepr, tuple):
                    reasons.add(str(report.longrepr[2]).removeprefix("Skipped: "))
        if not outcomes:
            continue
        counts = {c: list(outcomes.values()).count(c) for c in dict.fromkeys(outcomes.values())}
        ran = len(outcomes) - counts.get("skipped", 0)
        line = f"{title}: {ran} test{'' if ran == 1 else 's'} ran"
        if ran:
            line += f" on {_server_description(marker)}"
        line += " (" + ", ".join(f"{n} {c}" for c, n in counts.items()) + ")"
        if reasons:
            line += "; skipped because: " + " | ".join(sorted(reasons))
        terminalreporter.write_line(line)


# -- servers --------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _hermetic_env() -> Iterator[None]:
    """Keep a developer's ``KAGAMI_*`` settings (other than ``KAGAMI_TEST_*``) out of tests."""
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("KAGAMI_") and not name.startswith("KAGAMI_TEST_"):
                mp.delenv(name)
        # The suite makes many requests from one address: a limit no test reaches unless it
        # sets its own (servers that tests start as subprocesses inherit it too).
        mp.setenv("KAGAMI_RATE_LIMIT", "1000000/minute")
        yield


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """Admin URL of the session's PostgreSQL server (given, or a throwaway cluster)."""
    if url := pg.env_url():
        yield url
        return
    bindir = pg.find_bindir()
    if bindir is None:
        _unavailable(pg.MISSING_REASON)
    cluster = pg.start_cluster(bindir)
    try:
        yield cluster.admin_url
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
async def _postgres_template(postgres_admin_url: str) -> AsyncIterator[str]:
    """Empty database with pg_trgm to clone per test (cheaper than from template0)."""
    name = await pg.create_template(postgres_admin_url)
    try:
        yield name
    finally:
        await pg.drop_database(postgres_admin_url, name, is_template=True)


@pytest.fixture(scope="session")
async def _postgres_migrated_template(
    postgres_admin_url: str, _postgres_template: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """``_postgres_template`` migrated to head once per session: what ``database`` clones."""
    url = await pg.create_database(postgres_admin_url, template=_postgres_template)
    try:
        await _migrate(_settings_for(tmp_path_factory.mktemp("pg-template"), url))
        name = await pg.mark_template(postgres_admin_url, url)
    except BaseException:
        await pg.drop_database(postgres_admin_url, url)
        raise
    try:
        yield name
    finally:
        await pg.drop_database(postgres_admin_url, name, is_template=True)


@pytest.fixture(scope="session")
async def _sqlite_migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per session, checkpointed so it copies whole."""
    directory = tmp_path_factory.mktemp("sqlite-template")
    path = directory / _SQLITE_FILE
    await _migrate(_settings_for(directory, _sqlite_url(path)))
    # Fold the WAL into the main file and leave rollback-journal mode: the file alone is
    # then the whole database (no -wal/-shm siblings), and each test's engine re-enables WAL.
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    leftovers = [p.name for p in directory.iterdir() if p.name != _SQLITE_FILE]
    assert not leftovers, f"SQLite template not closed cleanly: {leftovers}"
    return path


@pytest.fixture(scope="session")
def _redis_server_url() -> Iterator[str]:
    if url := rd.env_url():
        yield url
        return
    binary = rd.find_binary()
    if binary is None:
        _unavailable(rd.MISSING_REASON)
    server = rd.start_server(binary)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
async def redis_url(_redis_server_url: str) -> str:
    """URL of a real Redis server whose database is emptied before the test."""
    from redis.asyncio import Redis

    client = Redis.from_url(_redis_server_url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()
    return _redis_server_url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of the chromium binary browser tests drive."""
    path = find_chromium()
    if path is None:
        _unavailable(CHROMIUM_MISSING)
    return path


# -- database -------------------------------------------------------------------------------


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend a test runs on; every database test runs on both."""
    return str(request.param)


_SQLITE_FILE = "kagami.sqlite3"


@dataclass(frozen=True)
class _Template:
    """What a test's database is cloned from, and whether that is already at head."""

    backend: str
    source: str | Path | None  # PostgreSQL template name, SQLite file to copy, or None (empty)
    migrated: bool
    admin_url: str | None = None
    empty_source: str | None = None  # PostgreSQL: the empty template, for ``empty_database``


@pytest.fixture
def _database_template(backend: str, request: pytest.FixtureRequest) -> _Template:
    # Sync on purpose: an async fixture cannot getfixturevalue() another async fixture.
    # Decided when ``settings`` is set up: tests using ``database`` get the migrated template.
    # (``database`` requested later, e.g. through ``sql_counter``, migrates the empty one.)
    migrated = "database" in request.fixturenames
    if backend == "sqlite":
        source = request.getfixturevalue("_sqlite_migrated_template") if migrated else None
        return _Template(backend, source, migrated)
    admin_url = request.getfixturevalue("postgres_admin_url")
    empty = request.getfixturevalue("_postgres_template")
    source = request.getfixturevalue("_postgres_migrated_template") if migrated else empty
    return _Template(backend, source, migrated, admin_url, empty)


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _settings_for(data_dir: Path, url: str) -> Settings:
    return Settings(
        data_dir=data_dir, database_url=url, import_bundled_on_start=False, _env_file=None
    )


@asynccontextmanager
async def _fresh_settings(template: _Template, data_dir: Path) -> AsyncIterator[Settings]:
    """Settings on a new database cloned from ``template``, dropped afterwards."""
    if template.backend == "sqlite":
        path = data_dir / _SQLITE_FILE
        if template.source is not None:
            shutil.copyfile(template.source, path)
        yield _settings_for(data_dir, _sqlite_url(path))
        return
    assert template.admin_url is not None and isinstance(template.source, str)
    url = await pg.create_database(template.admin_url, template=template.source)
    try:
        yield _settings_for(data_dir, url)
    finally:
        await pg.drop_database(template.admin_url, url)


async def _migrate(settings: Settings) -> None:
    """Run the real migrations on ``settings``' database, then close every connection."""
    db = Database(settings)
    try:
        await _create_schema(db)
    finally:
        await db.dispose()


@pytest.fixture
async def settings(_database_template: _Template, tmp_path: Path) -> AsyncIterator[Settings]:
    """Settings pointing at a fresh database on ``backend``.

    Empty (PostgreSQL: just pg_trgm) unless the test uses ``database``: then it is a copy of
    the session's migrated template, already at head, and the same database ``database`` uses.
    """
    async with _fresh_settings(_database_template, tmp_path) as made:
        yield made


@pytest.fixture
async def database(settings: Settings, _database_template: _Template) -> AsyncIterator[Database]:
    """A ``Database`` on ``settings`` with the full schema in place.

    The schema comes from the real migrations, run once per session into a template
    (``_postgres_migrated_template``/``_sqlite_migrated_template``) that each test's fresh
    database is cloned or copied from; ``empty_database`` is for migrating from scratch.
    """
    db = Database(settings)
    try:
        if not _database_template.migrated:
            await _create_schema(db)
        yield db
    finally:
        await db.dispose()


@pytest.fixture
def session_factory(database: Database) -> async_sessionmaker[AsyncSession]:
    """``database``'s session factory (like the app's: no expiry on commit, no autoflush)."""
    return database.sessionmaker


@pytest.fixture
async def empty_database(_database_template: _Template, tmp_path: Path) -> AsyncIterator[Database]:
    """A ``Database`` on a new, truly empty database (no tables, no Alembic version).

    Separate from ``settings``/``database``; on PostgreSQL it holds only the pg_trgm extension
    the server is expected to provide. For testing migrations from scratch.
    """
    # The empty template even when the test also uses ``database``.
    backend, admin_url = _database_template.backend, _database_template.admin_url
    template = _Template(
        backend, _database_template.empty_source, migrated=False, admin_url=admin_url
    )
    data_dir = tmp_path / "empty"
    data_dir.mkdir()
    async with _fresh_settings(template, data_dir) as made:
        db = Database(made)
        try:
            yield db
        finally:
            await db.dispose()


async def _create_schema(database: Database) -> None:
    """Alembic migrations once they exist; until then ``create_all`` from the models."""
    try:
        migrate = importlib.import_module("kagami.db.migrate")
    except ModuleNotFoundError as exc:
        if exc.name != "kagami.db.migrate":
            raise
    else:
        await migrate.upgrade(database)
        return
    _import_models()
    async with database.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)


def _import_models() -> None:
    """Register every model on ``Base.metadata``: ``kagami.models``, else each domain's models."""
    for module in ("kagami.models", *(f"kagami.{domain}.models" for domain in DOMAINS)):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
        else:
            if module == "kagami.models":
                return


# -- SQL statement counting -----------------------------------------------------------------

_NOT_COUNTED = re.compile(r"\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


@dataclass
class SQLCount:
    """Statements seen inside one ``sql_counter()`` block (transaction control excluded)."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many statements ran."""
        return len(self.statements)

    def __str__(self) -> str:
        return f"{self.count} statements:\n" + "\n".join(f"  {s}" for s in self.statements)


@pytest.fixture
def sql_counter(request: pytest.FixtureRequest) -> Callable[..., Any]:
    """``with sql_counter() as c: ...; assert c.count <= N``: statements run on the engine.

    Counts on the ``database`` fixture's engine unless given another ``engine``.
    """

    @contextmanager
    def counter(engine: AsyncEngine | None = None) -> Iterator[SQLCount]:
        target = (engine or request.getfixturevalue("database").engine).sync_engine
        seen = SQLCount()

        def _record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if not _NOT_COUNTED.match(statement):
                seen.statements.append(" ".join(statement.split()))

        event.listen(target, "before_cursor_execute", _record)
        try:
            yield seen
        finally:
            event.remove(target, "before_cursor_execute", _record)

    return counter
