"""The server's periodic-jobs loop: it runs the jobs in the background, and stops with the app."""

from __future__ import annotations

import asyncio

from kagami.db import Database
from kagami.db.meta import get_meta
from kagami.jobs import periodic_jobs
from kagami.social.airing_job import WATERMARK


async def _watermark(database: Database) -> str | None:
    async with database.session() as s:
        return await get_meta(s, WATERMARK)


async def test_periodic_jobs_run_in_the_background_until_closed(database: Database) -> None:
    async with periodic_jobs(database, 1):
        for _ in range(100):  # up to 10 s on a loaded machine; one run sets the watermark
            if await _watermark(database) is not None:
                break
            await asyncio.sleep(0.1)
    assert await _watermark(database) is not None


async def test_interval_zero_runs_nothing(database: Database) -> None:
    async with periodic_jobs(database, 0):
        await asyncio.sleep(0)
    assert await _watermark(database) is None
