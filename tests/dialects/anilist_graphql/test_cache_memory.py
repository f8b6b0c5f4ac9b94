"""Anonymous clients cannot grow the server: caches are bounded by bytes, whatever they send."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kagami.config import Settings
from kagami.db import Database

QUERIES = 10_000
MAX_GROWTH = 100 * 1024 * 1024


def test_distinct_large_queries_leave_memory_bounded(
    settings: Settings, database: Database, backend: str
) -> None:
    """10,000 distinct ~3 KB queries, each with a distinct 2 KB variable: RSS grows < 100 MB.

    Unbounded (or entry-bounded) caches kept every document's AST and every variable
    value: several hundred MB for the same traffic.
    """
    if backend != "sqlite":
        pytest.skip("cache memory does not depend on the database backend")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.dialects.anilist_graphql.memory_probe",
            str(settings.data_dir),
            settings.resolved_database_url,
            str(QUERIES),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(figures)
    assert figures["growth"] < MAX_GROWTH, figures
