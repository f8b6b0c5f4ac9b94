"""Benchmark user statistics reads on a seeded database: the user sorts and User.statistics.

Run on a database ``kagami seed --tier small|medium`` filled (the environment names it, as
for ``kagami serve``: ``KAGAMI_DATA_DIR`` or ``KAGAMI_DATABASE_URL``):
``uv run python bench/user_statistics.py [--requests 20] [--no-upgrade]``.
Writes its backend's record into ``bench/results/user_statistics.json``.

Targets on the medium tier (20,000 users, 5M entries):
``Page.users(sort: WATCHED_TIME_DESC)`` p50 <= 50 ms, and ``User.statistics`` of the
heaviest user p50 <= 100 ms. Timed: the header (totals); all twelve breakdowns with the
long ones (tags, studios, staff, voice actors) limited to 30 (``statistics_limited``);
the same with ``mediaIds`` (``statistics_page``: every media id of the unlimited short
breakdowns, thousands for that user); every breakdown unlimited (``statistics_full``:
thousands of staff and voice-actor buckets, so mostly response size). All read the
maintained rows (``user_list_totals``, ``user_stat_breakdowns``).
``breakdown_write_p50_ms`` is the statement a save adds to move the breakdowns
(progress +1 on one of that user's anime, rolled back). ``*_cpu_p50_ms`` is process CPU
time (on SQLite it includes the database's work): the machine may be shared.
``--no-upgrade`` leaves the schema alone, to time an older checkout on the same file.
``--postgres-tier small|medium`` instead seeds that tier into a throwaway PostgreSQL
cluster (tests/support/postgres.py) and times it there.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade
from kagami.importers.synthetic import seed_database
from kagami.lists.models import ListEntry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test helpers
from tests.support import postgres as pg

# One client sends thousands of requests: far above any rate limit (the limiter still runs).
os.environ.setdefault("KAGAMI_RATE_LIMIT", "1000000000/minute")

SORTED_USERS = """query ($sort: [UserSort]) { Page(perPage: 50) {
  pageInfo { total } users(sort: $sort) { id name } } }"""
HEADER = """query ($id: Int) { User(id: $id) { statistics {
  anime { count meanScore standardDeviation minutesWatched episodesWatched }
  manga { count meanScore standardDeviation chaptersRead volumesRead } } } }"""
BUCKETS = "count meanScore minutesWatched chaptersRead"
FULL = f"""query ($id: Int) {{ User(id: $id) {{ statistics {{ anime {{
  count meanScore standardDeviation minutesWatched episodesWatched
  formats {{ format {BUCKETS} }} statuses {{ status {BUCKETS} }} scores {{ score {BUCKETS} }}
  lengths {{ length {BUCKETS} }} releaseYears {{ releaseYear {BUCKETS} }}
  genres {{ genre {BUCKETS} }} tags {{ tag {{ id }} {BUCKETS} }}
  studios {{ studio {{ id }} {BUCKETS} }} staff {{ staff {{ id }} {BUCKETS} }}
  voiceActors {{ voiceActor {{ id }} {BUCKETS} }} }} }} }} }}"""
LIMITED_NUMBERS = f"""query ($id: Int) {{ User(id: $id) {{ statistics {{ anime {{
  count meanScore standardDeviation minutesWatched episodesWatched
  formats {{ format {BUCKETS} }} statuses {{ status {BUCKETS} }} scores {{ score {BUCKETS} }}
  lengths {{ length {BUCKETS} }} releaseYears {{ releaseYear {BUCKETS} }}
  startYears {{ startYear {BUCKETS} }} countries {{ country {BUCKETS} }}
  genres {{ genre {BUCKETS} }} tags(limit: 30) {{ tag {{ id name }} {BUCKETS} }}
  studios(limit: 30) {{ studio {{ id name }} {BUCKETS} }}
  staff(limit: 30) {{ staff {{ id }} {BUCKETS} }}
  voiceActors(limit: 30) {{ voiceActor {{ id }} {BUCKETS} }} }} }} }} }}"""
LIMITED = f"{BUCKETS} mediaIds"
PAGE = f"""query ($id: Int) {{ User(id: $id) {{ statistics {{ anime {{
  count meanScore standardDeviation minutesWatched episodesWatched
  formats {{ format {LIMITED} }} statuses {{ status {LIMITED} }} scores {{ score {LIMITED} }}
  lengths {{ length {LIMITED} }} releaseYears {{ releaseYear {LIMITED} }}
  startYears {{ startYear {LIMITED} }} countries {{ country {LIMITED} }}
  genres(sort: COUNT_DESC) {{ genre {LIMITED} }}
  tags(limit: 30, sort: COUNT_DESC) {{ tag {{ id name }} {LIMITED} }}
  studios(limit: 30, sort: COUNT_DESC) {{ studio {{ id name }} {LIMITED} }}
  staff(limit: 30, sort: COUNT_DESC) {{ staff {{ id }} {LIMITED} }}
  voiceActors(limit: 30, sort: COUNT_DESC) {{ voiceActor {{ id }} characterIds {LIMITED} }}
  }} }} }} }}"""


_CPU: dict[str, float] = {}  # median process CPU ms per request, by result name


async def _p50_ms(client: httpx.AsyncClient, requests: int, query: str, variables: Any) -> float:
    """Median wall time of ``requests`` sequential requests (after one warm-up).

    The median process CPU time goes to ``_CPU`` (on SQLite it includes the database's
    work; the machine is shared, so wall time carries other processes' load).
    """
    timings, cpu = [], []
    for i in range(requests + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = await client.post("/", json={"query": query, "variables": variables})
        elapsed = (time.perf_counter() - start) * 1000
        used = (time.process_time() - start_cpu) * 1000
        assert response.status_code == 200 and "errors" not in response.json(), response.text
        if i:
            timings.append(elapsed)
            cpu.append(used)
    _CPU["last"] = statistics.median(cpu)
    return statistics.median(timings)


async def _timed(
    result: dict[str, Any], name: str, client: httpx.AsyncClient, n: int, query: str, v: Any
) -> None:
    result[f"{name}_p50_ms"] = round(await _p50_ms(client, n, query, v), 1)
    result[f"{name}_cpu_p50_ms"] = round(_CPU["last"], 1)


async def main(requests: int, migrate: bool, url: str | None = None) -> dict[str, Any]:
    """Time the reads and return the numbers."""
    settings = Settings(import_bundled_on_start=False, _env_file=None)
    if url is not None:
        settings = Settings(database_url=url, import_bundled_on_start=False, _env_file=None)
    database = Database(settings)
    if migrate:
        await upgrade(database)
    if url is not None:
        seconds = time.perf_counter()
        await seed_database(database, tier=_TIER[0], seed=1, quiet=True)
        print(f"seeded {_TIER[0]} in {time.perf_counter() - seconds:.0f} s", flush=True)
    async with database.session() as s:
        heaviest, entries = (
            await s.execute(
                sa.select(ListEntry.user_id, sa.func.count())
                .group_by(ListEntry.user_id)
                .order_by(sa.func.count().desc())
                .limit(1)
            )
        ).one()
        users = await s.scalar(sa.text("SELECT count(*) FROM users"))
        total = await s.scalar(sa.select(sa.func.count()).select_from(ListEntry))
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as client,
    ):
        result: dict[str, Any] = {
            "backend": database.engine.dialect.name,
            "users": users,
            "entries": total,
            "heaviest_user_entries": entries,
            # Wall times on a shared machine follow its load; the CPU times much less so.
            "load_average_1m": round(os.getloadavg()[0], 1),
        }
        by_time = {"sort": ["WATCHED_TIME_DESC"]}
        await _timed(result, "watched_time", client, requests, SORTED_USERS, by_time)
        by_chapters = {"sort": ["CHAPTERS_READ_DESC"]}
        await _timed(result, "chapters_read", client, requests, SORTED_USERS, by_chapters)
        user = {"id": heaviest}
        await _timed(result, "statistics_header", client, requests, HEADER, user)
        await _timed(result, "statistics_limited", client, requests, LIMITED_NUMBERS, user)
        await _timed(result, "statistics_page", client, requests, PAGE, user)
        await _timed(result, "statistics_full", client, max(3, requests // 4), FULL, user)
    if migrate:  # an older checkout (--no-upgrade) has no maintained breakdowns
        wall, cpu, rows = await _write_cost(database, heaviest, requests)
        result |= {
            "breakdown_write_p50_ms": round(wall, 2),
            "breakdown_write_cpu_p50_ms": round(cpu, 2),
            "breakdown_write_rows": rows,
        }
    await database.dispose()
    return result


async def _write_cost(database: Database, user_id: int, requests: int) -> tuple[float, float, int]:
    """Median wall and CPU ms of the breakdowns' statement for progress +1 on one anime,
    and the rows it moves."""
    from kagami.catalogue.models import Media
    from kagami.lists import stat_breakdowns, stat_keys
    from kagami.lists.totals import snapshot

    async with database.sessionmaker() as s:
        entry, media = (
            await s.execute(
                sa.select(ListEntry, Media)
                .join(Media, Media.id == ListEntry.media_id)
                .where(ListEntry.user_id == user_id, ListEntry.status == "CURRENT")
                .where(ListEntry.media_type == "ANIME")
                .order_by(Media.popularity.desc())
                .limit(1)
            )
        ).one()
        keys = len((await s.execute(stat_keys.media_keys([media.id]))).all())
        before = snapshot(entry)
        timings, cpu = [], []
        for _ in range(requests):
            moves = stat_breakdowns.Moves()
            after = dataclasses.replace(before, progress=before.progress + 1)
            moves.move(media, before, after)
            start, start_cpu = time.perf_counter(), time.process_time()
            await moves.write(s, user_id)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        await s.rollback()
    # The media's keys and the status row.
    return statistics.median(timings), statistics.median(cpu), keys + 1


_TIER = ["small"]


async def on_postgres(requests: int, tier: str) -> dict[str, Any]:
    """Seed ``tier`` into a throwaway PostgreSQL cluster and time the reads there."""
    bindir = pg.find_bindir()
    if bindir is None:
        raise SystemExit(pg.MISSING_REASON)
    _TIER[0] = tier
    cluster = pg.start_cluster(bindir)
    try:
        return await main(requests, True, await pg.create_database(cluster.admin_url))
    finally:
        cluster.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--no-upgrade", action="store_true", help="do not migrate first")
    parser.add_argument("--postgres-tier", choices=("tiny", "small", "medium"))
    options = parser.parse_args()
    if options.postgres_tier:
        result = asyncio.run(on_postgres(options.requests, options.postgres_tier))
    else:
        result = asyncio.run(main(options.requests, not options.no_upgrade))
    out = Path(__file__).parent / "results" / "user_statistics.json"
    out.parent.mkdir(exist_ok=True)
    recorded = json.loads(out.read_text()) if out.exists() else {}
    if "backend" in recorded:  # the older one-backend layout
        recorded = {}
    recorded[result["backend"]] = result  # one record per backend
    out.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n")
    print(json.dumps(result, indent=2))
