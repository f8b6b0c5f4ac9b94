"""The load's data: a catalogue sample read through the API, users with a token per dialect
loaded as a fixture file, and the stored entries read back for the final-state check."""

from __future__ import annotations

import asyncio
import random
import re
from typing import Any

import httpx
import sqlalchemy as sa

from bench.load.mix import Caller, Media, World
from kagami.testing.harness import KagamiServer

CLIENT_ID = 90_001
MAL_CLIENT_ID = "10ad10ad10ad10ad10ad10ad10ad10ad"
WRITES_PER_CALLER = 6
ENTRIES_PER_CALLER = 40
_SAMPLE = """query ($page: Int) { Page(page: $page, perPage: 50) {
  media(type: ANIME, sort: ID) { id idMal title { romaji } } } }"""


def sample_catalogue(server: KagamiServer, pages: int = 4) -> tuple[list[Media], list[str]]:
    """The first ``pages`` × 50 anime that have a MyAnimeList id, and words of their titles."""
    media: list[Media] = []
    words: set[str] = set()
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for page in range(1, pages + 1):
            response = client.post("/", json={"query": _SAMPLE, "variables": {"page": page}})
            for item in response.json()["data"]["Page"]["media"]:
                if item["idMal"]:
                    media.append(Media(item["id"], item["idMal"]))
                words.update(
                    w.lower() for w in re.findall(r"[A-Za-z]{4,}", item["title"]["romaji"])
                )
    if len(media) < ENTRIES_PER_CALLER:
        raise SystemExit(f"the catalogue holds only {len(media)} anime with a MAL id")
    return media, sorted(words)


def _token(name: str, dialect: str) -> str:
    return f"{name}-{dialect}-bench-token-0123456789"


def fixtures(media: list[Media], callers: int, seed: int = 7) -> dict[str, Any]:
    """``callers`` users, each with a list of ``ENTRIES_PER_CALLER`` anime (the first
    ``WRITES_PER_CALLER`` of them being written during the load) and three tokens."""
    rng = random.Random(seed)
    users = []
    for i in range(callers):
        chosen = rng.sample(media, ENTRIES_PER_CALLER)
        entries = [
            {"media": m.id, "status": "watching" if n < WRITES_PER_CALLER else "completed",
             "progress": 0 if n < WRITES_PER_CALLER else rng.randint(1, 26),
             "score": rng.randint(0, 10)}
            for n, m in enumerate(chosen)
        ]  # fmt: skip
        users.append({"name": _name(i), "password": "load-bench-password", "entries": entries})
    client = {
        "name": "Load bench",
        "owner": _name(0),
        "id": CLIENT_ID,
        "mal_client_id": MAL_CLIENT_ID,
        "secret": "load-bench-secret-0123456789",
        "redirect_uris": ["http://127.0.0.1/callback"],
    }
    tokens = [
        {
            "user": _name(i),
            "client": CLIENT_ID,
            "dialect": dialect,
            "value": _token(_name(i), dialect),
        }
        for i in range(callers)
        for dialect in ("anilist", "anilist_v1", "mal")
    ]
    return {"users": users, "clients": [client], "tokens": tokens}


def _name(i: int) -> str:
    return f"load{i:03d}"


def world(
    spec: dict[str, Any], user_ids: dict[str, int], media: list[Media], words: list[str]
) -> World:
    """The callers the fixture file made, with the entries each one writes."""
    by_id = {m.id: m for m in media}
    callers = []
    for i, user in enumerate(spec["users"]):
        name = user["name"]
        writes = tuple(by_id[e["media"]] for e in user["entries"][:WRITES_PER_CALLER])
        callers.append(
            Caller(
                index=i,
                user_id=user_ids[name],
                name=name,
                anilist=_token(name, "anilist"),
                v1=_token(name, "anilist_v1"),
                mal=_token(name, "mal"),
                writes=writes,
            )
        )
    return World(tuple(media), tuple(words), tuple(callers))


def stored_entries(
    server: KagamiServer, user_ids: list[int]
) -> dict[tuple[int, int], tuple[Any, Any]]:
    """(progress, notes) of every list entry of ``user_ids``, read from the database."""
    from kagami.db import Database
    from kagami.lists.models import ListEntry

    async def read() -> dict[tuple[int, int], tuple[Any, Any]]:
        database = Database(server.settings())
        try:
            async with database.session() as session:
                rows = await session.execute(
                    sa.select(
                        ListEntry.user_id, ListEntry.media_id, ListEntry.progress, ListEntry.notes
                    ).where(ListEntry.user_id.in_(user_ids))
                )
                return {(u, m): (p, n) for u, m, p, n in rows}
        finally:
            await database.dispose()

    return asyncio.run(read())
