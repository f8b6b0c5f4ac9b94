"""MAL detail answers from the detail cache: byte for byte the uncached answer, never stale."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.sql.util import find_tables

from kagami.app import create_app
from kagami.catalogue.models import Media
from kagami.community.models import Recommendation
from kagami.config import Settings
from kagami.db import Database
from kagami.dialects.mal import loaders
from kagami.dialects.mal.detail_cache import READ_TABLES
from kagami.dialects.mal.media_query import _by_mal_id
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.mal.conftest import BASE_URL, MalClient
from tests.dialects.mal.test_anime import FULL_DETAIL
from tests.factories import make_user

LIST_FORM = {"status": "completed", "score": "9", "priority": "1", "start_date": "2024-02-03"}
# The full set with my_list_status first, last, in the middle (with sub-fields) and absent.
ORDERS = (
    FULL_DETAIL,
    "my_list_status{start_date,priority,comments}," + FULL_DETAIL.replace(",my_list_status", ""),
    FULL_DETAIL.replace(",my_list_status", "") + ",my_list_status{tags}",
    FULL_DETAIL.replace(",my_list_status", ""),
    "synopsis,my_list_status,unknown_thing,statistics{num_list_users},id",
    "my_list_status",
)


@pytest.fixture
async def uncached(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """A second app on the same database with the detail cache off."""
    off = settings.model_copy(update={"public_base_url": BASE_URL, "mal_detail_cache_bytes": 0})
    transport = httpx.ASGITransport(app=create_app(off, database))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
async def reader(mal: MalClient, catalogue: Catalogue, database: Database) -> dict[str, str]:
    """A user with Cowboy Bebop on her list (written through MAL), and a recommendation of it."""
    async with database.session() as s:
        user = await make_user(s, name="reader")
        s.add(Recommendation(media_id=catalogue.bebop, media_recommendation_id=21, rating=3))
    headers: dict[str, str] = await mal.token_for(database, user.id)
    r = await mal.http.patch("/v2/anime/1/my_list_status", data=LIST_FORM, headers=headers)
    assert r.status_code == 200, r.text
    return headers


async def test_cached_detail_is_byte_for_byte_the_uncached_one(
    mal: MalClient, uncached: httpx.AsyncClient, reader: dict[str, str]
) -> None:
    for fields in ORDERS:
        for headers in (reader, mal.public):
            params = {"fields": fields}
            expected = await uncached.get("/v2/anime/1", params=params, headers=headers)
            assert expected.status_code == 200, expected.text
            for _ in range(2):  # a miss that fills the cache, then a hit
                r = await mal.get("/v2/anime/1", params=params, headers=headers)
                assert r.content == expected.content, fields
                assert r.headers["content-type"] == expected.headers["content-type"]
    r = await mal.get("/v2/anime/1", params={"fields": FULL_DETAIL}, headers=reader)
    assert r.json()["my_list_status"]["start_date"] == "2024-02-03"
    assert r.json()["recommendations"][0]["num_recommendations"] == 3
    assert (
        "my_list_status"
        not in (await mal.get("/v2/anime/1", params={"fields": FULL_DETAIL})).json()
    )


async def test_a_cache_hit_reads_only_the_token_and_the_callers_entry(
    mal: MalClient, reader: dict[str, str], sql_counter: Any
) -> None:
    params = {"fields": FULL_DETAIL}
    assert (await mal.get("/v2/anime/1", params=params, headers=reader)).status_code == 200
    with sql_counter() as counted:
        r = await mal.get("/v2/anime/1", params=params, headers=reader)
    assert r.status_code == 200
    assert counted.count == 2, str(counted)


async def test_list_writes_show_at_once_in_cached_details(
    mal: MalClient, database: Database, reader: dict[str, str]
) -> None:
    params = {"fields": "statistics,my_list_status,num_list_users"}
    before = (await mal.get("/v2/anime/1", params=params, headers=reader)).json()
    assert before["my_list_status"]["status"] == "completed"
    # Her own write, through MAL.
    form = {"status": "dropped", "score": "3"}
    await mal.http.patch("/v2/anime/1/my_list_status", data=form, headers=reader)
    mine = (await mal.get("/v2/anime/1", params=params, headers=reader)).json()
    assert mine["my_list_status"]["status"] == "dropped"
    assert mine["statistics"]["status"]["dropped"] == "1"
    assert mine["statistics"]["status"]["completed"] == "0"
    # Another user's write moves the public statistics she sees.
    async with database.session() as s:
        other = await make_user(s, name="other")
    other_headers = await mal.token_for(database, other.id)
    await mal.http.patch("/v2/anime/1/my_list_status", data=LIST_FORM, headers=other_headers)
    after = (await mal.get("/v2/anime/1", params=params, headers=reader)).json()
    assert after["statistics"]["num_list_users"] == before["statistics"]["num_list_users"] + 1
    assert after["num_list_users"] == before["num_list_users"] + 1
    assert after["my_list_status"]["status"] == "dropped"
    await mal.http.delete("/v2/anime/1/my_list_status", headers=reader)
    gone = (await mal.get("/v2/anime/1", params=params, headers=reader)).json()
    assert "my_list_status" not in gone
    assert gone["statistics"]["num_list_users"] == before["statistics"]["num_list_users"]


async def test_media_changes_show_at_once_in_cached_details(
    mal: MalClient, database: Database, catalogue: Catalogue
) -> None:
    params = {"fields": "alternative_titles,num_episodes"}
    assert (await mal.get("/v2/anime/1", params=params)).json()["title"] == "Cowboy Bebop"
    async with database.session() as s:  # an ORM write (as the services and importers make)
        media = await s.get(Media, catalogue.bebop)
        assert media is not None
        media.title_romaji = "Kaubōi Bibappu"
    assert (await mal.get("/v2/anime/1", params=params)).json()["title"] == "Kaubōi Bibappu"
    async with database.session() as s:  # a Core UPDATE (as the list counters make)
        await s.execute(sa.update(Media).where(Media.id == catalogue.bebop).values(episodes=27))
    assert (await mal.get("/v2/anime/1", params=params)).json()["num_episodes"] == 27


def test_the_write_watch_covers_every_table_a_detail_reads() -> None:
    prebuilt = {name for name in dir(loaders) if name.endswith("_statement")}
    assert len(loaders.statements()) == len(prebuilt)  # statements() names every one
    statements = [_by_mal_id(True), _by_mal_id(False), *loaders.statements()]
    read = {table.name for stmt in statements for table in find_tables(stmt, include_joins=True)}
    assert {"media", "list_entries", "recommendations", "media_relations", "studios"} <= read
    assert read <= READ_TABLES
