"""The load itself: virtual users sending the mix over loopback, latencies per class, and a
ledger of acknowledged writes for the final-state check."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.load.mix import MIX, Caller, Request, World, Write, accepted
from kagami.testing.processes import process_tree_cpu, worker_processes

SAMPLES = 5  # failure bodies kept per run, for the report


@dataclass
class Ledger:
    """Per entry: the last acknowledged write, and writes whose fate is unknown after it.

    Each caller writes only its own entries, one request at a time, so "last" is well
    defined. A write that failed or timed out may or may not have landed: the entry may
    hold it instead, until a later write is acknowledged.
    """

    acknowledged: dict[tuple[int, int], Write] = field(default_factory=dict)
    uncertain: dict[tuple[int, int], list[Write]] = field(default_factory=lambda: defaultdict(list))
    count: int = 0

    def settle(self, write: Write, ok: bool) -> None:
        """Record one write's outcome."""
        key = (write.user_id, write.media_id)
        if ok:
            self.acknowledged[key] = write
            self.uncertain.pop(key, None)
            self.count += 1
        else:
            self.uncertain[key].append(write)

    def lost(self, found: dict[tuple[int, int], tuple[int | None, str | None]]) -> list[str]:
        """Entries whose stored (progress, notes) is neither the last acknowledged write nor
        a later unsettled one."""
        problems = []
        for key, write in self.acknowledged.items():
            allowed = [(w.progress, w.notes) for w in (write, *self.uncertain.get(key, ()))]
            if found.get(key) not in allowed:
                problems.append(f"entry {key}: stored {found.get(key)}, acknowledged {allowed[0]}")
        return problems


@dataclass
class Stats:
    """What one load window saw."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)  # kind -> non-success answers
    transport_errors: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sent: int = 0  # every request, warm-up included
    worker_pids: set[int] = field(default_factory=set)  # uvicorn workers seen, restarts incl.
    cpu: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # CPU s by kind

    def note_failure(self, kind: str, text: str) -> None:
        """Count a failure of ``kind`` and keep the first few for the report."""
        self.failures[kind] += 1
        if len(self.samples) < SAMPLES:
            self.samples.append(f"{kind}: {text[:300]}")

    @property
    def requests(self) -> int:
        """Requests answered (whatever the answer) in the window."""
        return sum(len(v) for v in self.latencies.values())

    @property
    def server_errors(self) -> int:
        """5xx answers."""
        return sum(n for status, n in self.statuses.items() if status >= 500)


def _pick(rng: random.Random) -> Any:
    builders, weights = zip(*MIX, strict=True)
    return rng.choices(builders, weights=weights)[0]


async def _send(client: httpx.AsyncClient, request: Request) -> httpx.Response:
    return await client.request(
        request.method,
        request.path,
        headers=request.headers,
        json=request.json,
        data=request.data,
    )


async def _user(
    client: httpx.AsyncClient,
    world: World,
    caller: Caller,
    window: tuple[float, float],
    stats: Stats,
    ledger: Ledger,
    seed: int,
) -> None:
    """One virtual user: requests back to back until the window closes."""
    rng = random.Random(seed * 1000 + caller.index)
    start, stop = window
    seq = 0
    while (began := time.perf_counter()) < stop:
        seq += 1
        request = _pick(rng)(rng, world, caller, seq)
        measured = began >= start
        stats.sent += 1
        try:
            response = await _send(client, request)
        except httpx.TransportError as exc:
            if request.write is not None:
                ledger.settle(request.write, ok=False)
            if measured:
                stats.transport_errors[type(exc).__name__] += 1
                stats.note_failure(request.kind, f"{type(exc).__name__}: {exc}")
            continue
        ok = accepted(request, response)
        if request.write is not None:
            ledger.settle(request.write, ok)
        if not measured:
            continue
        stats.latencies[request.kind].append((time.perf_counter() - began) * 1000)
        stats.statuses[response.status_code] += 1
        if not ok:
            stats.note_failure(request.kind, f"{response.status_code} {response.text}")


async def run_load(
    base_url: str,
    world: World,
    window: tuple[float, float],
    ledger: Ledger,
    stats: Stats,
    processes: dict[str, int],
    seed: int = 1,
) -> None:
    """Every caller as one virtual user for ``warmup`` + ``seconds``, adding the latter's
    figures (and the CPU ``processes`` used then, by name) to ``stats``."""
    warmup, seconds = window
    limits = httpx.Limits(max_connections=len(world.callers), max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        now = time.perf_counter()
        bounds = (now + warmup, now + warmup + seconds)
        users = asyncio.gather(
            *(_user(client, world, c, bounds, stats, ledger, seed) for c in world.callers)
        )
        watch = asyncio.create_task(_watch_workers(processes["kagami"], stats.worker_pids))
        await asyncio.sleep(max(0.0, bounds[0] - time.perf_counter()))
        before = {name: process_tree_cpu(pid) for name, pid in processes.items()}
        client_cpu, began = time.process_time(), time.perf_counter()
        await users
        stats.seconds += time.perf_counter() - began
        stats.cpu["client"] += time.process_time() - client_cpu
        for name, pid in processes.items():
            stats.cpu[name] += process_tree_cpu(pid) - before[name]
        watch.cancel()


async def _watch_workers(supervisor: int, seen: set[int]) -> None:
    """Note the supervisor's worker processes every 0.2 s: more than ``--workers`` of them
    over a run means uvicorn restarted some (it kills a worker that misses health pings)."""
    while True:
        seen.update(worker_processes(supervisor))
        await asyncio.sleep(0.2)
