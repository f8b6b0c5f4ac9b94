"""Syncs on a timer: ``kagami sync --every 15m`` and the jobs ``kagami serve`` runs."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from kagami.config import Settings, SyncJob
from kagami.db import Database
from kagami.db.base import now_epoch
from kagami.jobs import in_background
from kagami.sync import cursors

if TYPE_CHECKING:
    from kagami.sync.engine import SyncReport

logger = logging.getLogger(__name__)
_INTERVAL = re.compile(r"(\d{1,7})\s*([smhd]?)")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> int:
    """``90``, ``30s``, ``15m``, ``2h``, ``1d`` as seconds; ValueError otherwise (or below 1 s)."""
    match = _INTERVAL.fullmatch(text.strip().lower())
    if match is None or int(match[1]) == 0:
        raise ValueError(f"not an interval: {text[:40]!r} (try 30s, 15m, 2h)")
    return int(match[1]) * _UNIT[match[2]]


async def run_job(database: Database, settings: Settings, job: SyncJob) -> SyncReport:
    """One configured sync, once (the HTTP client is imported here: most servers sync nothing)."""
    from kagami.sync.engine import run_sync
    from kagami.sync.remotes import open_remote

    remote = open_remote(job.remote, job.dialect, job.token, timeout=settings.sync_timeout_seconds)
    async with remote.client:
        return await run_sync(
            database, user_name=job.user, remote=remote, policy=settings.sync_conflict_policy
        )


async def _loop(database: Database, settings: Settings) -> None:
    """Every interval, each configured sync; one failing sync is logged, the others still run.

    With several server processes, only the one that claims a job in an interval runs it.
    """
    every = settings.sync_interval_seconds
    while True:
        await asyncio.sleep(every)
        for job in settings.sync_jobs:
            name = f"sync-job|{job.user}|{job.dialect}|{job.remote}"
            try:
                async with database.session() as session:  # one process per interval runs it
                    if not await cursors.claim(session, name, now_epoch(), max(1, every - 1)):
                        continue
                report = await run_job(database, settings, job)
            except Exception as exc:  # a remote's failure must not end the server's loop
                logger.warning("sync of %s with %s failed: %s", job.user, job.remote, exc)
                continue
            logger.info(
                "sync of %s with %s: %s", job.user, job.remote, dict(report.done) or "no changes"
            )


@asynccontextmanager
async def scheduled_syncs(database: Database, settings: Settings) -> AsyncIterator[None]:
    """While open, the configured syncs run in the background (not at all when none or 0)."""
    if not settings.sync_jobs or settings.sync_interval_seconds <= 0:
        yield
        return
    async with in_background(_loop(database, settings), "kagami-scheduled-syncs"):
        yield
