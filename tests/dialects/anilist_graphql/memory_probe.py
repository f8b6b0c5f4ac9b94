"""Run as a script: send N distinct queries to a fresh app, print its RSS growth as JSON.

A separate process, so that other tests' memory does not blur the figure. Usage:
``python -m tests.dialects.anilist_graphql.memory_probe DATA_DIR DATABASE_URL COUNT``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import time
from pathlib import Path

import httpx

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database

# A valid query's variable: a distinct 24 KB string (the old argument cache kept 4,096).
VARIABLE_REPEAT = 3_000
# One request in this many is valid (and executed); the others are refused by the limits
# after parsing, which is what keeps 10,000 requests within a minute.
VALID_EVERY = 20


def rss() -> int:
    """Resident set size of this process in bytes (after a full collection)."""
    gc.collect()
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def valid_query(index: int) -> str:
    """A distinct valid query whose wide field takes a variable (both caches fill)."""
    fields = " ".join(
        f"f{index}_{j}: title {{ romaji english native userPreferred }}" for j in range(4)
    )
    return (
        f"query Q{index} ($s: String) {{ Page(perPage: 1) {{ media(genre: $s) {{ {fields} }} }} }}"
    )


def refused_query(index: int) -> str:
    """A distinct ~1.5 KB query over the cost cap: 28 aliased pages spreading one 20-field
    fragment (28 x 23 = 644); a big AST that an old cache kept whole."""
    fields = " ".join(f"f{j}: id" for j in range(20))
    pages = " ".join(f"a{j}: Page(page: {index}) {{ media {{ ...M }} }}" for j in range(28))
    return f"{{ {pages} }} fragment M on Media {{ {fields} }}"


async def probe(data_dir: Path, url: str, count: int) -> dict[str, int]:
    """RSS before and after ``count`` requests, and the process CPU seconds they took."""
    settings = Settings(
        data_dir=data_dir, database_url=url, import_bundled_on_start=False, _env_file=None
    )
    database = Database(settings)
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://probe") as client:

        async def send(index: int) -> None:
            if index % VALID_EVERY:
                response = await client.post("/", json={"query": refused_query(index)})
                assert response.status_code == 400, response.text[:500]
                return
            variables = {"s": f"{index:08d}" * VARIABLE_REPEAT}
            payload = {"query": valid_query(index), "variables": variables}
            response = await client.post("/", json=payload)
            assert response.status_code == 200, response.text[:500]

        for index in range(count, count + 100):  # warm up: schema, connections, statements
            await send(index)
        before, cpu = rss(), time.process_time()
        for index in range(count):
            await send(index)
        after, cpu = rss(), time.process_time() - cpu
    await database.dispose()
    growth = after - before
    return {"before": before, "after": after, "growth": growth, "count": count, "cpu": int(cpu)}


if __name__ == "__main__":
    directory, database_url, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print(json.dumps(asyncio.run(probe(Path(directory), database_url, total))))
