"""AniList's query limits: complexity (cost 500), depth, and one data field per ``Page``.

Cost is a heuristic in the spirit of AniList's: each field costs 1 plus its
children, and the children of a list or connection field count twice, so wide
nested lists grow quickly while ordinary detail queries stay far below the cap.
Introspection (``__schema``/``__type``) is free, as GraphiQL needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    Visitor,
    get_named_type,
    get_nullable_type,
    is_list_type,
    visit,
)
from graphql.language import DocumentNode

from kagami.dialects.anilist_graphql.errors import AniListError

MAX_COMPLEXITY = 500
MAX_DEPTH = 16
LIST_FACTOR = 2
PAGE_META_FIELDS = frozenset({"pageInfo", "__typename"})


@dataclass
class _Walk:
    """State of one operation's walk: fragments by name, and the Page fields seen."""

    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    page_errors: list[AniListError] = field(default_factory=list)


def _fields(
    walk: _Walk, selection_set: SelectionSetNode | None, seen: frozenset[str]
) -> list[FieldNode]:
    """The field nodes of a selection set with fragments expanded (cycles cut)."""
    out: list[FieldNode] = []
    for sel in selection_set.selections if selection_set else ():
        if isinstance(sel, FieldNode):
            out.append(sel)
        elif isinstance(sel, InlineFragmentNode):
            out.extend(_fields(walk, sel.selection_set, seen))
        elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
            frag = walk.fragments.get(sel.name.value)
            if frag is not None:
                out.extend(_fields(walk, frag.selection_set, seen | {sel.name.value}))
    return out


def _measure(
    walk: _Walk,
    parent: GraphQLObjectType | None,
    selection_set: SelectionSetNode | None,
    seen: frozenset[str],
) -> tuple[int, int]:
    """(cost, depth) of a selection set below ``parent``."""
    cost, depth = 0, 0
    nodes = _fields(walk, selection_set, seen)
    if parent is not None and parent.name == "Page":
        data = {
            n.alias.value if n.alias else n.name.value
            for n in nodes
            if n.name.value not in PAGE_META_FIELDS
        }
        if len(data) > 1:
            walk.page_errors.append(
                AniListError(
                    "Only one data field (plus pageInfo) may be requested per Page.",
                    400,
                    nodes=[n for n in nodes if n.name.value not in PAGE_META_FIELDS][1],
                )
            )
    for node in nodes:
        name = node.name.value
        if name.startswith("__"):
            continue
        field_def = parent.fields.get(name) if isinstance(parent, GraphQLObjectType) else None
        child_type = None
        factor = 1
        if field_def is not None:
            nullable = get_nullable_type(field_def.type)
            named = get_named_type(field_def.type)
            child_type = named if isinstance(named, GraphQLObjectType) else None
            if is_list_type(nullable) or named.name.endswith("Connection"):
                factor = LIST_FACTOR
        child_cost, child_depth = (0, 0)
        if node.selection_set is not None:
            child_cost, child_depth = _measure(walk, child_type, node.selection_set, seen)
        cost += 1 + child_cost * factor
        depth = max(depth, 1 + child_depth)
    return cost, depth


def check_limits(schema: GraphQLSchema, document: DocumentNode) -> list[AniListError]:
    """Errors for operations over the cost or depth cap, or asking several fields of one Page."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    errors: list[AniListError] = []
    for op in document.definitions:
        if not isinstance(op, OperationDefinitionNode):
            continue
        root = schema.get_root_type(op.operation)
        walk = _Walk(schema, fragments)
        cost, depth = _measure(walk, root, op.selection_set, frozenset())
        if depth > MAX_DEPTH:
            errors.append(
                AniListError(
                    f"Max query depth should be {MAX_DEPTH} but got {depth}.", 400, nodes=[op]
                )
            )
        if cost > MAX_COMPLEXITY:
            errors.append(
                AniListError(
                    f"Max query complexity should be {MAX_COMPLEXITY} but got {cost}.",
                    400,
                    nodes=[op],
                )
            )
        errors.extend(walk.page_errors)
    return errors


NUL_MESSAGE = "String values may not contain the NUL character."


def nul_strings(document: DocumentNode) -> list[GraphQLError]:
    """An error per string literal holding U+0000 (written ``\\u0000`` in the query).

    No database stores it in text (PostgreSQL refuses the statement), so it is bad
    input, answered as such before anything runs.
    """
    found: list[GraphQLError] = []

    class _Visitor(Visitor):
        def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
            if "\x00" in node.value:
                found.append(GraphQLError(NUL_MESSAGE, node))

    visit(document, _Visitor())
    return found


def holds_nul(value: Any) -> bool:
    """Whether a variables value holds U+0000 in any string, key or nested item."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(k) or holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(holds_nul(v) for v in value)
    return False
