"""SECURITY.md GQ: GraphQL resource limits, each refused before execution (no SQL runs)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from kagami.config import Settings
from kagami.db import Database
from tests.security.rl_support import client_from, limited_app, seed_ids

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
Post = Callable[..., Any]


@pytest.fixture
async def http(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app (with the suite's rate limit) on a database with ids 1 and 2."""
    await seed_ids(database)
    async with client_from(limited_app(settings, database, settings.rate_limit)) as client:
        await client.post("/graphql", json={"query": "{ GenreCollection }"})  # builds the schema
        yield client


def _message(response: httpx.Response) -> str:
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    return str(errors[0]["message"])


async def test_GQ_1_over_complexity_is_refused_before_any_sql(
    http: httpx.AsyncClient, sql_counter: Callable[..., Any]
) -> None:
    fields = " ".join(f"m{i}: Media(id: 1) {{ id title {{ romaji english }} }}" for i in range(130))
    with sql_counter() as counted:
        response = await http.post("/graphql", json={"query": "{ " + fields + " }"})
    assert response.status_code == 400
    assert _message(response) == "Max query complexity should be 500 but got 650."
    assert counted.statements == []


@pytest.mark.parametrize(
    "query",
    [
        "{ Page(perPage: 0) { pageInfo { perPage } media { id } } }",
        "{ Page(perPage: -5, page: -1) { pageInfo { perPage currentPage } media { id } } }",
        "{ Page(page: 0) { media { id } } }",
        "{ Media(id: 1) { characters(perPage: -1, page: 0) { nodes { id } } } }",
        "{ MediaListCollection(userId: 1, type: ANIME, perChunk: 501, chunk: 1) { hasNextChunk } }",
        "{ MediaListCollection(userId: 1, type: ANIME, perChunk: 0, chunk: -1) { hasNextChunk } }",
    ],
)
async def test_GQ_2_zero_negative_and_huge_page_arguments_are_never_500(
    http: httpx.AsyncClient, query: str
) -> None:
    response = await http.post("/graphql", json={"query": query})
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text


async def test_GQ_3_depth_counts_through_fragments(http: httpx.AsyncClient) -> None:
    fragments = ["fragment F0 on Media { id }"]
    for n in range(1, 10):
        fragments.append(f"fragment F{n} on Media {{ relations {{ nodes {{ ...F{n - 1} }} }} }}")
    query = "{ Media(id: 1) { ...F9 } } " + " ".join(fragments)
    response = await http.post("/graphql", json={"query": query})
    assert response.status_code == 400
    assert _message(response).startswith("Max query depth should be 16 but got ")


async def test_GQ_3_more_than_10000_tokens_are_refused_unparsed(http: httpx.AsyncClient) -> None:
    query = "{ " + "x " * 10_001 + "}"  # 20 KB, under the byte cap
    response = await http.post("/graphql", json={"query": query})
    assert response.status_code == 400
    assert "more than 10000 tokens" in _message(response)


async def test_GQ_3_documents_over_64_KiB_are_refused_unread(
    http: httpx.AsyncClient, sql_counter: Callable[..., Any]
) -> None:
    # A comment: no token limit sees it, yet lexing a megabyte of it took 0.3 s.
    padding = "# " + "x" * (64 * 1024) + "\n"
    with sql_counter() as counted:
        response = await http.post("/graphql", json={"query": padding + "{ GenreCollection }"})
    assert response.status_code == 400
    assert _message(response) == "Query documents may be at most 65536 bytes long."
    assert counted.statements == []
    fits = "# " + "x" * (60 * 1024) + "\n{ GenreCollection }"
    assert (await http.post("/graphql", json={"query": fits})).status_code == 200


async def test_GQ_3_a_thousand_repeated_directives_are_one_error(http: httpx.AsyncClient) -> None:
    query = "{ GenreCollection " + "@include(if: true) " * 1000 + "}"
    response = await http.post("/graphql", json={"query": query})
    assert response.status_code == 400
    assert _message(response) == "Documents may use at most 200 directives."
    fine = "query ($a: Boolean!) { GenreCollection @include(if: $a) @skip(if: false) }"
    ok = await http.post("/graphql", json={"query": fine, "variables": {"a": True}})
    assert ok.status_code == 200


async def test_GQ_4_aliases_reached_through_fragment_spreads_count(
    http: httpx.AsyncClient,
) -> None:
    aliases = " ".join(f"g{i}: GenreCollection" for i in range(260))
    fragment = f"fragment Many on Query {{ {aliases} }}"
    alone = await http.post("/graphql", json={"query": "{ ...Many } " + fragment})
    assert alone.status_code == 200  # 260 fields
    spread = "{ ...Many ... on Query { ...Many } } " + fragment
    twice = await http.post("/graphql", json={"query": spread})
    assert twice.status_code == 400  # 520 through the two spreads
    assert _message(twice) == "Max query complexity should be 500 but got 520."


async def test_GQ_6_a_batched_array_body_is_400_and_runs_nothing(
    http: httpx.AsyncClient, sql_counter: Callable[..., Any]
) -> None:
    batch = [{"query": "{ Media(id: 1) { id } }"}, {"query": "{ Media(id: 2) { id } }"}]
    with sql_counter() as counted:
        response = await http.post("/graphql", json=batch)
    assert response.status_code == 400
    assert response.json()["data"] is None
    assert counted.statements == []
