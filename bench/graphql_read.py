"""Benchmark the AniList v2 read path: Media(id) vs hello-world, and a 5,000-entry list.

Run: ``uv run python bench/graphql_read.py [--entries 5000] [--requests 2000] [--http]``.
Writes ``bench/results/graphql_read.json``. Targets: ratio >= 0.25, collection p50 <= 300 ms,
and the collection, run beside small requests, stalling the event loop under 50 ms.

By default requests go through httpx's in-process ASGI transport: no sockets, but the
client's own per-request cost is in both rates, which flatters the ratio. ``--http``
also serves the same app with uvicorn (as ``kagami serve`` does: uvloop, httptools)
in a child process and loads it with ``wrk`` (Debian package ``wrk``), the fairer figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test data builders
from tests.dialects.anilist_graphql.lists_data import build_big_list
from tests.support.loop_lag import loop_lag_probe

# One client sends thousands of requests: far above any rate limit (the limiter still runs).
os.environ.setdefault("KAGAMI_RATE_LIMIT", "1000000000/minute")
MEDIA_QUERY = "query ($id: Int) { Media(id: $id) { id title { romaji english native } } }"
COLLECTION_QUERY = """query ($id: Int) { MediaListCollection(userId: $id, type: ANIME) {
  lists { name status entries { id mediaId status score progress updatedAt
  media { id title { userPreferred } coverImage { large } format episodes } } } } }"""


async def _seconds(requests: int, send: Callable[[], Awaitable[httpx.Response]]) -> float:
    """Wall time of ``requests`` sequential requests, each of which must answer 200."""
    start = time.perf_counter()
    for _ in range(requests):
        response = await send()
        assert response.status_code == 200, response.text
    return time.perf_counter() - start


async def _rates(
    requests: int, *senders: Callable[[], Awaitable[httpx.Response]], rounds: int = 10
) -> list[float]:
    """Requests/s of each sender, run in alternating chunks so machine drift hits all alike."""
    totals = [0.0] * len(senders)
    chunk = max(1, requests // rounds)
    for _ in range(rounds):
        for i, send in enumerate(senders):
            totals[i] += await _seconds(chunk, send)
    return [chunk * rounds / total for total in totals]


async def main(entries: int, requests: int, http_seconds: int = 0) -> dict[str, float]:
    """Run both measurements and return the numbers."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), import_bundled_on_start=False, _env_file=None)
        database = Database(settings)
        await upgrade(database)
        user_id = await build_big_list(database, entries)
        app = _with_hello(create_app(settings, database))
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),  # as a server runs it: start-up heap frozen
            httpx.AsyncClient(transport=transport, base_url="http://bench") as client,
        ):
            payload = {"query": MEDIA_QUERY, "variables": {"id": 1}}
            await client.post("/", json=payload)  # warm the document cache
            hello_rate, media_rate = await _rates(
                requests, lambda: client.get("/hello"), lambda: client.post("/", json=payload)
            )
            timings = []
            for _ in range(15):
                start = time.perf_counter()
                response = await client.post(
                    "/", json={"query": COLLECTION_QUERY, "variables": {"id": user_id}}
                )
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            lag = await _collection_loop_lag(client, user_id, payload)
        await database.dispose()
        result = {
            "hello_rps": hello_rate,
            "media_rps": media_rate,
            "ratio": media_rate / hello_rate,
            "collection_entries": entries,
            "collection_p50_ms": statistics.median(timings),
            "collection_loop_lag_cpu_ms": lag.cpu * 1000,
            "collection_loop_lag_wall_ms": lag.wall * 1000,
        }
        if http_seconds:
            result.update(_over_http(Path(tmp), http_seconds))
    return result


async def _collection_loop_lag(
    client: httpx.AsyncClient, user_id: int, small: dict[str, Any]
) -> Any:
    """Worst event-loop lateness while the collection runs beside 40 small requests."""

    async def smalls() -> None:
        for _ in range(20):
            assert (await client.post("/", json=small)).status_code == 200

    collection = {"query": COLLECTION_QUERY, "variables": {"id": user_id}}
    async with loop_lag_probe() as lag:
        await asyncio.gather(client.post("/", json=collection), smalls(), smalls())
    return lag


def _with_hello(app: Any) -> Any:
    """``app`` plus the hello-world endpoint the ratio is measured against."""

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return {"hello": "world"}

    return app


def http_app() -> Any:
    """uvicorn factory for ``--http``: the app on the prepared database named by the env."""
    return _with_hello(create_app(Settings(_env_file=None)))


_WRK_POST = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[%s]]
"""


def _wrk(url: str, seconds: int, script: Path | None = None) -> float:
    """Requests/s ``wrk`` reaches on ``url`` (one thread, 16 connections)."""
    command = ["wrk", "-t1", "-c16", f"-d{seconds}s", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert match, out
    return float(match.group(1))


@contextmanager
def serving(data_dir: Path, port: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """uvicorn serving :func:`http_app` on the database in ``data_dir``; yields its base URL."""
    if shutil.which("wrk") is None:
        raise SystemExit("--http needs wrk: apt-get install wrk")
    env = {
        **os.environ,
        "KAGAMI_DATA_DIR": str(data_dir),
        "KAGAMI_IMPORT_BUNDLED_ON_START": "0",
        **(env or {}),
    }
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(__file__).parent)]
    command += ["graphql_read:http_app", "--factory", "--port", str(port)]
    command += ["--log-level", "warning", "--no-access-log"]
    server = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/hello").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            raise SystemExit("the server did not start")
        yield base
    finally:
        server.terminate()
        server.wait()


def _over_http(data_dir: Path, seconds: int, rounds: int = 3) -> dict[str, float]:
    """Both rates over real HTTP: uvicorn serving :func:`http_app`, loaded by ``wrk``.

    Medians of ``rounds`` alternating runs of ``seconds`` each.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with serving(data_dir, port) as base:
        script = data_dir / "media.lua"
        body = json.dumps({"query": MEDIA_QUERY, "variables": {"id": 1}})
        script.write_text(_WRK_POST % body)
        _wrk(f"{base}/", 1, script)  # warm-up: document cache, connection pool
        hellos, medias = [], []
        for _ in range(rounds):  # alternate, so drifting machine load hits both alike
            hellos.append(_wrk(f"{base}/hello", seconds))
            medias.append(_wrk(f"{base}/", seconds, script))
    hello, media = statistics.median(hellos), statistics.median(medias)
    return {"http_hello_rps": hello, "http_media_rps": media, "http_ratio": media / hello}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument(
        "--http", type=int, default=0, metavar="SECONDS", help="also measure over HTTP with wrk"
    )
    options = parser.parse_args()
    result = asyncio.run(main(options.entries, options.requests, options.http))
    out = Path(__file__).parent / "results" / "graphql_read.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
