"""The Mutation boundary: a token for every field, 501 until built, POST only, commit on success."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from ariadne import MutationType, make_executable_schema
from graphql import GraphQLResolveInfo, get_named_type, is_leaf_type

from kagami.accounts.models import User
from kagami.db import Database
from kagami.dialects.anilist_graphql.executor import Executor
from kagami.dialects.anilist_graphql.resolvers.mutation import (
    guard_mutations,
    implemented_mutations,
)
from kagami.dialects.anilist_graphql.schema_loader import build_schema
from kagami.errors import NotFound
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import Social, bearer, build_social
from tests.factories import make_user

MUTATION_FIELDS = sorted(build_schema().mutation_type.fields)  # type: ignore[union-attr]


def _mutation(name: str) -> str:
    """``mutation { <name> <minimal selection> }`` (no arguments: all of them are optional)."""
    field = build_schema().mutation_type.fields[name]  # type: ignore[union-attr]
    selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
    return f"mutation {{ {name}{selection} }}"


def test_the_schema_has_anilists_29_mutations() -> None:
    assert len(MUTATION_FIELDS) == 29


@pytest.mark.parametrize("name", MUTATION_FIELDS)
async def test_every_mutation_without_a_token_is_401_unauthorized(
    gql: GraphQLClient, name: str
) -> None:
    status, body = await gql(_mutation(name))
    assert status == 401
    assert body == {
        "data": {name: None},
        "errors": [
            {"message": "Unauthorized.", "status": 401, "locations": [{"line": 1, "column": 12}]}
        ],
    }


def test_every_anilist_mutation_is_bound_to_a_resolver() -> None:
    """All 29 are built: none is left on the guard's 501 ``Not implemented yet.`` path."""
    assert sorted(implemented_mutations()) == MUTATION_FIELDS


async def test_an_unbuilt_mutation_says_so_to_a_signed_in_caller(
    gql: GraphQLClient, signed_in: dict[str, str], write_calls: list[str]
) -> None:
    """A Mutation field without a resolver is 501, never a silent null (test schema: ``skip``)."""
    status, body = await gql("mutation { skip }", None, **signed_in)
    assert (status, body) == (
        501,
        {
            "data": {"skip": None},
            "errors": [
                {
                    "message": "Not implemented yet.",
                    "status": 501,
                    "locations": [{"line": 1, "column": 12}],
                }
            ],
        },
    )
    assert write_calls == []


async def test_IV_7_mutation_over_get_is_405_with_allow_post(gql: GraphQLClient) -> None:
    response = await gql.http.get(
        "/", params={"query": "mutation { ToggleFollow(userId: 1) { id } }"}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json() == {
        "data": None,
        "errors": [
            {"message": "Mutations must be sent with POST.", "status": 405, "locations": []}
        ],
    }
    named = await gql.http.get(
        "/graphql",
        params={"query": "query Q { GenreCollection } mutation M { ToggleFollow { id } }"}
        | {"operationName": "M"},
    )
    assert named.status_code == 405
    query = await gql.http.get("/", params={"query": "{ GenreCollection }"})
    assert query.status_code == 200 and "allow" not in query.headers


# --- commit or roll back: a test schema with one write, through the real router -------------

_TEST_SDL = """type Query { ok: Int }
type Mutation { write(name: String!, fail: Boolean, unflushed: Boolean): Int, skip: Int }"""


def _writing_schema(calls: list[str]) -> Any:
    """A schema whose ``write`` inserts a user, then fails (404) when asked to.

    ``unflushed`` only adds the row to the session, so the database sees it at commit.
    """
    mutation = MutationType()

    @mutation.field("write")
    async def write(
        _obj: Any, info: GraphQLResolveInfo, name: str, fail: bool = False, unflushed: bool = False
    ) -> int:
        calls.append(name)
        if unflushed:
            info.context.session.add(User(name=name))
            return 0
        user = await info.context.call(make_user, name=name)
        if fail:
            raise NotFound()
        return int(user.id)

    schema = make_executable_schema(_TEST_SDL, mutation)
    guard_mutations(schema, implemented={"write"})
    return schema


async def _users_named(database: Database, name: str) -> int:
    async with database.session() as s:
        return int(await s.scalar(sa.select(sa.func.count()).where(User.name == name)) or 0)


@pytest.fixture
async def write_calls(gql: GraphQLClient) -> list[str]:
    calls: list[str] = []
    gql.app.state.anilist_graphql = Executor(schema=_writing_schema(calls))
    return calls


async def test_a_successful_mutation_is_committed(
    gql: GraphQLClient, database: Database, signed_in: dict[str, str], write_calls: list[str]
) -> None:
    status, body = await gql('mutation { write(name: "kept") }', None, **signed_in)
    assert status == 200 and isinstance(body["data"]["write"], int)
    assert await _users_named(database, "kept") == 1


async def test_a_failing_mutation_leaves_no_trace(
    gql: GraphQLClient, database: Database, signed_in: dict[str, str], write_calls: list[str]
) -> None:
    status, body = await gql('mutation { write(name: "gone", fail: true) }', None, **signed_in)
    assert status == 404 and body["data"] == {"write": None}
    assert write_calls == ["gone"]  # it did write, then failed: the request rolled back
    assert await _users_named(database, "gone") == 0
    # One failing field rolls back the fields before it too: the operation is one unit.
    status, _ = await gql(
        'mutation { a: write(name: "first") b: write(name: "second", fail: true) }',
        None,
        **signed_in,
    )
    assert status == 404
    assert await _users_named(database, "first") == 0


async def test_a_write_refused_at_commit_is_a_bare_500_and_leaves_no_trace(
    gql: GraphQLClient,
    database: Database,
    signed_in: dict[str, str],
    write_calls: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The second row breaks the unique name only when the commit flushes both."""
    status, body = await gql(
        'mutation { a: write(name: "twin", unflushed: true) '
        'b: write(name: "TWIN", unflushed: true) }',
        None,
        **signed_in,
    )
    assert isinstance(body["errors"][0].pop("request_id"), str)  # OB-6
    assert (status, body) == (
        500,
        {"data": None, "errors": [{"message": "Internal Server Error", "status": 500}]},
    )
    assert any("commit" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert await _users_named(database, "twin") == 0


async def test_an_anonymous_write_is_refused_before_the_resolver_runs(
    gql: GraphQLClient, database: Database, write_calls: list[str]
) -> None:
    status, body = await gql('mutation { write(name: "anon") }')
    assert status == 401 and body["data"] == {"write": None}
    assert body["errors"][0]["message"] == "Unauthorized."
    assert write_calls == []
    assert await _users_named(database, "anon") == 0


# --- a read that writes (resetNotificationCount) on the real schema --------------------------


@pytest.fixture
async def social(database: Database) -> Social:
    return await build_social(database)


async def test_a_read_that_writes_is_rolled_back_when_the_request_fails(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    headers = await bearer(gql, database, social.users["alice"])
    unread = "{ Viewer { unreadNotificationCount } }"
    before = (await gql(unread, None, **headers))[1]["data"]["Viewer"]["unreadNotificationCount"]
    assert before > 0
    status, _ = await gql(
        "{ Page { notifications(resetNotificationCount: true) { __typename } } "
        "Media(id: 999999) { id } }",
        None,
        **headers,
    )
    assert status == 404
    after = (await gql(unread, None, **headers))[1]["data"]["Viewer"]["unreadNotificationCount"]
    assert after == before
