"""Builds the executable schema from our SDL files and the resolver bindables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ariadne import make_executable_schema
from graphql import (
    DirectiveLocation,
    GraphQLArgument,
    GraphQLDirective,
    GraphQLIncludeDirective,
    GraphQLSchema,
    GraphQLSkipDirective,
    GraphQLString,
)

SCHEMA_DIR = Path(__file__).parent / "schema"

# AniList's introspection lists only @include, @skip and @deprecated (on fields and enum
# values, the reference schema's only uses). graphql-core 3.3's defaults add @specifiedBy,
# @oneOf and a DIRECTIVE_DEFINITION location that graphql-core 3.2 (gql and most Python
# clients) cannot load: its build_client_schema rejects the whole schema.
DEPRECATED = GraphQLDirective(
    name="deprecated",
    locations=[DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.ENUM_VALUE],
    args={"reason": GraphQLArgument(GraphQLString, default_value="No longer supported")},
    description="Marks a field or enum value as no longer supported.",
)
ANILIST_DIRECTIVES = (GraphQLIncludeDirective, GraphQLSkipDirective, DEPRECATED)


def sdl() -> str:
    """All SDL files joined, in a stable order."""
    return "\n".join(p.read_text() for p in sorted(SCHEMA_DIR.glob("*.graphql")))


@cache
def build_schema() -> GraphQLSchema:
    """The executable schema (built once per process; resolvers are stateless)."""
    from kagami.dialects.anilist_graphql.resolvers import BINDABLES
    from kagami.dialects.anilist_graphql.resolvers.mutation import guard_mutations

    schema = make_executable_schema(sdl(), *BINDABLES, convert_names_case=True)
    schema.directives = ANILIST_DIRECTIVES
    guard_mutations(schema)
    return schema
