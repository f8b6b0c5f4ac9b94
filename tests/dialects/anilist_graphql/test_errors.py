"""AniList's error envelope, status codes and query limits (FACTS.md: errors, pagination)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient


def _only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert len(body["errors"]) == 1, body
    return body["errors"][0]  # type: ignore[no-any-return]


async def test_syntax_error_is_400_with_locations(gql: GraphQLClient) -> None:
    status, body = await gql("{ Media(id: 1) { id ")
    error = _only_error(body)
    assert status == 400 and error["status"] == 400 and body["data"] is None
    assert error["message"].startswith("Syntax Error")
    assert error["locations"] == [{"line": 1, "column": 21}]


async def test_unknown_field_uses_graphql_js_wording(gql: GraphQLClient) -> None:
    status, body = await gql("{\n  Media(id: 1) { nope }\n}")
    error = _only_error(body)
    assert status == 400
    assert error == {
        "message": 'Cannot query field "nope" on type "Media". Did you mean "type"?',
        "status": 400,
        "locations": [{"line": 2, "column": 18}],
    }


async def test_unknown_media_is_404_not_found_with_null_field(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    status, body = await gql("{ Media(id: 999999) { id } }")
    assert status == 404
    assert body["data"] == {"Media": None}
    assert _only_error(body) == {
        "message": "Not Found.",
        "status": 404,
        "locations": [{"line": 1, "column": 3}],
    }


async def test_media_of_the_other_type_is_404(gql: GraphQLClient, catalogue: Catalogue) -> None:
    status, _ = await gql("{ Media(id: 30013, type: ANIME) { id } }")
    assert status == 404


async def test_viewer_without_token_is_401_unauthorized(gql: GraphQLClient) -> None:
    status, body = await gql("{ Viewer { id name } }")
    assert status == 401
    assert body["data"] == {"Viewer": None}
    assert _only_error(body)["message"] == "Unauthorized."


async def test_bad_bearer_token_is_400_invalid_token_even_on_public_queries(
    gql: GraphQLClient,
) -> None:
    status, body = await gql("{ GenreCollection }", Authorization="Bearer not-a-jwt")
    assert status == 400
    assert _only_error(body)["message"] == "Invalid token"


async def test_GQ_1_complexity_limit_message(gql: GraphQLClient) -> None:
    fields = " ".join(
        f"m{i}: Media(id: {i}) {{ id title {{ romaji english native }} }}" for i in range(120)
    )
    status, body = await gql("{ " + fields + " }")
    error = _only_error(body)
    assert status == 400
    assert error["message"].startswith("Max query complexity should be 500 but got ")
    assert int(error["message"].rsplit(" ", 1)[1].rstrip(".")) > 500


async def test_GQ_3_depth_limit(gql: GraphQLClient) -> None:
    inner = "id"
    for _ in range(10):
        inner = f"relations {{ nodes {{ {inner} }} }}"
    status, body = await gql("{ Media(id: 1) { " + inner + " } }")
    assert status == 400
    assert body["errors"][0]["message"] == "Max query depth should be 16 but got 22."


async def test_one_data_field_per_page(gql: GraphQLClient) -> None:
    status, body = await gql("{ Page { media { id } characters { id } } }")
    assert status == 400
    assert "one data field" in _only_error(body)["message"]


async def test_page_info_alongside_the_data_field_is_allowed(gql: GraphQLClient) -> None:
    status, _ = await gql("{ Page { pageInfo { total } media { id } } }")
    assert status == 200


@pytest.mark.parametrize("per_page", [51, 500, 10_000])
async def test_GQ_2_per_page_is_clamped_at_50(gql: GraphQLClient, per_page: int) -> None:
    body = await gql.data(
        "query ($n: Int) { Page(perPage: $n) { pageInfo { perPage } media { id } } }",
        {"n": per_page},
    )
    assert body["Page"]["pageInfo"]["perPage"] == 50


async def test_GQ_2_nested_per_page_is_clamped_at_25(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    body = await gql.data("{ Media(id: 1) { characters(perPage: 100) { pageInfo { perPage } } } }")
    assert body["Media"]["characters"]["pageInfo"]["perPage"] == 25


async def test_bad_variable_type_is_400_not_500(gql: GraphQLClient) -> None:
    status, body = await gql("query ($id: Int) { Media(id: $id) { id } }", {"id": "abc"})
    assert status == 400 and body["data"] is None
    assert "$id" in _only_error(body)["message"]


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[1, 2]", b'{"query": 5}', b'{"query": "{ GenreCollection }", "variables": 7}'],
)
async def test_malformed_bodies_are_400(gql: GraphQLClient, raw: bytes) -> None:
    response = await gql.http.post(
        "/graphql", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["status"] == 400


async def test_get_with_query_parameter(gql: GraphQLClient, catalogue: Catalogue) -> None:
    response = await gql.http.get(
        "/graphql",
        params={"query": "query ($id: Int) { Media(id: $id) { id } }", "variables": '{"id": 1}'},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"Media": {"id": 1}}}


async def test_browser_get_serves_graphiql(gql: GraphQLClient) -> None:
    """At ``/graphql``; a browser at ``/`` gets the site's home page (tests/web)."""
    response = await gql.http.get("/graphql", headers={"accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_unknown_operation_name_is_400(gql: GraphQLClient) -> None:
    response = await gql.http.post(
        "/", json={"query": "query A { GenreCollection }", "operationName": "B"}
    )
    assert response.status_code == 400


async def test_introspection_is_exempt_from_limits(gql: GraphQLClient) -> None:
    """GraphiQL's full introspection query runs although it is deep."""
    from graphql import get_introspection_query

    status, body = await gql(get_introspection_query())
    assert status == 200 and body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_document_cache_keeps_parsed_documents_and_errors() -> None:
    """Repeated texts are parsed once; invalid ones are cached with their errors."""
    from kagami.dialects.anilist_graphql.documents import DocumentCache, entry_size
    from kagami.dialects.anilist_graphql.schema_loader import build_schema

    cache = DocumentCache(build_schema(), max_bytes=16 * entry_size("{ a99: GenreCollection }"))
    first = cache.get("{ GenreCollection }")
    assert cache.get("{ GenreCollection }") is first and first.document is not None
    bad = cache.get("{ nope }")
    assert bad.document is None and bad.errors
    assert cache.get("{ nope }") is bad
    for i in range(20):
        cache.get(f"{{ a{i}: GenreCollection }}")
    assert len(cache) <= 16 and cache.get("{ GenreCollection }") is not first  # evicted (LRU)


def test_document_cache_entries_expire() -> None:
    """An entry older than the cache's age is parsed again."""
    from kagami.dialects.anilist_graphql.documents import DocumentCache
    from kagami.dialects.anilist_graphql.schema_loader import build_schema

    cache = DocumentCache(build_schema(), max_age=-1.0)
    first = cache.get("{ GenreCollection }")
    assert cache.get("{ GenreCollection }") is not first


def test_only_documents_holding_a_mutation_are_marked_as_writing() -> None:
    """The router commits only for these; every read ends without a commit."""
    from kagami.dialects.anilist_graphql.documents import DocumentCache
    from kagami.dialects.anilist_graphql.schema_loader import build_schema

    cache = DocumentCache(build_schema())
    assert cache.get("{ GenreCollection }").writes is False
    assert cache.get("query A { GenreCollection } query B { Viewer { id } }").writes is False
    mixed = cache.get("query A { GenreCollection } mutation B { ToggleFollow(userId: 1) { id } }")
    assert mixed.document is not None and mixed.writes is True
