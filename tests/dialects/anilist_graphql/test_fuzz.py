"""Generated documents (hypothesis-graphql) on the real schema: never a 500, always the envelope.

Positive mode draws valid queries, one Query root each (one data field per ``Page``,
AniList's rule), with arbitrary argument values (nulls, huge numbers, odd strings):
Kagami may answer data or AniList's 404/401/400 errors, but never a server error.
Negative mode breaks one schema rule per document: always a 400 validation error.
"""

from __future__ import annotations

import string
from typing import Any

import pytest
from graphql import GraphQLField, GraphQLObjectType, GraphQLSchema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, nodes, queries

from kagami.dialects.anilist_graphql.schema_loader import build_schema
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.fuzz.checks import assert_clean

SCHEMA = build_schema()
# The schema's own scalars, as a client would send them (ints for FuzzyDateInt, etc.).
SCALARS: Any = {
    "FuzzyDateInt": st.integers(-(2**31), 2**31 - 1).map(nodes.Int),
    "CountryCode": st.text(string.ascii_uppercase, min_size=0, max_size=3).map(nodes.String),
    "Json": st.one_of(st.integers(0, 10).map(nodes.Int), st.text(max_size=5).map(nodes.String)),
}


def _page_schema(field: str) -> GraphQLSchema:
    """A view of the schema whose ``Page`` holds only ``field`` and ``pageInfo``."""
    assert SCHEMA.query_type is not None
    page_type = SCHEMA.type_map["Page"]
    assert isinstance(page_type, GraphQLObjectType)
    page = GraphQLObjectType("Page", {k: page_type.fields[k] for k in ("pageInfo", field)})
    root = SCHEMA.query_type.fields["Page"]
    return GraphQLSchema(GraphQLObjectType("Query", {"Page": GraphQLField(page, root.args)}))


def _one_root_documents(mode: Mode) -> st.SearchStrategy[str]:
    """Documents selecting a single root (or a single Page field), every root equally likely."""
    assert SCHEMA.query_type is not None
    page_type = SCHEMA.type_map["Page"]
    assert isinstance(page_type, GraphQLObjectType)
    roots = [r for r in SCHEMA.query_type.fields if r != "Page"]
    branches = [queries(SCHEMA, fields=[r], custom_scalars=SCALARS, mode=mode) for r in roots]
    branches += [
        queries(_page_schema(f), custom_scalars=SCALARS, mode=mode)
        for f in page_type.fields
        if f != "pageInfo"
    ]
    return st.one_of(branches)  # type: ignore[arg-type]


# Function-scoped fixtures are shared by the examples on purpose: every document only reads.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CLIENT_ERRORS = {400, 401, 403, 404}


async def _post(
    gql: GraphQLClient, document: str, variables: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    """Post as ``gql`` does, with the checks every fuzzed answer passes (tests/fuzz/checks.py)."""
    response = await gql.http.post("/", json={"query": document, "variables": variables or {}})
    assert_clean(response)
    return response.status_code, response.json()


def _envelope_errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    errors = body.get("errors") or []
    for error in errors:
        assert isinstance(error["message"], str) and error["message"]
        assert isinstance(error["status"], int)
    return errors


@pytest.mark.fuzz
@FUZZ
@given(document=_one_root_documents(Mode.POSITIVE))
async def test_valid_documents_never_fail_on_the_server(
    gql: GraphQLClient, catalogue: Catalogue, document: str
) -> None:
    status, body = await _post(gql, document)
    errors = _envelope_errors(body)
    assert status != 500, (document, body)
    if status == 200:
        assert "data" in body and body["data"] is not None, body
    else:
        assert status in CLIENT_ERRORS and errors, (document, body)
        assert all(e["status"] in CLIENT_ERRORS for e in errors), body


@pytest.mark.fuzz
@FUZZ
@given(document=queries(SCHEMA, custom_scalars=SCALARS, mode=Mode.NEGATIVE))
async def test_invalid_documents_are_validation_errors(
    gql: GraphQLClient, catalogue: Catalogue, document: str
) -> None:
    status, body = await _post(gql, document)
    errors = _envelope_errors(body)
    assert status == 400, (document, body)
    assert errors and body.get("data") is None, body
    assert all(e["status"] == 400 for e in errors), body


@pytest.mark.fuzz
@FUZZ
@given(
    variables=st.dictionaries(
        st.sampled_from(["id", "page", "perPage", "search", "type", "sort"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-(2**70), 2**70),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(max_size=20),
            st.lists(st.text(max_size=5), max_size=3),
        ),
    )
)
async def test_loosely_typed_variables_are_client_errors(
    gql: GraphQLClient, catalogue: Catalogue, variables: dict[str, Any]
) -> None:
    """Apps send strings for ints, floats, nulls and lists: a 400 naming the variable, or data."""
    document = """query ($id: Int, $page: Int, $perPage: Int, $search: String,
        $type: MediaType, $sort: [MediaSort]) {
      Page(page: $page, perPage: $perPage) {
        media(id: $id, search: $search, type: $type, sort: $sort) { id title { romaji } }
      }
    }"""
    status, body = await _post(gql, document, variables)
    errors = _envelope_errors(body)
    assert status in (200, 400), (variables, body)
    if status == 400:
        assert errors and body.get("data") is None, body
        assert any("$" in e["message"] for e in errors), body
