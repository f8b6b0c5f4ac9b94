"""Scheduled syncs: ``--every`` intervals, and the syncs ``kagami serve`` runs by itself."""

from __future__ import annotations

import asyncio

import pytest

from kagami.app import create_app
from kagami.config import SyncJob
from kagami.db import Database
from kagami.sync import cursors
from kagami.sync.schedule import parse_interval
from tests.sync.helpers import RemoteList, local_entries
from tests.sync.remote import Remote


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400)]
)
def test_intervals_read_with_their_unit(text: str, seconds: int) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "15x", "-5m", "m", "9" * 12])
def test_a_malformed_interval_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not an interval"):
        parse_interval(text)


async def test_the_server_runs_the_configured_syncs_periodically(
    local: Database, remote: Remote
) -> None:
    _, token = remote.take_user()
    await RemoteList(remote.url, token).save(20, "CURRENT", 4)
    job = SyncJob(user="alice", remote=remote.url, dialect="anilist", token=token)
    settings = local.settings.model_copy(
        update={"sync_jobs": [job], "sync_interval_seconds": 1, "jobs_interval_seconds": 0}
    )
    app = create_app(settings, local)

    async with app.router.lifespan_context(app):
        for _ in range(100):
            if await local_entries(local):
                break
            await asyncio.sleep(0.1)

    assert await local_entries(local) == {20: ("CURRENT", 4, 0)}


async def test_one_process_per_interval_claims_a_scheduled_sync(local: Database) -> None:
    async with local.session() as s:
        first = await cursors.claim(s, "sync-job|alice", 1000, 60)
    async with local.session() as s:
        second = await cursors.claim(s, "sync-job|alice", 1010, 60)  # another process
    async with local.session() as s:
        later = await cursors.claim(s, "sync-job|alice", 1060, 60)
    assert (first, second, later) == (True, False, True)
