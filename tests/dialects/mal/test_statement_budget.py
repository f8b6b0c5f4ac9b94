"""MAL v2 reads run a fixed number of SQL statements, whatever the page or list size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from tests.dialects.anilist_graphql.catalogue import Catalogue, build_bulk
from tests.dialects.mal.conftest import MalClient
from tests.dialects.mal.test_anime import FULL_DETAIL
from tests.factories import make_user

LIST_FIELDS = (
    "list_status{priority,tags},alternative_titles,start_date,mean,rank,popularity,genres,"
    "studios,media_type,status,num_episodes,start_season,my_list_status"
)


async def test_full_detail_is_a_fixed_number_of_statements(
    mal: MalClient,
    catalogue: Catalogue,
    user_headers: dict[str, str],
    sql_counter: Callable[..., Any],
) -> None:
    with sql_counter() as counted:
        r = await mal.get("/v2/anime/1", params={"fields": FULL_DETAIL}, headers=user_headers)
    assert r.status_code == 200
    # token + media + genres, studios, statistics, recommendations, relations, ranks, entry.
    assert counted.count <= 9, str(counted)


async def test_user_list_statements_do_not_grow_with_its_length(
    mal: MalClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    await build_bulk(database, media=40, characters_per_media=0)
    async with database.session() as s:
        user = await make_user(s, name="reader")
        for m in range(40):
            s.add(
                ListEntry(
                    user_id=user.id,
                    media_id=10_000 + m,
                    media_type="ANIME",
                    status=MediaListStatus.CURRENT,
                )
            )
    headers = await mal.token_for(database, user.id)
    counts = []
    for limit in (1, 10, 40):
        params = {"fields": LIST_FIELDS, "limit": str(limit)}
        with sql_counter() as counted:
            r = await mal.get("/v2/users/@me/animelist", params=params, headers=headers)
        assert len(r.json()["data"]) == limit
        counts.append(counted.count)
    assert len(set(counts)) == 1 and counts[0] <= 7, counts
