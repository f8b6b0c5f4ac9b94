"""PostgreSQL faults under a list-write load through all three dialects (SECURITY.md DU-2,
DU-3, DU-5): PostgreSQL stopped or killed, Kagami killed; no acknowledged write lost,
derived rows consistent, 503 with ``Retry-After`` while the database is away, never a 500,
and recovery without restarting Kagami.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from tests.faults.load import WriteLoad, load_then_kill, verify
from tests.faults.pg_stack import Stack, kill_postgres, pg_stack

pytestmark = pytest.mark.postgres
# A request may take this long while PostgreSQL goes away or comes back (DU-5: <= 5 s).
MAX_OUTAGE_ANSWER_SECONDS = 5.0


async def _wait_for_writes(load: WriteLoad, since: float, within: float = 30) -> None:
    """Until the load has a write acknowledged after ``since`` (monotonic time)."""
    deadline = time.monotonic() + within
    while not any(s == 200 and t >= since for t, _d, s, _e in load.answers):
        assert time.monotonic() < deadline, f"writes did not resume: {load.statuses}"
        await asyncio.sleep(0.05)


async def _outage(stack: Stack, *, kill: bool) -> tuple[WriteLoad, dict[str, object]]:
    """Stop (or SIGKILL) PostgreSQL mid-load, watch Kagami while it is down, start it again."""
    load = WriteLoad(stack.server.url)
    running = await load.start_warm()
    await asyncio.sleep(0.3)
    down_at = time.monotonic()
    await asyncio.to_thread(kill_postgres if kill else lambda c: c.halt("fast"), stack.cluster)
    seen: dict[str, object] = {}
    async with httpx.AsyncClient(base_url=stack.server.url, timeout=30) as client:
        await asyncio.sleep(0.5)
        started = time.monotonic()
        ready, health = await client.get("/readyz"), await client.get("/healthz")
        seen["probe_seconds"] = time.monotonic() - started
        seen["readyz"] = (ready.status_code, ready.headers.get("Retry-After"))
        seen["healthz"] = (health.status_code, health.json()["database"]["status"])
        up_at = time.monotonic()
        await asyncio.to_thread(stack.cluster.launch)
        await _wait_for_writes(load, since=time.monotonic())
        seen["readyz_after"] = (await client.get("/readyz")).status_code
    load.stop()
    await running
    seen["first_503_after"] = min(
        (t - down_at for t, _d, s, _e in load.answers if s == 503 and t >= down_at), default=None
    )
    seen["slowest_outage_answer"] = max(
        (e for t, _d, _s, e in load.answers if down_at - 1 <= t <= up_at), default=0.0
    )
    return load, seen


def _assert_outage_was_clean(load: WriteLoad, seen: dict[str, object]) -> None:
    assert {s for (_d, s) in load.statuses} <= {200, 503}, load.statuses  # no 500 storm
    assert {d for (d, s) in load.statuses if s == 503} == {"graphql", "mal", "v1"}, load.statuses
    assert seen["readyz"][0] == 503 and str(seen["readyz"][1]).isdigit(), seen  # type: ignore[index]
    assert seen["healthz"] == (200, "unavailable"), seen
    assert seen["readyz_after"] == 200, seen
    assert seen["first_503_after"] is not None, seen
    assert float(seen["first_503_after"]) <= MAX_OUTAGE_ANSWER_SECONDS, seen  # type: ignore[arg-type]
    assert float(seen["slowest_outage_answer"]) <= MAX_OUTAGE_ANSWER_SECONDS, seen  # type: ignore[arg-type]


def test_DU_5_postgres_restart_mid_load_is_503_with_retry_after_then_recovers(
    tmp_path: Path,
) -> None:
    with pg_stack(tmp_path) as stack:
        load, seen = asyncio.run(_outage(stack, kill=False))
        _assert_outage_was_clean(load, seen)
        assert stack.server.process.poll() is None  # recovered without a restart of Kagami
        assert verify(stack.server, load.acked) == ({}, [])


def test_DU_2_sigkill_of_postgres_then_of_kagami_loses_no_acknowledged_write(
    tmp_path: Path,
) -> None:
    with pg_stack(tmp_path) as stack:
        load, seen = asyncio.run(_outage(stack, kill=True))
        _assert_outage_was_clean(load, seen)
        assert verify(stack.server, load.acked) == ({}, [])
        killed = asyncio.run(load_then_kill(stack.server, 0.5))
        stack.restart_kagami()
        started = " ".join(stack.server.log_tail(5).split())
        assert "(postgresql fsync=on synchronous_commit=on)" in started
        assert killed.acked and {s for (_d, s) in killed.statuses} == {200}, killed.statuses
        assert verify(stack.server, killed.acked) == ({}, [])
