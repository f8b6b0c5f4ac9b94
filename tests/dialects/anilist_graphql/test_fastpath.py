"""The compiled list plan (fastpath.precomplete) answers byte for byte as graphql-core does."""

from __future__ import annotations

from typing import Any

import pytest

from kagami.db import Database
from kagami.dialects.anilist_graphql import fastpath
from kagami.dialects.anilist_graphql.resolvers import lists as list_resolvers
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.lists_data import build_lists

# Every plan feature: aliases, __typename, fragments (named and inline), arguments,
# enums, floats, nested objects and lists, default and custom resolvers, nulls.
RICH = """query ($id: Int, $fmt: ScoreFormat) {
  MediaListCollection(userId: $id, type: ANIME) {
    lists { name status isCustomList entries { ...Entry } } } }
fragment Entry on MediaList {
  __typename id userId mediaId status score pointTen: score(format: POINT_10)
  asked: score(format: $fmt) progress progressVolumes repeat priority private notes
  hiddenFromStatusLists advancedScores updatedAt createdAt
  startedAt { year month day } completedAt { year month day }
  ... on MediaList { again: mediaId }
  media { __typename id idMal type format status episodes chapters volumes duration
    season seasonYear averageScore meanScore popularity favourites isAdult countryOfOrigin
    synonyms siteUrl
    title { romaji english native userPreferred }
    coverImage { large medium extraLarge color } bannerImage
    startDate { year month day } endDate { year month day } }
}"""


async def _collection(
    gql: GraphQLClient, query: str, variables: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[bytes, bytes, int]:
    """The raw response with the plan, without it, and how many lists the plan completed."""
    completed = 0
    original = fastpath.precomplete

    def counting(info: Any, items: list[Any], plans: dict[Any, Any]) -> Any:
        nonlocal completed
        result = original(info, items, plans)
        completed += isinstance(result, fastpath.Precompleted)
        return result

    monkeypatch.setattr(list_resolvers, "precomplete", counting)
    fast = await gql.http.post("/", json={"query": query, "variables": variables})
    monkeypatch.setattr(list_resolvers, "precomplete", lambda _info, items, _plans: items)
    slow = await gql.http.post("/", json={"query": query, "variables": variables})
    assert fast.status_code == slow.status_code == 200, slow.text
    return fast.content, slow.content, completed


@pytest.mark.parametrize("fmt", ["POINT_100", "POINT_10_DECIMAL", "POINT_5", "POINT_3"])
async def test_plan_output_is_graphql_cores(
    gql: GraphQLClient,
    catalogue: Catalogue,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    alice = await build_lists(database, split=True)
    fast, slow, completed = await _collection(gql, RICH, {"id": alice, "fmt": fmt}, monkeypatch)
    assert completed > 0  # the plan ran rather than falling back
    assert fast == slow


async def test_async_field_falls_back_with_the_same_output(
    gql: GraphQLClient, catalogue: Catalogue, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = await build_lists(database)
    query = """query ($id: Int) { MediaListCollection(userId: $id, type: ANIME) {
        lists { entries { mediaId customLists customLists2: customLists(asArray: true)
        user { id name } } } } }"""
    fast, slow, _ = await _collection(gql, query, {"id": alice}, monkeypatch)
    assert fast == slow


async def test_directives_fall_back_with_the_same_output(
    gql: GraphQLClient, catalogue: Catalogue, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = await build_lists(database)
    query = """query ($id: Int, $yes: Boolean!) { MediaListCollection(userId: $id, type: ANIME) {
        lists { entries { mediaId score @include(if: $yes) progress @skip(if: $yes) } } } }"""
    fast, slow, completed = await _collection(gql, query, {"id": alice, "yes": True}, monkeypatch)
    assert completed == 0
    assert fast == slow


async def test_cached_arguments_follow_the_variables(
    gql: GraphQLClient, catalogue: Catalogue
) -> None:
    """Wide fields' arguments are cached per variable values: each request sees its own."""
    query = "query ($id: Int, $type: MediaType) { Media(id: $id, type: $type) { id type } }"
    for media_id, media_type in [(1, None), (5, None), (1, "ANIME"), (1, None)]:
        body = await gql.data(query, {"id": media_id, "type": media_type})
        assert body["Media"] == {"id": media_id, "type": "ANIME"}
    status, body = await gql(query, {"id": 1, "type": "MANGA"})
    assert status == 404
    status, body = await gql(query, {"id": "x"})
    assert status == 400


def test_cached_arguments_neither_keep_documents_alive_nor_grow_past_their_budget() -> None:
    """The argument cache holds nodes weakly and counts variable values' bytes."""
    import gc
    import weakref

    from graphql import OperationDefinitionNode, parse
    from graphql.execution.values import get_variable_values

    from kagami.dialects.anilist_graphql.schema_loader import build_schema

    schema = build_schema()
    field = schema.query_type.fields["Media"]  # type: ignore[union-attr]
    fastpath._ARGUMENTS.clear()
    refs = []
    for index in range(200):
        document = parse(f"query Q{index} ($s: String) {{ Media(search: $s) {{ id }} }}")
        operation = document.definitions[0]
        assert isinstance(operation, OperationDefinitionNode)
        node = operation.selection_set.selections[0]
        variables = get_variable_values(
            schema, operation.variable_definitions, {"s": f"{index:06d}" * 20_000}
        )
        args = fastpath._cached_arguments(field, node, variables, False)  # type: ignore[arg-type]
        assert args is not None and args["search"].startswith(f"{index:06d}")
        refs.append(weakref.ref(document))
        del document, operation, node, variables, args
    gc.collect()
    assert all(ref() is None for ref in refs)  # the cache kept no document alive
    assert fastpath._ARGUMENTS.bytes <= fastpath._ARGUMENTS.max_bytes
    assert len(fastpath._ARGUMENTS) < 200  # 120 KB values: the 8 MB budget holds ~60
