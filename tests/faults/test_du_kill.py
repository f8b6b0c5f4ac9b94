"""kill -9 of `kagami serve` mid-write-load loses no acknowledged write (SECURITY.md DU-1, DU-3).

Writers on all three dialects record a write only after its 200; the server gets SIGKILL
at a random moment, is started again on the same data, and every acknowledged write must
be there, the SQLite file sound, and every derived row consistent with the entries.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from tests.faults import consistency
from tests.faults.load import load_then_kill, prepare, serve, verify


def _kill_runs(
    tmp_path: Path, cache: Path, iterations: int, seed: int, window: tuple[float, float]
) -> None:
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    server = serve(data_dir, cache)
    try:
        prepare(server)
        for iteration in range(iterations):
            load = asyncio.run(load_then_kill(server, rng.uniform(*window)))
            server.stop()
            assert load.acked, f"iteration {iteration}: no write was acknowledged before the kill"
            assert not {s for (_d, s) in load.statuses if s != 200}, load.statuses
            server = serve(data_dir)
            started = " ".join(server.log_tail(5).split())  # the console may wrap the line
            assert "(sqlite journal_mode=wal synchronous=full)" in started
            integrity, foreign = consistency.sqlite_integrity(data_dir / "kagami.sqlite3")
            assert integrity == "ok" and foreign == []
            assert verify(server, load.acked) == ({}, [])
    finally:
        server.stop()


def test_DU_1_sigkill_during_list_writes_on_sqlite_loses_no_acknowledged_write(
    tmp_path: Path, server_cache: Path
) -> None:
    _kill_runs(tmp_path, server_cache, iterations=1, seed=1, window=(0.1, 1.0))


@pytest.mark.slow
def test_DU_1_five_sigkills_at_random_moments_on_sqlite(tmp_path: Path, server_cache: Path) -> None:
    _kill_runs(tmp_path, server_cache, iterations=5, seed=5, window=(0.5, 3.0))
