"""`kagami serve --workers N`: the supervisor keeps a worker that is only slow to answer."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import httpx

from kagami.testing.harness import start_server
from kagami.testing.processes import worker_processes


def test_worker_paused_past_uvicorns_5_s_health_check_is_not_killed(tmp_path: Path) -> None:
    # A worker that gets no CPU for a while (a loaded machine, a long pause) misses the
    # supervisor's health pings; uvicorn's default gives it 5 s, then kills it with every
    # request it was serving (clients see the connection drop, writes in flight unknown).
    server = start_server(
        tmp_path, catalogue=False, args=["--workers", "2"],
        extra_env={"KAGAMI_LOG_LEVEL": "info"},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while (
            len(before := worker_processes(server.process.pid)) < 2 and time.monotonic() < deadline
        ):
            time.sleep(0.1)
        paused = min(before)
        os.kill(paused, signal.SIGSTOP)
        try:
            time.sleep(7)
        finally:
            with contextlib.suppress(ProcessLookupError):  # killed: the assertion says so
                os.kill(paused, signal.SIGCONT)
        time.sleep(1.5)  # a few more supervisor rounds
        assert worker_processes(server.process.pid) == before, server.log_tail()
        assert httpx.get(f"{server.url}/healthz", timeout=30).status_code == 200
    finally:
        server.stop()
