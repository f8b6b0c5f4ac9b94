"""A probe for how long the event loop is held up by other work while requests run."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

INTERVAL = 0.005


@dataclass
class LoopLag:
    """Worst lateness of a 5 ms sleep, as event-loop thread CPU time and as wall time.

    ``cpu`` is what this process's loop thread spent running something else meanwhile: the
    stall other requests would see. ``wall`` also counts time the OS gave the CPU to
    other processes, so on a shared machine it is reported, not asserted.
    """

    cpu: float = 0.0
    wall: float = 0.0


@asynccontextmanager
async def loop_lag_probe() -> AsyncIterator[LoopLag]:
    """Sleep 5 ms in a loop beside the block; yields the worst lateness seen so far."""
    lag = LoopLag()
    running = True

    async def probe() -> None:
        while running:
            wall, cpu = time.perf_counter(), time.thread_time()
            await asyncio.sleep(INTERVAL)
            lag.cpu = max(lag.cpu, time.thread_time() - cpu)
            lag.wall = max(lag.wall, time.perf_counter() - wall - INTERVAL)

    task = asyncio.create_task(probe())
    try:
        yield lag
    finally:
        running = False
        await task
