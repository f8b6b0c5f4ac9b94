"""MediaListCollection grouping and order, MediaList.score(format:), Page.mediaList, User."""

from __future__ import annotations

import pytest

from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.lists_data import build_lists

COLLECTION = """query ($id: Int, $name: String, $force: Boolean) {
  MediaListCollection(userId: $id, userName: $name, type: ANIME, forceSingleCompletedList: $force) {
    hasNextChunk user { id name }
    lists { name isCustomList isSplitCompletedList status entries { mediaId score } } } }"""


async def test_collection_groups_status_then_custom_lists(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    alice = await build_lists(database)
    body = await gql.data(COLLECTION, {"id": alice})
    lists = body["MediaListCollection"]["lists"]
    assert [(g["name"], g["isCustomList"], g["status"]) for g in lists] == [
        ("Watching", False, "CURRENT"),
        ("Completed", False, "COMPLETED"),
        ("Faves", True, None),
    ]
    # Row order "score": highest first; 15125 is hidden from status lists but on "Faves".
    assert [e["mediaId"] for e in lists[1]["entries"]] == [1, 5]
    assert [e["mediaId"] for e in lists[2]["entries"]] == [1, 15125]
    assert lists[1]["entries"][0]["score"] == 5  # 90 in POINT_5


async def test_collection_by_user_name_is_case_insensitive(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    await build_lists(database)
    body = await gql.data(COLLECTION, {"name": "alice"})
    assert body["MediaListCollection"]["user"]["name"] == "Alice"


async def test_completed_split_by_format(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    alice = await build_lists(database, split=True)
    body = await gql.data(COLLECTION, {"id": alice})
    names = [(g["name"], g["isSplitCompletedList"]) for g in body["MediaListCollection"]["lists"]]
    assert ("Completed TV", True) in names and ("Completed Movie", True) in names
    forced = await gql.data(COLLECTION, {"id": alice, "force": True})
    assert "Completed" in [g["name"] for g in forced["MediaListCollection"]["lists"]]


async def test_collection_chunks(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    alice = await build_lists(database)
    query = """query ($id: Int, $chunk: Int) {
        MediaListCollection(userId: $id, type: ANIME, chunk: $chunk, perChunk: 2) {
        hasNextChunk lists { entries { mediaId } } } }"""
    first = await gql.data(query, {"id": alice, "chunk": 1})
    last = await gql.data(query, {"id": alice, "chunk": 2})
    assert first["MediaListCollection"]["hasNextChunk"] is True
    assert last["MediaListCollection"]["hasNextChunk"] is False


async def test_unknown_user_collection_is_404(gql: GraphQLClient) -> None:
    status, body = await gql(COLLECTION, {"id": 4242})
    assert status == 404 and body["errors"][0]["message"] == "Not Found."


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("POINT_100", 90), ("POINT_10_DECIMAL", 9.0), ("POINT_10", 9), ("POINT_5", 5), ("POINT_3", 3)],
)
async def test_score_in_every_format(
    gql: GraphQLClient, catalogue: Catalogue, database: Database, fmt: str, expected: float
) -> None:
    alice = await build_lists(database)
    body = await gql.data(
        f"query ($id: Int) {{ MediaList(userId: $id, mediaId: 1) {{ score(format: {fmt}) }} }}",
        {"id": alice},
    )
    assert body["MediaList"]["score"] == expected


async def test_page_media_list_filters_and_sorts(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    alice = await build_lists(database)
    body = await gql.data(
        """query ($id: Int) { Page { pageInfo { total } mediaList(userId: $id, type: ANIME,
        status_in: [COMPLETED, CURRENT], sort: MEDIA_ID_DESC) {
        mediaId status media { title { romaji } } user { name } } } }""",
        {"id": alice},
    )
    assert body["Page"]["pageInfo"]["total"] == 3
    assert [e["mediaId"] for e in body["Page"]["mediaList"]] == [21, 5, 1]
    assert body["Page"]["mediaList"][0]["user"] == {"name": "Alice"}


async def test_user_by_id_and_name(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    alice = await build_lists(database)
    body = await gql.data(
        """query ($id: Int) { a: User(id: $id) { id name siteUrl avatar { large }
        mediaListOptions { scoreFormat rowOrder
          animeList { customLists splitCompletedSectionByFormat } } }
        b: User(name: "ALICE") { id } }""",
        {"id": alice},
    )
    assert body["a"]["name"] == "Alice" and body["b"]["id"] == alice
    assert body["a"]["mediaListOptions"] == {
        "scoreFormat": "POINT_5",
        "rowOrder": "score",
        "animeList": {"customLists": ["Faves", "Empty"], "splitCompletedSectionByFormat": False},
    }
    avatar = body["a"]["avatar"]["large"]
    assert avatar.startswith("http://127.0.0.1:8000/img/placeholder/user/")
    assert avatar.endswith(".png")


async def test_user_search_is_normalised_like_every_search(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    alice = await build_lists(database)
    for term in ("alice", "ALICE", "%41lice", " Alice ", "alice+"):
        body = await gql.data("query ($s: String) { User(search: $s) { id } }", {"s": term})
        assert body["User"] == {"id": alice}, term


async def test_unknown_user_is_404(gql: GraphQLClient) -> None:
    status, _ = await gql('{ User(name: "nobody") { id } }')
    assert status == 404
