"""Introspection loads in the libraries client code is built on: graphql-core 3.2, graphql-js 16.

Each library asks its own standard introspection query (with every option its clients
turn on), our live app answers it, and the library builds a client schema from the
answer; that schema, printed back, must describe exactly AniList's reference schema.
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

import pytest
from graphql import build_schema

from tests.conftest import _unavailable
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.test_schema_compat import REFERENCE, _describe
from tests.support import clients

# AniList's directives: the reference schema uses @deprecated only on fields and enum values.
ANILIST_DIRECTIVES = {
    "include": ["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"],
    "skip": ["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"],
    "deprecated": ["ENUM_VALUE", "FIELD_DEFINITION"],
}

PY_QUERY = """from graphql import get_introspection_query
print(get_introspection_query(descriptions=True, specified_by_url=True,
    directive_is_repeatable=True, schema_description=True, input_value_deprecation=True))"""
PY_BUILD = """import json, sys
from graphql import build_client_schema, print_schema, validate_schema
schema = build_client_schema(json.load(sys.stdin))
print(json.dumps({
    "sdl": print_schema(schema),
    "errors": [e.message for e in validate_schema(schema)],
    "directives": {d.name: sorted(l.name for l in d.locations) for d in schema.directives},
}))"""
JS_QUERY = """const g = require("graphql");
process.stdout.write(g.getIntrospectionQuery({descriptions: true, specifiedByUrl: true,
  directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true}));"""
JS_BUILD = """const g = require("graphql");
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const schema = g.buildClientSchema(JSON.parse(input));
  const directives = {};
  for (const d of schema.getDirectives()) directives[d.name] = [...d.locations].sort();
  process.stdout.write(JSON.stringify({
    sdl: g.printSchema(schema),
    errors: g.validateSchema(schema).map((e) => e.message),
    directives,
  }));
});"""


def _output(args: list[str], stdin: str = "", env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, input=stdin, capture_output=True, text=True, timeout=120, check=False, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


async def _introspect(gql: GraphQLClient, query: str) -> dict[str, Any]:
    status, body = await gql(query)
    assert status == 200 and "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def _assert_loaded_as_anilist(loaded: dict[str, Any]) -> None:
    assert loaded["errors"] == []
    assert loaded["directives"] == ANILIST_DIRECTIVES
    assert _describe(build_schema(loaded["sdl"])) == _describe(build_schema(REFERENCE.read_text()))


async def test_served_directives_are_exactly_anilists(gql: GraphQLClient) -> None:
    data = await _introspect(
        gql,
        "{ __schema { directives { name locations isRepeatable "
        "args { name defaultValue type { kind name ofType { name } } } } } }",
    )
    directives = {d["name"]: d for d in data["__schema"]["directives"]}
    assert {k: sorted(d["locations"]) for k, d in directives.items()} == ANILIST_DIRECTIVES
    assert not any(d["isRepeatable"] for d in directives.values())
    assert directives["deprecated"]["args"] == [
        {
            "name": "reason",
            "defaultValue": '"No longer supported"',
            "type": {"kind": "SCALAR", "name": "String", "ofType": None},
        }
    ]


@pytest.mark.parametrize("release", sorted(clients.GRAPHQL_CORE_32))
async def test_introspection_loads_in_graphql_core_3_2(gql: GraphQLClient, release: str) -> None:
    try:
        python = clients.graphql_core_32_python(release)
    except clients.InstallFailed as exc:
        _unavailable(f"graphql-core 3.2 unavailable: {exc}")
    query = _output([str(python), "-c", PY_QUERY])
    assert "specifiedByURL" in query and "isRepeatable" in query
    data = await _introspect(gql, query)
    loaded = json.loads(_output([str(python), "-c", PY_BUILD], json.dumps(data)))
    _assert_loaded_as_anilist(loaded)


async def test_introspection_loads_in_graphql_js_16(gql: GraphQLClient) -> None:
    try:
        modules = clients.graphql_js_16_modules()
    except clients.InstallFailed as exc:
        _unavailable(f"graphql-js 16 unavailable: {exc}")
    env = {**os.environ, "NODE_PATH": str(modules)}
    query = _output(["node", "-e", JS_QUERY], env=env)
    assert "specifiedByURL" in query and "isRepeatable" in query
    data = await _introspect(gql, query)
    loaded = json.loads(_output(["node", "-e", JS_BUILD], json.dumps(data), env))
    _assert_loaded_as_anilist(loaded)


async def test_engine_default_introspection_query_still_answers(gql: GraphQLClient) -> None:
    """The query GraphiQL and graphql-core 3.3 send (all options on) keeps working."""
    from graphql import get_introspection_query

    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    data = await _introspect(gql, query)
    assert data["__schema"]["mutationType"]["name"] == "Mutation"
