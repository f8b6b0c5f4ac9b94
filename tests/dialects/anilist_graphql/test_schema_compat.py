"""Contract: our SDL is wire-identical to AniList's reference schema (names, types, args, enums)."""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    parse,
)

from kagami.dialects.anilist_graphql.resolvers.query import (
    implemented_page_fields,
    implemented_roots,
)
from kagami.dialects.anilist_graphql.schema_loader import build_schema as build_ours
from kagami.dialects.anilist_graphql.schema_loader import sdl

REFERENCE = Path(__file__).with_name("reference_schema.graphql")


def _describe(schema: GraphQLSchema) -> dict[str, object]:
    """Every wire-visible fact of a schema as comparable strings."""
    facts: dict[str, object] = {}
    for name, t in schema.type_map.items():
        if name.startswith("__"):
            continue
        facts[name] = type(t).__name__
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
            for fname, f in t.fields.items():
                facts[f"{name}.{fname}"] = (str(f.type), f.deprecation_reason)
                for aname, a in f.args.items():
                    facts[f"{name}.{fname}({aname})"] = (str(a.type), repr(a.default_value))
            facts[f"{name}@interfaces"] = sorted(i.name for i in t.interfaces)
        elif isinstance(t, GraphQLInputObjectType):
            for fname, f in t.fields.items():
                facts[f"{name}.{fname}"] = (str(f.type), repr(f.default_value))
        elif isinstance(t, GraphQLEnumType):
            for vname, v in t.values.items():
                facts[f"{name}::{vname}"] = v.deprecation_reason
        elif isinstance(t, GraphQLUnionType):
            facts[f"{name}@members"] = sorted(m.name for m in t.types)
    for d in schema.directives:
        facts[f"@{d.name}"] = sorted(d.locations, key=str)
    return facts


def test_schema_matches_reference_exactly() -> None:
    """Every type, field, argument (type + default), enum value and union member matches."""
    ours = _describe(build_schema(sdl()))
    reference = _describe(build_schema(REFERENCE.read_text()))
    missing = sorted(set(reference) - set(ours))
    extra = sorted(set(ours) - set(reference))
    different = sorted(k for k in set(ours) & set(reference) if ours[k] != reference[k])
    assert (missing, extra, different) == ([], [], [])


def test_sdl_carries_no_reference_descriptions() -> None:
    """Descriptions are ours or absent; none is copied from AniList's schema."""
    described: list[str] = []

    def visit(node: object) -> None:
        if getattr(node, "description", None) is not None:
            described.append(str(getattr(getattr(node, "name", None), "value", node)))
        for key in getattr(node, "keys", ()):
            value = getattr(node, key)
            for child in value if isinstance(value, tuple | list) else [value]:
                if hasattr(child, "keys"):
                    visit(child)

    visit(parse(sdl()))
    assert described == []


def test_query_root_coverage_report() -> None:
    """Print which Query root fields have resolvers (coverage report; mutations come later)."""
    schema = build_ours()
    roots = schema.query_type.fields  # type: ignore[union-attr]
    done = sorted(implemented_roots() & set(roots))
    page = schema.get_type("Page")
    assert isinstance(page, GraphQLObjectType)
    page_fields = set(page.fields) - {"pageInfo"}
    page_done = sorted(implemented_page_fields() & page_fields)
    print(f"\nQuery roots resolved: {len(done)}/{len(roots)} ({100 * len(done) // len(roots)}%)")
    print("  done:", ", ".join(done))
    print("  left:", ", ".join(sorted(set(roots) - set(done))))
    print(f"Page fields resolved: {len(page_done)}/{len(page_fields)}:", ", ".join(page_done))
    print("  left:", ", ".join(sorted(page_fields - set(page_done))))
    assert {"Page", "Media", "Character", "Staff", "Studio", "GenreCollection"} <= set(done)
