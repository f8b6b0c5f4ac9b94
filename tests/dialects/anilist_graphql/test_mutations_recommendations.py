"""SaveRecommendation over HTTP: creating a pair, vote totals, type rules, racing first votes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from kagami.catalogue.enums import MediaType
from kagami.db import Database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_media, make_user

SAVE = """mutation ($a: Int, $b: Int, $rating: RecommendationRating) {
  SaveRecommendation(mediaId: $a, mediaRecommendationId: $b, rating: $rating) {
    id rating userRating media { id } mediaRecommendation { id } user { id } } }"""
READ = """query ($a: Int) { Media(id: $a) { recommendations { nodes {
  rating mediaRecommendation { id } } } } }"""


async def _crowd(gql: GraphQLClient, database: Database, count: int) -> list[dict[str, str]]:
    async with database.session() as s:
        users = [await make_user(s) for _ in range(count)]
    return [await bearer(gql, database, u.id) for u in users]


@pytest.fixture
async def media(database: Database) -> list[int]:
    """Two anime and a manga."""
    async with database.session() as s:
        rows = [await make_media(s), await make_media(s), await make_media(s, type=MediaType.MANGA)]
    return [m.id for m in rows]


async def test_save_recommendation_creates_the_pair_and_reads_back(
    gql: GraphQLClient, database: Database, media: list[int]
) -> None:
    first, second = await _crowd(gql, database, 2)
    a, b, _ = media
    status, body = await gql(SAVE, {"a": a, "b": b, "rating": "RATE_UP"}, **first)
    assert status == 200, body
    saved = body["data"]["SaveRecommendation"]
    assert saved["rating"] == 1 and saved["userRating"] == "RATE_UP"
    assert (saved["media"], saved["mediaRecommendation"]) == ({"id": a}, {"id": b})
    status, body = await gql(SAVE, {"a": a, "b": b, "rating": "RATE_DOWN"}, **second)
    assert (
        body["data"]["SaveRecommendation"]["id"],
        body["data"]["SaveRecommendation"]["rating"],
    ) == (
        saved["id"],
        0,
    )
    assert body["data"]["SaveRecommendation"]["user"] == saved["user"]  # the pair's author
    read = await gql.data(READ, {"a": a})
    assert read["Media"]["recommendations"]["nodes"] == [
        {"rating": 0, "mediaRecommendation": {"id": b}}
    ]
    status, body = await gql(SAVE, {"a": a, "b": b, "rating": "NO_RATING"}, **second)
    assert body["data"]["SaveRecommendation"]["rating"] == 1
    assert body["data"]["SaveRecommendation"]["userRating"] == "NO_RATING"


async def test_save_recommendation_validation(
    gql: GraphQLClient, database: Database, media: list[int]
) -> None:
    (headers,) = await _crowd(gql, database, 1)
    a, _, manga = media
    status, body = await gql(SAVE, {"a": a, "b": a, "rating": "RATE_UP"}, **headers)
    assert status == 400 and body["data"] == {"SaveRecommendation": None}
    assert body["errors"][0]["validation"] == {
        "mediaRecommendationId": ["A media cannot recommend itself."]
    }
    status, body = await gql(SAVE, {"a": a, "b": manga, "rating": "RATE_UP"}, **headers)
    assert status == 400
    assert body["errors"][0]["validation"] == {
        "mediaRecommendationId": ["A recommendation must be of the same media type."]
    }
    status, body = await gql(SAVE, {"a": a}, **headers)
    assert status == 400
    assert body["errors"][0]["validation"] == {
        "mediaRecommendationId": ["The media recommendation id field is required."],
        "rating": ["The rating field is required."],
    }
    assert (await gql.data(READ, {"a": a}))["Media"]["recommendations"]["nodes"] == []


async def test_racing_first_votes_make_one_pair_with_an_exact_total(
    gql: GraphQLClient, database: Database, media: list[int]
) -> None:
    crowd = await _crowd(gql, database, 12)
    a, b, _ = media
    ratings = ["RATE_UP" if n % 4 else "RATE_DOWN" for n in range(12)]
    results = await asyncio.gather(
        *(
            gql(SAVE, {"a": a, "b": b, "rating": r}, **h)
            for r, h in zip(ratings, crowd, strict=True)
        )
    )
    assert all(status == 200 for status, _ in results), results
    assert len({body["data"]["SaveRecommendation"]["id"] for _, body in results}) == 1
    nodes = (await gql.data(READ, {"a": a}))["Media"]["recommendations"]["nodes"]
    assert nodes == [{"rating": 9 - 3, "mediaRecommendation": {"id": b}}]


async def test_save_recommendation_runs_a_bounded_number_of_statements(
    gql: GraphQLClient, database: Database, media: list[int], sql_counter: Callable[..., Any]
) -> None:
    first, second = await _crowd(gql, database, 2)
    a, b, _ = media
    with sql_counter() as created:
        await gql(SAVE, {"a": a, "b": b, "rating": "RATE_UP"}, **first)
    with sql_counter() as voted:
        await gql(SAVE, {"a": a, "b": b, "rating": "RATE_UP"}, **second)
    print(f"\nSaveRecommendation: new pair {created.count}, vote {voted.count}")
    assert created.count <= 12, str(created)
    assert voted.count <= 10, str(voted)
