"""Benchmark title/name search against an existing database holding the bundled catalogue.

Run against the database the usual settings point at (``KAGAMI_DATABASE_URL``, else
``KAGAMI_DATA_DIR``'s SQLite file), after ``kagami import bundled``:
``uv run python bench/search.py [--repeat 30] [--synthetic 12000] [--label after]``.
Each query runs ``--repeat`` times (bounded, local only) through ``search_media_ids`` /
``search_ids`` with ``limit=50``; p50/p95 in ms per query and overall. Results are merged into
``bench/results/search.json`` under the backend name and label.
``--synthetic N`` first tops the media table up with N generated titles (ids from 50,000,000,
idempotent) to measure a bigger catalogue; it writes to that database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.catalogue.search import SearchKind, search_ids, search_media_ids
from kagami.config import Settings
from kagami.db import Database

# (kind, query): long and short, every script, a typo, nothing at all.
QUERIES: list[tuple[SearchKind, str]] = [
    ("media", "shingeki"),
    ("media", "巨人"),
    ("media", "進撃の巨人"),
    ("media", "attack on titan"),
    ("media", "one piece"),
    ("media", "frieren"),
    ("media", "monogatari"),
    ("media", "shingeki no kyojn"),
    ("media", "to"),
    ("media", "a"),
    ("media", "zzzzqqq"),
    ("media", "attack+on+titan"),  # as URL-encoding clients send it
    ("media", "Cowboy%20Bebop!"),
    ("media", "Re:Zero"),
    ("character", "kawatani"),
    ("character", "sawa"),
    ("character", "千乃"),
    ("staff", "takahara"),
]
SYNTHETIC_BASE = 50_000_000
_SYLLABLES = [
    "ka",
    "ki",
    "ku",
    "ke",
    "ko",
    "sa",
    "shi",
    "su",
    "se",
    "so",
    "ta",
    "chi",
    "tsu",
    "te",
    "to",
    "na",
    "ni",
    "nu",
    "ne",
    "no",
    "ha",
    "hi",
    "fu",
    "he",
    "ho",
]
_WORDS = [
    "star",
    "blade",
    "night",
    "moon",
    "academy",
    "girl",
    "hero",
    "dragon",
    "saga",
    "tales",
    "of",
    "the",
    "lost",
    "world",
]
_KANA = "かきくけこさしすせそたちつてとなにぬねのアイウエオカキクケコ星剣夜月"


def _title(rng: random.Random) -> tuple[str, str, str]:
    """A made-up romaji, English and native title."""
    romaji = " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(1, 4))
    )
    english = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 5))).title()
    native = "".join(rng.choice(_KANA) for _ in range(rng.randint(3, 9)))
    return romaji.title(), english, native


async def add_synthetic(database: Database, count: int) -> int:
    """Insert up to ``count`` generated media (ids from SYNTHETIC_BASE); returns how many new."""
    rng = random.Random(20_000)
    async with database.session() as session:
        present = await session.scalar(
            sa.select(sa.func.count()).select_from(Media).where(Media.id >= SYNTHETIC_BASE)
        )
        start = int(present or 0)
        for offset in range(start, count, 1000):
            batch = []
            for i in range(offset, min(offset + 1000, count)):
                romaji, english, native = _title(random.Random(rng.random() + i))
                batch.append(
                    Media(
                        id=SYNTHETIC_BASE + i,
                        type=MediaType.ANIME,
                        title_romaji=romaji,
                        title_english=english,
                        title_native=native,
                        popularity=i % 997,
                    )
                )
            session.add_all(batch)
            await session.flush()
    if database.is_sqlite:
        return max(count - start, 0)
    async with database.session() as session:  # fresh statistics, as autovacuum would give
        for table in ("media", "search_media"):
            await session.execute(sa.text(f"ANALYZE {table}"))
    return max(count - start, 0)


async def _one(database: Database, kind: SearchKind, query: str) -> tuple[float, int]:
    start = time.perf_counter()
    async with database.session() as session:
        if kind == "media":
            found = await search_media_ids(session, query, limit=50)
        else:
            found = await search_ids(session, kind, query, limit=50)
    return (time.perf_counter() - start) * 1000, len(found)


def _pct(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def run(settings: Settings, repeat: int, synthetic: int) -> dict[str, Any]:
    """Time ``repeat`` runs of every query; returns the figures."""
    database = Database(settings)
    added = await add_synthetic(database, synthetic) if synthetic else 0
    async with database.session() as session:
        media_rows = await session.scalar(sa.select(sa.func.count()).select_from(Media))
    per_query: dict[str, dict[str, float | int]] = {}
    every: list[float] = []
    for kind, query in QUERIES:
        await _one(database, kind, query)  # warm caches and the connection
        timings: list[float] = []
        hits = 0
        for _ in range(repeat):
            elapsed, hits = await _one(database, kind, query)
            timings.append(elapsed)
        every += timings
        per_query[f"{kind}:{query}"] = {
            "hits": hits,
            "p50_ms": round(statistics.median(timings), 3),
            "p95_ms": round(_pct(timings, 0.95), 3),
        }
    backend = "sqlite" if database.is_sqlite else "postgresql"
    await database.dispose()
    return {
        "backend": backend,
        "media_rows": media_rows,
        "synthetic_added": added,
        "repeat": repeat,
        "p50_ms": round(statistics.median(every), 3),
        "p95_ms": round(_pct(every, 0.95), 3),
        "queries": per_query,
    }


def main() -> None:
    """Parse arguments, run, print and merge into bench/results/search.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30, choices=range(1, 1001), metavar="N")
    parser.add_argument("--synthetic", type=int, default=0, choices=range(0, 200_001), metavar="N")
    parser.add_argument("--label", default="current", help="key to store the run under")
    options = parser.parse_args()
    result = asyncio.run(run(Settings(), options.repeat, options.synthetic))
    out = Path(__file__).parent / "results" / "search.json"
    out.parent.mkdir(exist_ok=True)
    stored: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    key = f"{result['backend']}:{result['media_rows']}_media"
    stored.setdefault(key, {})[options.label] = result
    out.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
