"""Statement count depends on the query's shape, never on page size (per-request DataLoaders)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import build_bulk
from tests.dialects.anilist_graphql.conftest import GraphQLClient

BUDGET_QUERY = """{ Page(perPage: 50) { media { characters { edges { node { name { full } }
  voiceActors { name { full } } } } studios { nodes { name } } } } }"""


async def test_GQ_9_wide_page_runs_a_fixed_number_of_statements(
    gql: GraphQLClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    """count + media, characters, voice actors, studios: 5 statements for 50 x 4 x 2 rows."""
    await build_bulk(database, media=60, characters_per_media=4)
    with sql_counter() as counted:
        body = await gql.data(BUDGET_QUERY)
    media = body["Page"]["media"]
    assert len(media) == 50
    assert all(len(m["characters"]["edges"]) == 4 for m in media)
    assert all(len(e["voiceActors"]) == 2 for m in media for e in m["characters"]["edges"])
    assert all(len(m["studios"]["nodes"]) == 2 for m in media)
    print(f"\nstatement budget query: {counted.count} statements")
    assert counted.count <= 5, str(counted)


async def test_statement_count_does_not_grow_with_page_size(
    gql: GraphQLClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    await build_bulk(database, media=30, characters_per_media=2)
    counts = []
    for per_page in (1, 10, 30):
        with sql_counter() as counted:
            await gql.data(BUDGET_QUERY.replace("perPage: 50", f"perPage: {per_page}"))
        counts.append(counted.count)
    assert len(set(counts)) == 1, counts


async def test_media_list_collection_statement_budget(
    gql: GraphQLClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    """User, list options, entries joined with media, custom lists: 4 statements."""
    from tests.dialects.anilist_graphql.catalogue import build_catalogue
    from tests.dialects.anilist_graphql.lists_data import build_lists

    await build_catalogue(database)
    alice = await build_lists(database)
    query = """query ($id: Int) { MediaListCollection(userId: $id, type: ANIME) {
      lists { name entries { score
        media { id title { userPreferred } coverImage { large } } } } } }"""
    with sql_counter() as counted:
        await gql.data(query, {"id": alice})
    print(f"\nMediaListCollection: {counted.count} statements")
    assert counted.count <= 4, str(counted)


async def test_media_by_id_is_one_statement(
    gql: GraphQLClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    await build_bulk(database, media=3, characters_per_media=1)
    with sql_counter() as counted:
        body = await gql.data(
            "{ Media(id: 10001, type: ANIME) { id title { romaji } coverImage { large } } }"
        )
    assert body["Media"]["id"] == 10_001
    assert counted.count == 1, str(counted)
