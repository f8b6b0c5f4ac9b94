"""The test harness itself: both backends round-trip rows, SQL is counted, servers answer."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from kagami.config import Settings
from kagami.db import Database
from tests.support import postgres as pg
from tests.support import redis as rd

_metadata = sa.MetaData()
_probe = sa.Table(
    "infra_probe",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.String(200), nullable=False),
)
TITLES = ["Shingeki no Kyojin", "進撃の巨人", "Attack on Titan"]


@pytest.fixture
async def bare_database(settings: Settings) -> AsyncIterator[Database]:
    """A database holding only the probe table, so these tests do not depend on the models."""
    db = Database(settings)
    async with db.engine.begin() as conn:
        await conn.run_sync(_metadata.create_all)
    yield db
    await db.dispose()


async def test_session_round_trips_rows(bare_database: Database, backend: str) -> None:
    database = bare_database
    assert database.engine.dialect.name == backend
    async with database.session() as session:
        await session.execute(sa.insert(_probe), [{"title": t} for t in TITLES])
    async with database.session() as session:
        rows = (await session.execute(sa.select(_probe.c.title).order_by(_probe.c.id))).scalars()
        assert list(rows) == TITLES


async def test_sql_counter_counts_exactly_the_statements_issued(
    bare_database: Database, sql_counter
) -> None:
    database = bare_database
    with sql_counter(database.engine) as counted:
        async with database.session() as session:
            await session.execute(sa.insert(_probe), [{"title": t} for t in TITLES])
            async with session.begin_nested():  # SAVEPOINT/RELEASE are not counted
                await session.execute(sa.update(_probe).values(title=sa.func.upper(_probe.c.title)))
            await session.execute(sa.select(sa.func.count()).select_from(_probe))
    assert counted.count == 3, str(counted)
    assert [s.split()[0] for s in counted.statements] == ["INSERT", "UPDATE", "SELECT"]
    with sql_counter(database.engine) as idle:
        async with database.session():
            pass
    assert idle.count == 0, str(idle)


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_postgres_test_database_has_pg_trgm(bare_database: Database) -> None:
    async with bare_database.session() as session:
        installed = await session.scalar(
            sa.text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")
        )
        # Japanese must split into trigrams too (needs a UTF-8 LC_CTYPE, not plain C).
        trigrams = await session.scalar(sa.text("SELECT show_trgm('進撃の巨人')"))
        similar = await session.scalar(
            sa.text("SELECT similarity('Shingeki', 'Shingeki no Kyojin')")
        )
    assert installed == 1
    assert trigrams, "pg_trgm produced no trigrams for Japanese text"
    assert similar > 0.3


async def test_redis_answers_ping(redis_url: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    try:
        assert await client.ping()
        await client.set("kagami:probe", "鏡")
        assert (await client.get("kagami:probe")).decode() == "鏡"
    finally:
        await client.aclose()


async def test_database_fixture_builds_the_full_schema(database: Database) -> None:
    from kagami.db.base import Base

    def table_names(conn: sa.Connection) -> set[str]:
        return set(sa.inspect(conn).get_table_names())

    async with database.engine.connect() as conn:
        tables = await conn.run_sync(table_names)
    assert set(Base.metadata.tables) <= tables
    assert Base.metadata.tables, "no models registered on Base.metadata"


def test_missing_postgres_binaries_are_reported(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KAGAMI_TEST_POSTGRES_BINDIR", str(tmp_path))
    monkeypatch.delenv("KAGAMI_TEST_POSTGRES_URL", raising=False)
    assert pg.find_bindir() is None
    assert not pg.is_available()
    assert "apt-get install postgresql" in pg.MISSING_REASON


def test_missing_redis_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("KAGAMI_TEST_REDIS_URL", raising=False)
    assert not rd.is_available()


def _pytest_summary(env: dict[str, str]) -> str:
    """Terminal output of a pytest run of one test that runs on both backends."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith("KAGAMI_TEST_")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", _BOTH_BACKENDS],
        cwd=Path(__file__).parent.parent,
        env={**keep, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


_BOTH_BACKENDS = "tests/test_health.py::test_healthz_reports_database_and_empty_catalogue"


def test_summary_says_postgres_tests_were_skipped_and_how_to_install(tmp_path: Path) -> None:
    out = _pytest_summary({"KAGAMI_TEST_POSTGRES_BINDIR": str(tmp_path)})
    assert (
        "PostgreSQL: 0 tests ran (1 skipped); skipped because: PostgreSQL server not found: "
        "install it (Debian: apt-get install postgresql)"
    ) in out


def test_summary_says_how_many_tests_ran_on_which_postgres(postgres_admin_url: str) -> None:
    out = _pytest_summary({"KAGAMI_TEST_POSTGRES_URL": postgres_admin_url})
    server = postgres_admin_url.rpartition("@")[2]
    assert f"PostgreSQL: 1 test ran on the server at KAGAMI_TEST_POSTGRES_URL ({server})" in out
    assert "(1 passed)" in out
