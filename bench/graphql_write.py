"""Benchmark the AniList v2 write path: SaveMediaListEntry (progress + 1) vs hello-world.

Run: ``uv run python bench/graphql_write.py [--seconds 10] [--clients 16] [--rounds 5]
[--backend both]``.
Writes ``bench/results/graphql_write.json``. Targets: ratio >= 0.10 on SQLite, >= 0.15 on
PostgreSQL, zero errors, and an exact final state.

Each of ``--clients`` concurrent clients is a user with the same anime on her list; every
request raises her progress by one, so each save also merges into her list activity (the
default merge time) and moves her maintained totals. At the end every entry's progress
must equal that client's successful saves, and each user must have exactly one progress
activity, the saves merged into it. Hello-world and save windows alternate (``--rounds``
of each, ``--seconds`` in all per kind), so a machine whose load drifts weighs both alike.
Requests go through httpx's in-process ASGI transport, as in graphql_read.py.
PostgreSQL is a throwaway cluster (tests/support/postgres.py: fsync off, as in the tests).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import sqlalchemy as sa

from kagami.app import create_app
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade
from kagami.lists.models import ListEntry, UserListTotals
from kagami.social.models import Activity

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test helpers
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_user
from tests.support import postgres as pg

# One client sends thousands of requests: far above any rate limit (the limiter still runs).
os.environ.setdefault("KAGAMI_RATE_LIMIT", "1000000000/minute")

SAVE = """mutation ($mediaId: Int, $progress: Int) {
  SaveMediaListEntry(mediaId: $mediaId, progress: $progress) { id progress } }"""
MEDIA_ID = 1


async def _prepare(app: Any, database: Database, clients: int) -> list[dict[str, str]]:
    """A long anime, ``clients`` users with it on their lists (progress 0), their headers."""
    async with database.session() as s:
        s.add(Media(id=MEDIA_ID, type=MediaType.ANIME, title_romaji="Long", duration=24))
        users = [(await make_user(s, name=f"writer{i}")).id for i in range(clients)]
    headers = [await bearer(SimpleNamespace(app=app), database, u) for u in users]  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as c:
        for h in headers:  # the entries exist before the clock starts
            response = await c.post("/", json={"query": SAVE, "variables": _vars(0)}, headers=h)
            assert "errors" not in response.json(), response.text
    return headers


def _vars(progress: int) -> dict[str, int]:
    return {"mediaId": MEDIA_ID, "progress": progress}


async def _load(
    seconds: float,
    clients: int,
    send: Callable[[int, int], Awaitable[httpx.Response]],
    done: list[int],
    latencies: list[float],
) -> int:
    """Run ``clients`` loops for ``seconds``, counting successes per client into ``done``
    and latencies (ms) into ``latencies``; the number of errors."""
    errors = 0
    stop = time.perf_counter() + seconds

    async def loop(i: int) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            start = time.perf_counter()
            response = await send(i, done[i] + 1)
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status_code == 200 and "errors" not in response.json():
                done[i] += 1
            else:
                errors += 1

    await asyncio.gather(*(loop(i) for i in range(clients)))
    return errors


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(
    backend: str, url: str | None, seconds: float, clients: int, rounds: int
) -> dict[str, Any]:
    """Both rates on one backend (``rounds`` alternating windows each), then the final-state
    check."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp), database_url=url, import_bundled_on_start=False, _env_file=None
        )
        database = Database(settings)
        await upgrade(database)
        app = create_app(settings, database)

        @app.get("/hello")
        async def hello() -> dict[str, str]:
            return {"hello": "world"}

        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=60) as client,
        ):
            headers = await _prepare(app, database, clients)
            async with database.session() as s:
                before = await _activities(s)
            # Alternate short hello and save windows: on a shared machine the load drifts,
            # and the ratio should compare the two under the same conditions.
            hello, saves = [0] * clients, [0] * clients
            hello_latencies: list[float] = []
            latencies: list[float] = []
            errors = 0
            for _ in range(rounds):
                errors += await _load(
                    seconds / rounds,
                    clients,
                    lambda _i, _n: client.get("/hello"),
                    hello,
                    hello_latencies,
                )
                errors += await _load(
                    seconds / rounds,
                    clients,
                    lambda i, n: client.post(
                        "/", json={"query": SAVE, "variables": _vars(n)}, headers=headers[i]
                    ),
                    saves,
                    latencies,
                )
        exact = await _final_state_is_exact(database, saves, before)
        await database.dispose()
    hello_rps, save_rps = sum(hello) / seconds, sum(saves) / seconds
    return {
        "backend": backend,
        "clients": clients,
        "hello_rps": hello_rps,
        "save_rps": save_rps,
        "ratio": save_rps / hello_rps,
        "save_p50_ms": statistics.median(latencies),
        "save_p99_ms": _percentile(latencies, 0.99),
        "errors": errors,
        "rounds": rounds,
        "load_average_after": os.getloadavg()[0],
        "cpus": os.cpu_count(),
        "exact_final_state": exact,
    }


async def _activities(session: Any) -> list[int]:
    """List activities per writer, in user order."""
    stmt = sa.select(sa.func.count()).select_from(Activity).group_by(Activity.user_id)
    return list(await session.scalars(stmt.order_by(Activity.user_id)))


async def _final_state_is_exact(database: Database, saves: list[int], before: list[int]) -> bool:
    """Each writer's progress equals her successful saves, every save merged into one
    progress activity (one more than before the load), and her totals moved with it."""
    async with database.session() as s:
        progress = list(
            await s.scalars(sa.select(ListEntry.progress).order_by(ListEntry.user_id, ListEntry.id))
        )
        activities = await _activities(s)
        minutes = list(
            await s.scalars(
                sa.select(UserListTotals.episodes_watched).order_by(UserListTotals.user_id)
            )
        )
    merged = activities == [n + 1 for n in before]
    exact = progress == saves and merged and minutes == saves
    if not exact:
        print(f"saves {saves}\nprogress {progress}\nactivities {activities}\ntotals {minutes}")
    return exact


async def main(
    backends: list[str], seconds: float, clients: int, rounds: int
) -> list[dict[str, Any]]:
    """Measure each backend (PostgreSQL on a throwaway cluster)."""
    results = []
    if "sqlite" in backends:
        results.append(await run("sqlite", None, seconds, clients, rounds))
    if "postgresql" in backends:
        bindir = pg.find_bindir()
        if bindir is None:
            raise SystemExit(pg.MISSING_REASON)
        cluster = pg.start_cluster(bindir)
        try:
            url = await pg.create_database(cluster.admin_url)
            results.append(await run("postgresql", url, seconds, clients, rounds))
        finally:
            cluster.stop()
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5, help="alternating hello/save windows")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    options = parser.parse_args()
    chosen = ["sqlite", "postgresql"] if options.backend == "both" else [options.backend]
    result = asyncio.run(main(chosen, options.seconds, options.clients, options.rounds))
    out = Path(__file__).parent / "results" / "graphql_write.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    if any(r["errors"] or not r["exact_final_state"] for r in result):
        raise SystemExit("errors, or the final state is not exact")
