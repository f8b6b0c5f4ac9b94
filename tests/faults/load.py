"""A list-write load through all three dialects that remembers only acknowledged writes.

Each dialect's writers own their own media and write rising ``progress`` values to them,
so the stored value of a media must be at least the last one answered with 200: a write
the server acknowledged is durable however the run ends (SECURITY.md DU-1/2/3).
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from kagami.db import Database
from kagami.lists.models import ListEntry
from kagami.testing.harness import KagamiServer, start_server
from tests.factories import make_media
from tests.faults import consistency

USER = "crash"
CLIENT_ID = 9301
MAL_CLIENT_ID = "5a" * 16
TOKENS = {
    "graphql": "du-graphql-token-0123456789",
    "v1": "du-anilist-v1-token-0123456789",
    "mal": "du-mal-token-0123456789abcdef",
}
_TOKEN_DIALECT = {"graphql": "anilist", "v1": "anilist_v1", "mal": "mal"}
DIALECTS = tuple(TOKENS)
MEDIA_PER_DIALECT = 4
FIRST_MEDIA = 1001
SAVE = "mutation ($m: Int, $p: Int) { SaveMediaListEntry(mediaId: $m, progress: $p) { progress } }"
# A transport failure: the server was killed, or is not listening (yet/again).
GONE = (httpx.TransportError,)


def serve(
    data_dir: Path, cache: Path | None = None, args: Sequence[str] = (), **env: str
) -> KagamiServer:
    """`kagami serve` for a fault test: no catalogue, and a rate limit the load never meets
    (its writers are one user, far over AniList's 90 a minute)."""
    extra = {"KAGAMI_RATE_LIMIT": "1000000/minute", **env}
    return start_server(data_dir, catalogue=False, cache_dir=cache, extra_env=extra, args=args)


def fixture_spec() -> dict[str, Any]:
    """One user, an OAuth client of theirs, and a fixed token per dialect."""
    tokens = [
        {"user": USER, "client": CLIENT_ID, "dialect": _TOKEN_DIALECT[d], "value": v}
        for d, v in TOKENS.items()
    ]
    client = {"name": "DU load", "owner": USER, "id": CLIENT_ID, "mal_client_id": MAL_CLIENT_ID}
    return {"users": [{"name": USER}], "clients": [client], "tokens": tokens}


def media_of(dialect: str) -> list[int]:
    """The media one dialect's writers own."""
    start = FIRST_MEDIA + DIALECTS.index(dialect) * MEDIA_PER_DIALECT
    return list(range(start, start + MEDIA_PER_DIALECT))


async def add_media(database: Database) -> None:
    """The anime every writer writes to (no episode count: any progress is valid)."""
    async with database.session() as session:
        for dialect in DIALECTS:
            for media_id in media_of(dialect):
                await make_media(session, id=media_id, id_mal=media_id)


def prepare(server: KagamiServer) -> None:
    """Load the user, client, tokens and media into a fresh server (from a sync test)."""
    server.load(fixture_spec())
    asyncio.run(with_database(server, add_media))


async def with_database(server: KagamiServer, work: Callable[[Database], Awaitable[Any]]) -> Any:
    """``work(database)`` on the server's database, opened from the test process."""
    database = Database(server.settings())
    try:
        return await work(database)
    finally:
        await database.dispose()


def write_request(client: httpx.AsyncClient, dialect: str, media_id: int, progress: int) -> Any:
    """The request setting ``progress`` on ``media_id`` through ``dialect``."""
    auth = {"Authorization": f"Bearer {TOKENS[dialect]}"}
    if dialect == "graphql":
        body = {"query": SAVE, "variables": {"m": media_id, "p": progress}}
        return client.post("/graphql", json=body, headers=auth)
    if dialect == "mal":
        data = {"num_watched_episodes": str(progress), "status": "watching"}
        return client.patch(f"/v2/anime/{media_id}/my_list_status", data=data, headers=auth)
    data = {"id": str(media_id), "episodes_watched": str(progress), "list_status": "watching"}
    return client.post("/api/animelist", data=data, headers=auth)


def stored_progress(dialect: str, body: Any) -> int | None:
    """The progress a 200 answer says was saved."""
    if dialect == "graphql":
        return int(body["data"]["SaveMediaListEntry"]["progress"])
    return int(body["num_episodes_watched" if dialect == "mal" else "episodes_watched"])


@dataclass
class WriteLoad:
    """Writers per dialect until stopped; ``acked[media] = highest progress answered 200``."""

    url: str
    writers_per_dialect: int = 2
    acked: dict[int, int] = field(default_factory=dict)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    answers: list[tuple[float, str, int, float]] = field(default_factory=list)
    warm: asyncio.Event = field(default_factory=asyncio.Event)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _round: int = 0

    async def start_warm(self, within: float = 60) -> asyncio.Task[None]:
        """Start writing; return once every dialect had a write acknowledged (first calls
        build schemas and caches: a kill before them would test the start, not the load)."""
        running = asyncio.create_task(self.run())
        await asyncio.wait_for(self.warm.wait(), within)
        return running

    def stop(self) -> None:
        """Ask every writer to finish its current request and stop."""
        self._stop.set()

    async def run(self, *, keep_going_when_gone: bool = False) -> None:
        """Write until stopped (or, unless ``keep_going_when_gone``, the server is gone)."""
        async with httpx.AsyncClient(base_url=self.url, timeout=30) as client:
            tasks = [
                self._writer(client, dialect, worker, keep_going_when_gone)
                for dialect in DIALECTS
                for worker in range(self.writers_per_dialect)
            ]
            await asyncio.gather(*tasks)

    async def _writer(
        self, client: httpx.AsyncClient, dialect: str, worker: int, keep_going: bool
    ) -> None:
        media = media_of(dialect)[worker :: self.writers_per_dialect]
        while not self._stop.is_set():
            for media_id in media:
                self._round += 1  # rising across all writers: a later write has a higher value
                progress = self._round
                started = time.monotonic()
                try:
                    response = await write_request(client, dialect, media_id, progress)
                except GONE:
                    if not keep_going:
                        return
                    await asyncio.sleep(0.05)
                    continue
                elapsed = time.monotonic() - started
                self.statuses[(dialect, response.status_code)] += 1
                self.answers.append((started, dialect, response.status_code, elapsed))
                if response.status_code == 200:
                    assert stored_progress(dialect, response.json()) == progress, response.text
                    self.acked[media_id] = max(self.acked.get(media_id, 0), progress)
                    if {d for (d, status) in self.statuses if status == 200} == set(DIALECTS):
                        self.warm.set()
                else:
                    await asyncio.sleep(0.05)  # as a client honouring Retry-After would, briefly

    def acked_count(self) -> int:
        """How many writes were answered 200."""
        return sum(n for (_d, status), n in self.statuses.items() if status == 200)


async def stored(database: Database) -> dict[int, int]:
    """The stored progress of every list entry, by media."""
    async with database.session() as session:
        rows = await session.execute(sa.select(ListEntry.media_id, ListEntry.progress))
        return {media: progress for media, progress in rows}


async def lost_writes(database: Database, acked: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Media whose stored progress is below the last acknowledged one: {media: (acked, stored)}."""
    now = await stored(database)
    return {
        media: (value, now.get(media, 0))
        for media, value in acked.items()
        if now.get(media, 0) < value
    }


async def load_then_kill(server: KagamiServer, after: float) -> WriteLoad:
    """Run the write load and SIGKILL the server ``after`` seconds into it (once warm)."""
    load = WriteLoad(server.url)
    running = await load.start_warm()
    await asyncio.sleep(after)
    os.kill(server.process.pid, signal.SIGKILL)
    await asyncio.wait_for(running, 30)
    return load


Lost = dict[int, tuple[int, int]]  # media -> (acknowledged progress, stored progress)


def verify(server: KagamiServer, acked: dict[int, int]) -> tuple[Lost, list[str]]:
    """Lost acknowledged writes and consistency violations on the server's database."""

    async def both(database: Database) -> tuple[Lost, list[str]]:
        return await lost_writes(database, acked), await consistency.violations(database)

    result: tuple[Lost, list[str]] = asyncio.run(with_database(server, both))
    return result
