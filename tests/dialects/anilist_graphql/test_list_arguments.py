"""List arguments of any length AniList accepts (up to 10,000 items) work on both backends.

Long lists travel as one bound parameter and duplicates collapse, so neither SQLite's
expression depth nor the bound-parameter limits are reached, and repeating one value
costs nothing; longer lists, and deeply nested variables, are bad input (400).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient

MEDIA_IDS = """query ($genres: [String], $notGenres: [String], $ids: [Int], $notIds: [Int],
  $tags: [String], $categories: [String]) {
  Page(perPage: 50) {
    media(genre_in: $genres, genre_not_in: $notGenres, id_in: $ids, id_not_in: $notIds,
      tag_in: $tags, tagCategory_in: $categories, sort: ID) { id }
  }
}"""


async def _ids(gql: GraphQLClient, **variables: Any) -> list[int]:
    body = await gql.data(MEDIA_IDS, variables)
    return [m["id"] for m in body["Page"]["media"]]


@pytest.mark.parametrize("length", [1_001, 10_000])
async def test_long_lists_filter_like_short_ones(
    gql: GraphQLClient, catalogue: Catalogue, length: int
) -> None:
    c = catalogue
    filler = [f"Genre {i}" for i in range(length - 1)]
    ids = [*range(100_000, 100_000 + length - 2), c.bebop, c.teekyuu]
    assert await _ids(gql, ids=ids) == [c.bebop, c.teekyuu]
    assert await _ids(gql, ids=ids, notIds=[*range(200_000, 200_000 + length - 1), c.bebop]) == [
        c.teekyuu
    ]
    assert await _ids(gql, genres=["Action"] * length) == [c.bebop, c.bebop_movie, c.one_piece]
    assert await _ids(gql, genres=["Action", *filler]) == []  # every genre is required
    assert await _ids(gql, notGenres=["Action", *filler]) == [c.teekyuu, c.one_piece_manga]
    assert await _ids(gql, tags=["Space", *filler]) == []
    assert await _ids(gql, tags=["Space"] * length) == [c.bebop]
    assert await _ids(gql, categories=["Theme-Sports"] * length) == [c.teekyuu]


async def test_many_distinct_genres_all_present_still_match(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    """The grouped form (more than a few values) requires every one, as the short form does."""
    genres = ["Action", "Adventure", "Comedy"] * 5
    assert await _ids(gql, genres=genres) == [catalogue.one_piece]
    assert await _ids(gql, genres=[*genres, "Sports", "Sci-Fi", "A", "B", "C", "D", "E"]) == []


@pytest.mark.parametrize("argument", ["genres", "ids", "notIds"])
async def test_more_than_ten_thousand_items_is_bad_input(gql: GraphQLClient, argument: str) -> None:
    values: list[Any] = ["Action"] * 10_001 if argument == "genres" else [1] * 10_001
    status, body = await gql(MEDIA_IDS, {argument: values})
    assert status == 400 and body["data"] is None
    assert body["errors"][0]["message"] == (
        f'Variable "${argument}" got invalid value. Lists may hold at most 10000 items.'
    )


async def test_a_repeated_genre_costs_one_condition(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    await gql("{ __typename }")  # the app builds its executor on first use: not timed
    start = time.process_time()
    ids = await _ids(gql, genres=["Action"] * 800)
    cpu = time.process_time() - start
    assert ids == [catalogue.bebop, catalogue.bebop_movie, catalogue.one_piece]
    assert cpu < 0.1, cpu


def _nested(depth: int, leaf: Any, as_object: bool) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"x": value} if as_object else [value]
    return value


@pytest.mark.parametrize("as_object", [False, True], ids=["lists", "objects"])
async def test_deeply_nested_variables_are_a_clean_400(gql: GraphQLClient, as_object: bool) -> None:
    status, body = await gql(MEDIA_IDS, {"ids": _nested(480, 1, as_object)})
    assert status == 400
    assert body == {
        "data": None,
        "errors": [
            {
                "message": 'Variable "$ids" got invalid value.'
                " Values may be nested at most 32 levels deep.",
                "status": 400,
                "locations": [],
            }
        ],
    }


async def test_an_unused_deeply_nested_variable_is_refused_too(gql: GraphQLClient) -> None:
    status, _ = await gql("{ __typename }", {"junk": _nested(480, None, True)})
    assert status == 400
