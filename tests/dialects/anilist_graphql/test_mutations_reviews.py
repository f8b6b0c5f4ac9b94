"""SaveReview, DeleteReview and RateReview over HTTP: success, validation, ownership, totals."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.community.models import Review
from kagami.db import Database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_media, make_user

BODY = "A long and thoughtful review. " * 90
SUMMARY = "Twenty characters or more."
SAVE = """mutation ($id: Int, $mediaId: Int, $body: String, $summary: String, $score: Int,
  $private: Boolean) {
  SaveReview(id: $id, mediaId: $mediaId, body: $body, summary: $summary, score: $score,
    private: $private) { id mediaId userId score private summary rating ratingAmount
    media { id type } user { id } } }"""
RATE = """mutation ($id: Int, $rating: ReviewRating) {
  RateReview(reviewId: $id, rating: $rating) { id rating ratingAmount userRating } }"""
DELETE = "mutation ($id: Int) { DeleteReview(id: $id) { deleted } }"
READ = "query ($id: Int) { Review(id: $id) { id score private rating ratingAmount userRating } }"


@dataclass
class People:
    """Users 0..n-1 with their token headers, and media ids (an anime and a blocked one)."""

    ids: list[int]
    headers: list[dict[str, str]]
    media: int
    blocked: int


async def _people(gql: GraphQLClient, database: Database, count: int) -> People:
    async with database.session() as s:
        users = [await make_user(s) for _ in range(count)]
        media = await make_media(s)
        blocked = await make_media(s, is_review_blocked=True)
    headers = [await bearer(gql, database, u.id) for u in users]
    return People([u.id for u in users], headers, media.id, blocked.id)


@pytest.fixture
async def people(gql: GraphQLClient, database: Database) -> People:
    return await _people(gql, database, 3)


async def _save(gql: GraphQLClient, headers: dict[str, str], **variables: Any) -> Any:
    return await gql(SAVE, variables, **headers)


async def _new(gql: GraphQLClient, people: People) -> int:
    status, body = await _save(
        gql, people.headers[0], mediaId=people.media, body=BODY, summary=SUMMARY, score=75
    )
    assert status == 200, body
    return int(body["data"]["SaveReview"]["id"])


async def test_save_review_creates_and_reads_back(gql: GraphQLClient, people: People) -> None:
    status, body = await _save(
        gql, people.headers[0], mediaId=people.media, body=BODY, summary=SUMMARY, score=75
    )
    assert status == 200, body
    saved = body["data"]["SaveReview"]
    assert saved | {"id": 0} == {
        "id": 0,
        "mediaId": people.media,
        "userId": people.ids[0],
        "score": 75,
        "private": False,
        "summary": SUMMARY,
        "rating": 0,
        "ratingAmount": 0,
        "media": {"id": people.media, "type": "ANIME"},
        "user": {"id": people.ids[0]},
    }
    read = await gql.data(READ, {"id": saved["id"]})
    assert read["Review"]["score"] == 75


async def test_save_review_edits_and_private_hides_it(gql: GraphQLClient, people: People) -> None:
    review_id = await _new(gql, people)
    status, body = await _save(gql, people.headers[0], id=review_id, score=40, private=True)
    assert status == 200 and body["data"]["SaveReview"]["score"] == 40
    assert (await gql(READ, {"id": review_id}))[0] == 404  # anonymous: private
    status, own = await gql(READ, {"id": review_id}, **people.headers[0])
    assert status == 200 and own["data"]["Review"]["private"] is True


async def test_save_review_validation_is_anilists_shape(gql: GraphQLClient, people: People) -> None:
    status, body = await _save(
        gql, people.headers[0], mediaId=people.media, body="short", summary=SUMMARY, score=120
    )
    assert status == 400
    assert body["data"] == {"SaveReview": None}
    (error,) = body["errors"]
    assert error["message"] == "validation" and error["status"] == 400
    assert error["validation"] == {
        "body": ["The body must be at least 2600 characters."],
        "score": ["The score must be between 0 and 100."],
    }
    status, body = await _save(gql, people.headers[0], body=BODY, summary=SUMMARY)
    assert status == 400
    assert body["errors"][0]["validation"] == {"mediaId": ["The media id field is required."]}


async def test_one_review_per_media_and_blocked_media(
    gql: GraphQLClient, people: People, database: Database
) -> None:
    await _new(gql, people)
    status, body = await _save(
        gql, people.headers[0], mediaId=people.media, body=BODY, summary=SUMMARY
    )
    assert status == 400
    assert body["errors"][0]["validation"] == {"mediaId": ["You have already reviewed this media."]}
    status, body = await _save(
        gql, people.headers[0], mediaId=people.blocked, body=BODY, summary=SUMMARY
    )
    assert status == 403 and body["errors"][0]["message"] == "Forbidden."
    async with database.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(Review)) == 1


async def test_twenty_racing_saves_make_one_review(
    gql: GraphQLClient, people: People, database: Database
) -> None:
    results = await asyncio.gather(
        *(
            _save(gql, people.headers[1], mediaId=people.media, body=BODY, summary=SUMMARY)
            for _ in range(20)
        )
    )
    assert sorted(status for status, _ in results) == [200] + [400] * 19
    async with database.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(Review)) == 1


async def test_someone_elses_review_is_forbidden(gql: GraphQLClient, people: People) -> None:
    review_id = await _new(gql, people)
    status, body = await _save(gql, people.headers[1], id=review_id, score=1)
    assert (status, body["errors"][0]["message"]) == (403, "Forbidden.")
    status, body = await gql(DELETE, {"id": review_id}, **people.headers[1])
    assert (status, body["data"]) == (403, {"DeleteReview": None})
    assert (await gql.data(READ, {"id": review_id}))["Review"]["score"] == 75


async def test_delete_review_answers_deleted(gql: GraphQLClient, people: People) -> None:
    review_id = await _new(gql, people)
    status, body = await gql(DELETE, {"id": review_id}, **people.headers[0])
    assert (status, body) == (200, {"data": {"DeleteReview": {"deleted": True}}})
    assert (await gql(READ, {"id": review_id}))[0] == 404
    status, body = await gql(DELETE, {"id": review_id}, **people.headers[0])
    assert (status, body["errors"][0]["message"]) == (404, "Not Found.")


async def test_rate_review_totals_and_user_rating(gql: GraphQLClient, people: People) -> None:
    review_id = await _new(gql, people)
    status, body = await gql(RATE, {"id": review_id, "rating": "UP_VOTE"}, **people.headers[1])
    assert (status, body["data"]["RateReview"]) == (
        200,
        {"id": review_id, "rating": 1, "ratingAmount": 1, "userRating": "UP_VOTE"},
    )
    await gql(RATE, {"id": review_id, "rating": "DOWN_VOTE"}, **people.headers[2])
    status, body = await gql(RATE, {"id": review_id, "rating": "NO_VOTE"}, **people.headers[1])
    assert body["data"]["RateReview"] == {
        "id": review_id,
        "rating": 0,
        "ratingAmount": 1,
        "userRating": "NO_VOTE",
    }
    _, read = await gql(READ, {"id": review_id}, **people.headers[2])
    assert read["data"]["Review"] | {"score": 0} == {
        "id": review_id,
        "score": 0,
        "private": False,
        "rating": 0,
        "ratingAmount": 1,
        "userRating": "DOWN_VOTE",
    }


async def test_rating_ones_own_review_is_forbidden(gql: GraphQLClient, people: People) -> None:
    review_id = await _new(gql, people)
    status, body = await gql(RATE, {"id": review_id, "rating": "UP_VOTE"}, **people.headers[0])
    assert (status, body["data"]) == (403, {"RateReview": None})
    status, body = await gql(RATE, {"id": review_id, "rating": "SIDEWAYS"}, **people.headers[1])
    assert status == 400
    status, body = await gql(RATE, {"id": review_id}, **people.headers[1])
    assert status == 400 and body["errors"][0]["validation"] == {
        "rating": ["The rating field is required."]
    }


async def test_concurrent_votes_from_distinct_users_keep_exact_totals(
    gql: GraphQLClient, database: Database
) -> None:
    crowd = await _people(gql, database, 13)
    review_id = await _new(gql, crowd)
    ratings = ["UP_VOTE" if n % 3 else "DOWN_VOTE" for n in range(12)]
    results = await asyncio.gather(
        *(
            gql(RATE, {"id": review_id, "rating": r}, **h)
            for r, h in zip(ratings, crowd.headers[1:], strict=True)
        )
    )
    assert all(status == 200 for status, _ in results), results
    read = await gql.data(READ, {"id": review_id})
    assert (read["Review"]["rating"], read["Review"]["ratingAmount"]) == (8, 12)


async def test_review_mutations_run_a_bounded_number_of_statements(
    gql: GraphQLClient, people: People, sql_counter: Callable[..., Any]
) -> None:
    """Token check + media + insert (+ savepoint): the count does not depend on data size."""
    with sql_counter() as created:
        review_id = await _new(gql, people)
    with sql_counter() as rated:
        await gql(RATE, {"id": review_id, "rating": "UP_VOTE"}, **people.headers[1])
    with sql_counter() as deleted:
        await gql(DELETE, {"id": review_id}, **people.headers[0])
    print(f"\nSaveReview {created.count}, RateReview {rated.count}, DeleteReview {deleted.count}")
    assert created.count <= 6, str(created)
    assert rated.count <= 8, str(rated)
    assert deleted.count <= 5, str(deleted)
