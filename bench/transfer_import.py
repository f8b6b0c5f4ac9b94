"""Benchmark `kagami import mal-xml` on a 50,000-entry export: time, peak memory, re-run.

Run: ``uv run python bench/transfer_import.py [--entries 50000] [--postgres URL]``.
Builds a throwaway SQLite database (or uses the given empty PostgreSQL database) with one
anime per entry, imports a gzipped MAL export through the same code the CLI runs (with
its Rich progress bar), then imports it again (idempotent: nothing written). Writes
``bench/results/transfer_import.json``: seconds and entries/s per run, the process's
peak RSS (and its growth during the first import), and the tracemalloc peak of a
third import.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import sqlalchemy as sa

from kagami.catalogue.models import Media
from kagami.config import Settings
from kagami.db import Database
from kagami.db.migrate import upgrade
from kagami.progress import make_progress
from kagami.transfer.mal_import import ImportReport, import_mal_xml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test data builders
from tests.factories import make_user
from tests.transfer.test_mal_xml_memory import big_export


async def _catalogue(database: Database, entries: int) -> None:
    async with database.session() as session:
        rows = [
            {"id": i, "id_mal": i, "type": "ANIME", "title_romaji": f"A {i}", "episodes": 12}
            for i in range(1, entries + 1)
        ]
        for start in range(0, len(rows), 5000):
            await session.execute(sa.insert(Media), rows[start : start + 5000])
        await make_user(session, name="bench")


async def _timed(database: Database, path: Path) -> tuple[float, ImportReport]:
    with make_progress() as progress:
        task = progress.add_task("Importing", total=None)
        started = time.perf_counter()
        report = await import_mal_xml(
            database,
            path,
            "bench",
            on_start=lambda total, _done: progress.update(task, total=total),
            on_batch=lambda n: progress.advance(task, n),
        )
    return time.perf_counter() - started, report


async def main(entries: int, postgres: str | None) -> dict[str, object]:
    """Build, import twice, measure."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            data_dir=Path(folder), database_url=postgres, import_bundled_on_start=False
        )
        database = Database(settings)
        try:
            await upgrade(database)
            await _catalogue(database, entries)
            path = Path(folder) / "animelist.xml.gz"
            size = big_export(path, entries)
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            first, report = await _timed(database, path)
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            second, again = await _timed(database, path)
            tracemalloc.start()  # slows Python down: only on a third, untimed run
            await import_mal_xml(database, path, "bench")
            _, traced_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            await database.dispose()
    return {
        "backend": "postgresql" if postgres else "sqlite",
        "entries": entries,
        "xml_bytes": size,
        "first_run_seconds": round(first, 1),
        "first_run_entries_per_second": round(entries / first),
        "created": report.created,
        "second_run_seconds": round(second, 1),
        "second_run_unchanged": again.unchanged,
        "import_tracemalloc_peak_bytes": traced_peak,
        "peak_rss_growth_during_first_run_kb": rss_after - rss_before,
        "process_peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--postgres", default=None, help="URL of an empty PostgreSQL database")
    args = parser.parse_args()
    result = asyncio.run(main(args.entries, args.postgres))
    out = Path(__file__).parent / "results" / "transfer_import.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
