"""Benchmark the AniList v2 read path in-process: Media(id) vs hello-world, and a 5,000-entry list.

Run: ``uv run python bench/graphql_read.py [--entries 5000] [--requests 2000]``.
Writes ``bench/results/graphql_read.json``. Targets: ratio >= 0.25, collection p50 <= 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from kagami.accounts.models import User
from kagami.app import create_app
from kagami.catalogue.enums import MediaFormat, MediaType
from kagami.catalogue.models import Media
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry

MEDIA_QUERY = "query ($id: Int) { Media(id: $id) { id title { romaji english native } } }"
COLLECTION_QUERY = """query ($id: Int) { MediaListCollection(userId: $id, type: ANIME) {
  lists { name status entries { id mediaId status score progress updatedAt
  media { id title { userPreferred } coverImage { large } format episodes } } } } }"""
STATUSES = list(MediaListStatus)


async def _populate(database: Database, entries: int) -> int:
    """``entries`` anime and one user with every one of them on her list."""
    async with database.session() as s:
        s.add_all(
            Media(
                id=i,
                type=MediaType.ANIME,
                format=MediaFormat.TV,
                title_romaji=f"Show {i}",
                episodes=12,
            )
            for i in range(1, entries + 1)
        )
        user = User(name="bench")
        s.add(user)
        await s.flush()
        s.add_all(
            ListEntry(
                user_id=user.id,
                media_id=i,
                media_type=MediaType.ANIME,
                status=STATUSES[i % len(STATUSES)],
                score=i % 101,
                progress=i % 12,
            )
            for i in range(1, entries + 1)
        )
        return user.id


async def _rate(client: httpx.AsyncClient, requests: int, send: object) -> float:
    start = time.perf_counter()
    for _ in range(requests):
        response = await send()  # type: ignore[operator]
        assert response.status_code == 200, response.text
    return requests / (time.perf_counter() - start)


async def main(entries: int, requests: int) -> dict[str, float]:
    """Run both measurements and return the numbers."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), import_bundled_on_start=False, _env_file=None)
        database = Database(settings)
        await upgrade(database)
        user_id = await _populate(database, entries)
        app = create_app(settings, database)

        @app.get("/hello")
        async def hello() -> dict[str, str]:
            return {"hello": "world"}

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            payload = {"query": MEDIA_QUERY, "variables": {"id": 1}}
            await client.post("/", json=payload)  # warm the document cache
            hello_rate = await _rate(client, requests, lambda: client.get("/hello"))
            media_rate = await _rate(client, requests, lambda: client.post("/", json=payload))
            timings = []
            for _ in range(15):
                start = time.perf_counter()
                response = await client.post(
                    "/", json={"query": COLLECTION_QUERY, "variables": {"id": user_id}}
                )
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
        await database.dispose()
    return {
        "hello_rps": hello_rate,
        "media_rps": media_rate,
        "ratio": media_rate / hello_rate,
        "collection_entries": entries,
        "collection_p50_ms": statistics.median(timings),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=2000)
    options = parser.parse_args()
    result = asyncio.run(main(options.entries, options.requests))
    out = Path(__file__).parent / "results" / "graphql_read.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
