"""Page.users sorted by watched time / chapters read: the public figures statistics show."""

from __future__ import annotations

from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.db import Database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_media, make_user

SAVE = """mutation ($mediaId: Int, $status: MediaListStatus, $progress: Int, $repeat: Int,
  $private: Boolean) { SaveMediaListEntry(mediaId: $mediaId, status: $status,
  progress: $progress, repeat: $repeat, private: $private) { id } }"""
SORTED = """query ($sort: [UserSort]) { Page { users(sort: $sort) { name
  statistics { anime { minutesWatched } manga { chaptersRead } } } } }"""


async def _save(gql: GraphQLClient, database: Database, user_id: int, **entry: Any) -> None:
    headers = await bearer(gql, database, user_id)
    await gql.data(SAVE, entry, **headers)


async def test_watched_time_and_chapters_sorts_count_rewatches_but_not_private_or_planning(
    gql: GraphQLClient, database: Database
) -> None:
    async with database.session() as s:
        show = await make_media(s, episodes=10, duration=20)
        book = await make_media(s, type=MediaType.MANGA, chapters=30)
        ids = {n: (await make_user(s, name=n)).id for n in ("pub", "priv", "rewatch", "plan")}
    await _save(gql, database, ids["pub"], mediaId=show.id, status="CURRENT", progress=5)
    await _save(gql, database, ids["pub"], mediaId=book.id, status="CURRENT", progress=7)
    await _save(
        gql, database, ids["priv"], mediaId=show.id, status="CURRENT", progress=9, private=True
    )
    await _save(gql, database, ids["priv"], mediaId=book.id, status="CURRENT", progress=29)
    await _save(
        gql, database, ids["rewatch"], mediaId=show.id, status="REPEATING", progress=2, repeat=1
    )
    await _save(
        gql, database, ids["rewatch"], mediaId=book.id, status="CURRENT", progress=1, repeat=1
    )
    await _save(gql, database, ids["plan"], mediaId=show.id, status="PLANNING", progress=8)
    await _save(gql, database, ids["plan"], mediaId=book.id, status="PLANNING", progress=25)

    async def order(sort: str) -> list[tuple[str, int, int]]:
        users = (await gql.data(SORTED, {"sort": [sort, "ID"]}))["Page"]["users"]
        return [
            (
                u["name"],
                u["statistics"]["anime"]["minutesWatched"],
                u["statistics"]["manga"]["chaptersRead"],
            )
            for u in users
        ]

    # Minutes: rewatch (2 + 1 x 10) x 20 = 240, pub 100, priv 0 (private), plan 0 (PLANNING).
    assert await order("WATCHED_TIME_DESC") == [
        ("rewatch", 240, 31),
        ("pub", 100, 7),
        ("priv", 0, 29),
        ("plan", 0, 0),
    ]
    assert await order("CHAPTERS_READ_DESC") == [
        ("rewatch", 240, 31),
        ("priv", 0, 29),
        ("pub", 100, 7),
        ("plan", 0, 0),
    ]
