"""Tiny hostile documents answer fast: linear limit checks, budgeted introspection, bounded lists.

Each request's server CPU is measured in-process (process time around the request);
the bound is generous (the checks take a few ms) but far below what the unbounded
versions burned (seconds each).
"""

from __future__ import annotations

import gc
import time
from typing import Any

import pytest
from graphql import get_introspection_query

from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient

CPU_BOUND = 0.1  # seconds of process CPU per request


async def _timed(
    gql: GraphQLClient, query: str, variables: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any], float]:
    await gql("{ __typename }")  # the app builds its executor on first use: not timed
    gc.collect()  # nor a full collection of garbage earlier tests left
    start = time.process_time()
    status, body = await gql(query, variables)
    return status, body, time.process_time() - start


def _fragment_chain(depth: int) -> str:
    """``F0`` spreads ``F1`` twice, which spreads ``F2`` twice...: 2**depth fields expanded."""
    fragments = [f"fragment F{i} on Media {{ ...F{i + 1} ...F{i + 1} }}" for i in range(depth)]
    fragments.append(f"fragment F{depth} on Media {{ id }}")
    return "{ Media(id: 1) { ...F0 } } " + " ".join(fragments)


async def test_a_doubling_fragment_chain_is_measured_in_linear_time(gql: GraphQLClient) -> None:
    status, body, cpu = await _timed(gql, _fragment_chain(22))
    assert status == 400
    assert body["errors"][0]["message"].startswith("Max query complexity should be 500")
    assert cpu < CPU_BOUND, cpu


async def test_a_short_fragment_chain_within_the_cost_still_runs(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    status, body = await gql(
        _fragment_chain(3).replace("Media(id: 1)", f"Media(id: {catalogue.bebop})")
    )
    assert (status, body) == (200, {"data": {"Media": {"id": catalogue.bebop}}})


async def test_GQ_5_aliased_introspection_is_not_free(gql: GraphQLClient) -> None:
    full = get_introspection_query()
    fragments = full[full.index("fragment FullType") :]
    schema = "__schema { queryType { name } types { ...FullType } directives { name } }"
    aliases = " ".join(f"s{i}: {schema}" for i in range(150))
    status, body, cpu = await _timed(gql, "{ " + aliases + " } " + fragments)
    assert status == 400, body
    assert body["errors"][0]["message"].startswith("Max introspection complexity should be")
    assert cpu < CPU_BOUND, cpu


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"descriptions": False},
        {
            "specified_by_url": True,
            "directive_is_repeatable": True,
            "schema_description": True,
            "input_value_deprecation": True,
            "one_of": True,
        },
        {"type_depth": 11},
    ],
    ids=["default", "no-descriptions", "every-option", "deep-type-refs"],
)
async def test_full_introspection_queries_still_run(
    gql: GraphQLClient, options: dict[str, Any]
) -> None:
    status, body = await gql(get_introspection_query(**options))
    assert status == 200, body
    assert status == 200 and body["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_two_full_introspection_queries_in_one_request_are_refused(
    gql: GraphQLClient,
) -> None:
    full = get_introspection_query(type_depth=7, descriptions=False)
    fragments = full[full.index("fragment FullType") :]
    selection = full[full.index("__schema") : full.index("fragment FullType")].rstrip()[:-1]
    status, body = await gql(f"{{ a: {selection} b: {selection} }} {fragments}")
    assert status == 400, body
    assert body["errors"][0]["message"].startswith("Max introspection complexity should be")


async def test_typename_in_every_selection_set_is_fine(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    status, _ = await gql(
        f"{{ __typename Media(id: {catalogue.bebop}) {{ __typename id"
        " title { __typename romaji } characters { __typename nodes { __typename id } } } }"
    )
    assert status == 200


@pytest.mark.parametrize(
    "selection",
    [
        " ".join(f"a: Media(id: {i}) {{ id }}" for i in range(1800)),  # over the token cap
        " ".join(f"a: Media(id: {i}) {{ id }}" for i in range(900)),
        " ".join(f"a: {'__typename' if i % 2 else 'GenreCollection'}" for i in range(1800)),
        " ".join("a: __typename" for _ in range(1800)),
    ],
    ids=[
        "conflicting-fields",
        "fewer-conflicting-fields",
        "conflicting-typename",
        "repeated-typename",
    ],
)
async def test_many_fields_sharing_a_response_name_are_refused_before_validation(
    gql: GraphQLClient, selection: str
) -> None:
    status, _body, cpu = await _timed(gql, "{ " + selection + " }")
    assert status == 400
    assert cpu < CPU_BOUND, cpu


async def test_fields_sharing_a_name_across_fragments_are_counted(gql: GraphQLClient) -> None:
    fragments = " ".join(f"fragment F{i} on Query {{ a: __typename }}" for i in range(1200))
    spreads = " ".join(f"...F{i}" for i in range(1200))
    status, _body, cpu = await _timed(gql, "{ " + spreads + " } " + fragments)
    assert status == 400
    assert cpu < CPU_BOUND, cpu


async def test_an_unused_fragment_is_bounded_too(gql: GraphQLClient) -> None:
    fields = " ".join(f"a: Media(id: {i}) {{ id }}" for i in range(900))
    status, _body, cpu = await _timed(
        gql, "{ GenreCollection } fragment U on Query { " + fields + " }"
    )
    assert status == 400
    assert cpu < CPU_BOUND, cpu


def _aliased_pages(pages: int, fields: int) -> str:
    """``pages`` aliased ``Page { pageInfo { hasNextPage } media { ...M } }`` with ``fields``
    scalar fields in ``M`` (aliases of ``id``): the shape of pyanilist's search."""
    body = " ".join(f"f{i}: id" for i in range(fields))
    roots = " ".join(
        f"p{n}: Page(page: {n + 1}, perPage: 50) {{ pageInfo {{ hasNextPage }} media {{ ...M }} }}"
        for n in range(pages)
    )
    return f"{{ {roots} }} fragment M on Media {{ {body} }}"


async def test_list_children_cost_once_as_in_graphql_php(gql: GraphQLClient) -> None:
    # 4 x (Page + pageInfo + hasNextPage + media + 118 fields) = 488: under the cap, as
    # AniList answers pyanilist's four-page search; list children counted twice made it 976.
    status, body = await gql(_aliased_pages(4, 118))
    assert status == 200, body
    assert "errors" not in body
    status, body = await gql(_aliased_pages(5, 118))
    assert status == 400
    assert body["errors"][0]["message"] == "Max query complexity should be 500 but got 610."
