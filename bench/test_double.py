"""Benchmark Kagami as a test double, through the pytest plugin as an app's suite uses it.

Run ``uv run pytest -q -n0 bench/test_double.py`` (twice: the first run on a machine builds the
catalogue template in pytest's cache dir, and the server's bytecode when the environment sets
``PYTHONDONTWRITEBYTECODE``; later runs reuse both). Writes
``bench/results/double.json``: wall and CPU seconds from the ``kagami_server`` fixture's start
to the first answered request (goal <= 3 s), and per-test restore of the ``base`` snapshot
through ``kagami_fresh``'s reset (goal <= 0.5 s) with the tiny tier seeded (goal <= 1 s).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from kagami.testing.harness import KagamiServer, template_key

RESULTS: dict[str, Any] = {}
OUT = Path(__file__).parent / "results" / "double.json"
RESTORES = 15


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux ``/proc``), for a figure load cannot skew."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_server_start_to_first_answer(request: pytest.FixtureRequest) -> None:
    cache = request.config.cache
    warm = cache is not None and any(
        p.name.endswith(f"{template_key()}.sqlite3") for p in cache.mkdir("kagami").glob("*")
    )
    compiled = cache is not None and (cache.mkdir("kagami") / "pycache").is_dir()
    started, cpu_before = time.perf_counter(), time.process_time()
    server: KagamiServer = request.getfixturevalue("kagami_server")
    answer = httpx.get(f"{server.url}/healthz")
    wall = time.perf_counter() - started
    assert answer.status_code == 200
    RESULTS["start"] = {
        "catalogue_template_cached": warm,
        "bytecode_cached": compiled,
        "wall_seconds": round(wall, 3),
        "server_cpu_seconds": round(_cpu_seconds(server.process.pid), 3),
        "test_process_cpu_seconds": round(time.process_time() - cpu_before, 3),
        "media": answer.json()["catalogue"]["media"],
        "goal_seconds": 3.0,
    }


def _restores(server: KagamiServer) -> list[float]:
    times = []
    for _ in range(RESTORES):
        started = time.perf_counter()
        server.reset("base")
        times.append(time.perf_counter() - started)
    return times


def _summary(times: list[float], goal: float) -> dict[str, Any]:
    return {
        "runs": len(times),
        "p50_seconds": round(statistics.median(times), 3),
        "max_seconds": round(max(times), 3),
        "goal_seconds": goal,
    }


def test_per_test_restore(kagami_server: KagamiServer) -> None:
    kagami_server.load({"users": [{"name": "bench_user", "password": "bench-password-1"}]})
    size = (kagami_server.data_dir / "snapshots" / "base.sqlite3").stat().st_size
    RESULTS["restore"] = {**_summary(_restores(kagami_server), 0.5), "database_bytes": size}


def test_restore_with_the_tiny_tier(kagami_server: KagamiServer) -> None:
    env = {**kagami_server.env, "KAGAMI_LOG_LEVEL": "error"}
    seeded = subprocess.run(
        [sys.executable, "-m", "kagami", "seed", "--tier", "tiny"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    kagami_server.snapshot("tiny")
    size = (kagami_server.data_dir / "snapshots" / "tiny.sqlite3").stat().st_size
    times = []
    for _ in range(RESTORES):
        started = time.perf_counter()
        kagami_server.reset("tiny")
        times.append(time.perf_counter() - started)
    RESULTS["restore_tiny_tier"] = {**_summary(times, 1.0), "database_bytes": size}
    kagami_server.reset("base")


def teardown_module() -> None:
    """Write what was measured, with the load the machine was under."""
    OUT.parent.mkdir(exist_ok=True)
    RESULTS["machine"] = {"cpus": os.cpu_count(), "load_average_1m": os.getloadavg()[0]}
    OUT.write_text(json.dumps(RESULTS, indent=2) + "\n")
    print(json.dumps(RESULTS, indent=2))
