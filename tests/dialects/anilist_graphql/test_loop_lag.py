"""Heavy reads never hold up the other requests of the process (the event loop)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from tests.dialects.anilist_graphql.lists_data import build_big_list
from tests.support.loop_lag import LoopLag, loop_lag_probe

ENTRIES = 5000
COLLECTION = """query ($id: Int) { MediaListCollection(userId: $id, type: ANIME) {
  lists { name entries { id mediaId status score progress updatedAt
  media { id title { userPreferred } coverImage { large } format episodes } } } } }"""
STATISTICS = """query ($id: Int) { User(id: $id) { statistics { anime { count meanScore
  standardDeviation minutesWatched episodesWatched formats { format count meanScore mediaIds }
  statuses { status count mediaIds } scores { score count mediaIds } lengths { length count }
  releaseYears { releaseYear count } genres { genre count } } } } }"""
SEARCH = """{ Page(perPage: 50) { pageInfo { total }
  media(search: "show 1", sort: SEARCH_MATCH) { id title { romaji } } } }"""
SMALL = "query ($id: Int) { Media(id: $id) { id title { romaji english native } } }"


async def test_heavy_reads_never_stall_the_event_loop_for_50ms(
    settings: Settings, database: Database
) -> None:
    user_id = await build_big_list(database, ENTRIES)
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test", timeout=120) as client,
    ):

        async def post(query: str, variables: dict[str, Any] | None = None) -> Any:
            response = await client.post("/", json={"query": query, "variables": variables})
            assert response.status_code == 200, response.text[:500]
            return response.json()["data"]

        heavy = [(COLLECTION, {"id": user_id}), (STATISTICS, {"id": user_id}), (SEARCH, None)]
        for query, variables in [*heavy, (SMALL, {"id": 1})]:  # warm caches and the pool
            await post(query, variables)

        async def small() -> None:
            for media_id in range(1, 31):
                assert (await post(SMALL, {"id": media_id}))["Media"]["id"] == media_id

        # Thread CPU time still grows when another process (the other pytest-xdist worker,
        # PostgreSQL) shares the core: a stall is counted only if it shows in every one of
        # three rounds, so a real regression fails and a noisy neighbour does not.
        lags: list[LoopLag] = []
        for _ in range(3):
            async with loop_lag_probe() as lag:
                collection, statistics, search, *_ = await asyncio.gather(
                    *(post(q, v) for q, v in heavy), small(), small()
                )
            lags.append(lag)
            if lag.cpu < 0.05:
                break
    entries = sum(len(group["entries"]) for group in collection["MediaListCollection"]["lists"])
    assert entries == ENTRIES
    assert statistics["User"]["statistics"]["anime"]["count"] > ENTRIES // 2  # not PLANNING
    assert search["Page"]["pageInfo"]["total"] > 0
    assert min(lag.cpu for lag in lags) < 0.05, lags
