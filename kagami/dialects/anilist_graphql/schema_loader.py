"""Builds the executable schema from our SDL files and the resolver bindables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ariadne import make_executable_schema
from graphql import GraphQLSchema

SCHEMA_DIR = Path(__file__).parent / "schema"


def sdl() -> str:
    """All SDL files joined, in a stable order."""
    return "\n".join(p.read_text() for p in sorted(SCHEMA_DIR.glob("*.graphql")))


@cache
def build_schema() -> GraphQLSchema:
    """The executable schema (built once per process; resolvers are stateless)."""
    from kagami.dialects.anilist_graphql.resolvers import BINDABLES

    return make_executable_schema(sdl(), *BINDABLES, convert_names_case=True)
