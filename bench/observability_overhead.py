"""Per-request cost of the observability middleware (request id, access log, metrics).

Run: ``uv run python bench/observability_overhead.py [--requests 2000] [--rounds 3]``.
Serves ``{ Media(id) }`` in-process (httpx ASGI transport) from the same database with the
middleware removed, with it but no access log or metrics, and with JSON access lines
(rendered to /dev/null) plus metrics; reports CPU microseconds per request (process time,
best of the rounds, so other load on the machine inflates every variant alike). Before
this middleware, ``kagami serve`` wrote uvicorn's access line instead, which costs about
as much as the JSON access line here: compare "json+metrics" with "none" plus that line.
Writes ``bench/results/observability_overhead.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

import httpx

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade
from kagami.observability import configure_logging
from kagami.observability.middleware import ObservabilityMiddleware

QUERY = {"query": "{ Media(id: 1) { id title { romaji } } }"}


async def _per_request_us(app: Any, requests: int) -> float:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        for _ in range(50):  # warm caches
            await http.post("/graphql", json=QUERY)
        started = time.process_time()
        for _ in range(requests):
            await http.post("/graphql", json=QUERY)
        return (time.process_time() - started) / requests * 1e6


def _variant(settings: Settings, db: Database, name: str) -> Any:
    access = name == "json+metrics"
    app = create_app(settings.model_copy(update={"metrics": access, "access_log": access}), db)
    if name == "none":
        app.user_middleware = [
            m for m in app.user_middleware if m.cls is not ObservabilityMiddleware
        ]
    return app


async def main(requests: int, rounds: int, sink: TextIO) -> dict[str, float]:
    """Best-of-``rounds`` CPU microseconds per request of each variant."""
    data_dir = Path(tempfile.mkdtemp())
    settings = Settings(
        data_dir=data_dir, import_bundled_on_start=False, rate_limit="1000000/minute"
    )
    db = Database(settings)
    await upgrade(db)
    configure_logging(settings.model_copy(update={"log_format": "json"}), sink)
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name in ("none", "id only", "json+metrics"):
            cost = await _per_request_us(_variant(settings, db, name), requests)
            best[name] = min(best.get(name, cost), cost)
    logging.getLogger().handlers.clear()
    await db.dispose()
    return best


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with open(os.devnull, "w") as devnull:
        result = asyncio.run(main(args.requests, args.rounds, devnull))
    for name, cost in result.items():
        print(f"{name:>14}: {cost:7.1f} us CPU per request (+{cost - result['none']:.1f})")
    out = Path(__file__).parent / "results" / "observability_overhead.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"us_per_request": result}, indent=2) + "\n")
