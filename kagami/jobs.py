"""Periodic jobs: run once (``kagami jobs run``) or every few seconds inside the server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager, suppress
from typing import Any

from kagami.db import Database
from kagami.social.airing_job import notify_aired
from kagami.social.related_job import notify_related_additions

logger = logging.getLogger(__name__)


async def run_jobs(database: Database) -> dict[str, int]:
    """Every periodic job once, each in its own transaction; what each did."""
    async with database.session() as session:
        airing = await notify_aired(session)
    async with database.session() as session:
        related = await notify_related_additions(session)
    return {"airing_notifications": airing, "related_media_notifications": related}


async def _loop(database: Database, interval: int) -> None:
    """Run the jobs every ``interval`` seconds; a failing run is logged, the loop goes on."""
    while True:
        await asyncio.sleep(interval)
        try:
            await run_jobs(database)
        except Exception:  # a job's bug must not end the server's loop
            logger.exception("periodic jobs failed")


@asynccontextmanager
async def in_background(loop: Coroutine[Any, Any, None], name: str) -> AsyncIterator[None]:
    """Run ``loop`` as a task while the context is open; cancel it and wait on exit."""
    task = asyncio.create_task(loop, name=name)
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


@asynccontextmanager
async def periodic_jobs(database: Database, interval: int) -> AsyncIterator[None]:
    """While the context is open, the jobs run in the background (not at all when 0)."""
    if interval <= 0:
        yield
        return
    async with in_background(_loop(database, interval), "kagami-periodic-jobs"):
        yield
