"""AniList's query limits: complexity (cost 500), depth, and one data field per ``Page``.

Cost is graphql-php's default query complexity, which AniList's server is built on:
each selected field costs 1 plus its children, once, whether or not it is a list.
Published clients depend on that: pyanilist's search asks for four aliased pages of
50 media with ~120 fields each (~490), which AniList answers; counting list children
twice put it at 976 and refused it. Page sizes stay bounded by ``perPage`` (50, 25
nested) and depth by :data:`MAX_DEPTH`.
Introspection (``__typename``, ``__schema``, ``__type`` and everything below them)
has a budget of its own, generous enough for GraphiQL's and code generators' full
introspection query, so it is not free but never eats into the data budget.

The walk is linear in the document: a fragment's size is measured once per parent
type and reused at every spread, so a chain of fragments spreading the next one twice
costs its length, not two to the power of it. It runs before graphql-core's
validation, whose overlapping-fields rule is quadratic in the fields sharing a
response path; :func:`check_limits` bounds those pairs too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
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
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

from kagami.dialects.anilist_graphql.errors import AniListError
from kagami.http.edge_guard import text_problem

MAX_COMPLEXITY = 500
MAX_DEPTH = 16
LIST_FACTOR = 2
PAGE_META_FIELDS = frozenset({"pageInfo", "__typename"})
# Introspection types are walked with list children counted twice (LIST_FACTOR).
# Introspection budget: graphql-core's (and graphql-js's) full introspection query costs
# 784-1,120 with ``ofType`` nested 7-11 deep (952 by default, 991 with every option on);
# Apollo-style ``__typename`` in every selection set adds one per set. Two full queries
# in one request (aliases) do not fit: each takes ~100 ms of CPU to answer.
MAX_INTROSPECTION = 1_200
# Pairs of fields sharing a response path (``a: x`` twice in one selection set, or
# through fragments) that validation compares with each other, ~20 us each. Clients
# repeating ``id``/``__typename`` across a few dozen fragments stay far below.
MAX_FIELD_PAIRS = 2_000
# Items in one list argument (AniList answers lists up to 10,000 items).
MAX_LIST_ITEMS = 10_000
_META_FIELDS: dict[str, GraphQLField] = {
    "__schema": SchemaMetaFieldDef,
    "__type": TypeMetaFieldDef,
}


@dataclass(slots=True)
class _Size:
    """Cost and depth of a selection, and its introspection cost (budgeted apart)."""

    cost: int = 0
    depth: int = 0
    meta: int = 0

    def add(self, other: _Size) -> None:
        """Sibling selections: costs add up, depth is the deepest."""
        self.cost += other.cost
        self.meta += other.meta
        self.depth = max(self.depth, other.depth)


@dataclass
class _Walk:
    """One document's walk: fragments by name, their memoised sizes, the Page errors."""

    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]
    sizes: dict[tuple[str, str | None, bool], _Size] = field(default_factory=dict)
    data_keys: dict[str, tuple[tuple[str, FieldNode], ...]] = field(default_factory=dict)
    page_errors: list[AniListError] = field(default_factory=list)

    def fragment(self, name: str, parent: Any, meta: bool) -> _Size:
        """A fragment's size below ``parent``, measured once (a cycle in progress is 0)."""
        key = (name, getattr(parent, "name", None), meta)
        size = self.sizes.get(key)
        if size is None:
            self.sizes[key] = _Size()  # cuts cycles; validation reports them
            frag = self.fragments.get(name)
            size = _measure(self, parent, frag.selection_set, meta) if frag else _Size()
            self.sizes[key] = size
        return size

    def page_data(self, selection_set: SelectionSetNode) -> tuple[tuple[str, FieldNode], ...]:
        """Up to two distinct data fields (response key, node) a Page selection asks for."""
        found: dict[str, FieldNode] = {}
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                if sel.name.value not in PAGE_META_FIELDS:
                    found.setdefault(sel.alias.value if sel.alias else sel.name.value, sel)
                continue
            if isinstance(sel, InlineFragmentNode):
                inner = self.page_data(sel.selection_set)
            elif not isinstance(sel, FragmentSpreadNode):
                continue
            elif sel.name.value in self.data_keys:
                inner = self.data_keys[sel.name.value]
            else:
                self.data_keys[sel.name.value] = ()  # cuts cycles
                frag = self.fragments.get(sel.name.value)
                inner = self.page_data(frag.selection_set) if frag else ()
                self.data_keys[sel.name.value] = inner
            for key, node in inner:
                found.setdefault(key, node)
            if len(found) > 1:
                break
        return tuple(found.items())[:2]


def _type_of(walk: _Walk, condition: Any, parent: Any) -> Any:
    """The object type a fragment's selections apply to (its condition, else the parent)."""
    named = walk.schema.get_type(condition.name.value) if condition is not None else None
    return named if isinstance(named, GraphQLObjectType) else parent


def _measure(walk: _Walk, parent: Any, selection_set: SelectionSetNode, meta: bool) -> _Size:
    """The size of a selection set below ``parent`` (``meta``: inside introspection)."""
    size = _Size()
    meta = meta or (parent is not None and parent.name.startswith("__"))
    if parent is not None and parent.name == "Page" and not meta:
        data = walk.page_data(selection_set)
        if len(data) > 1:
            walk.page_errors.append(
                AniListError(
                    "Only one data field (plus pageInfo) may be requested per Page.",
                    400,
                    nodes=data[1][1],
                )
            )
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            size.add(_field(walk, parent, sel, meta))
        elif isinstance(sel, InlineFragmentNode):
            inner = _type_of(walk, sel.type_condition, parent)
            size.add(_measure(walk, inner, sel.selection_set, meta))
        elif isinstance(sel, FragmentSpreadNode):
            frag = walk.fragments.get(sel.name.value)
            inner = _type_of(walk, frag.type_condition if frag else None, parent)
            size.add(walk.fragment(sel.name.value, inner, meta))
    return size


def _field(walk: _Walk, parent: Any, node: FieldNode, meta: bool) -> _Size:
    """The size of one field: 1 plus its children (introspection: twice below lists)."""
    name = node.name.value
    if name == "__typename":
        return _Size(meta=1)
    field_def = _META_FIELDS.get(name)
    if field_def is not None:
        meta = True
    elif isinstance(parent, GraphQLObjectType):
        field_def = parent.fields.get(name)
    child_type, factor = None, 1
    if field_def is not None:
        named = get_named_type(field_def.type)
        child_type = named if isinstance(named, GraphQLObjectType) else None
        if is_list_type(get_nullable_type(field_def.type)) or named.name.endswith("Connection"):
            factor = LIST_FACTOR
    child = _Size()
    if node.selection_set is not None:
        child = _measure(walk, child_type, node.selection_set, meta)
    if meta:
        return _Size(meta=1 + (child.cost + child.meta) * factor)
    return _Size(cost=1 + child.cost, depth=1 + child.depth, meta=child.meta * factor)


def _field_pairs(walk: _Walk, selection_set: SelectionSetNode) -> int:
    """Pairs of fields sharing a response path below ``selection_set``, fragments expanded.

    Only called on selections already within the cost caps, so the expansion is small.
    """
    counts: Counter[tuple[str, ...]] = Counter()
    stack: list[tuple[SelectionSetNode, tuple[str, ...], frozenset[str]]] = [
        (selection_set, (), frozenset())
    ]
    while stack:
        current, path, seen = stack.pop()
        for sel in current.selections:
            if isinstance(sel, FieldNode):
                key = (*path, sel.alias.value if sel.alias else sel.name.value)
                counts[key] += 1
                if sel.selection_set is not None:
                    stack.append((sel.selection_set, key, seen))
            elif isinstance(sel, InlineFragmentNode):
                stack.append((sel.selection_set, path, seen))
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
                frag = walk.fragments.get(sel.name.value)
                if frag is not None:
                    stack.append((frag.selection_set, path, seen | {sel.name.value}))
    return sum(n * (n - 1) // 2 for n in counts.values())


def _over(size: _Size, node: Any, walk: _Walk) -> list[AniListError]:
    """The limit errors for one operation's (or fragment's) size."""
    caps = (
        ("query depth", MAX_DEPTH, size.depth),
        ("query complexity", MAX_COMPLEXITY, size.cost),
        ("introspection complexity", MAX_INTROSPECTION, size.meta),
    )
    errors = [
        AniListError(f"Max {what} should be {cap} but got {got}.", 400, nodes=[node])
        for what, cap, got in caps
        if got > cap
    ]
    if not errors and _field_pairs(walk, node.selection_set) > MAX_FIELD_PAIRS:
        errors.append(
            AniListError(
                "Too many fields share a response name; use different aliases.", 400, nodes=[node]
            )
        )
    return errors


def check_limits(schema: GraphQLSchema, document: DocumentNode) -> list[AniListError]:
    """Errors for operations (or fragments) over the cost, depth or field-pair caps.

    Runs before validation, so it takes nothing about the document for granted:
    unknown fields count 1, unknown fragments nothing, and fragment cycles are cut.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walk = _Walk(schema, fragments)
    errors: list[AniListError] = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            root = schema.get_root_type(definition.operation)
            size = _measure(walk, root, definition.selection_set, False)
            errors.extend(_over(size, definition, walk))
    # Validation visits every fragment, spread or not: each is bounded on its own (the
    # first one over is enough; a used one has made its operation fail already).
    for definition in fragments.values() if not errors else ():
        parent = _type_of(walk, definition.type_condition, None)
        over = _over(walk.fragment(definition.name.value, parent, False), definition, walk)
        if over:
            errors.extend(over)
            break
    return errors + walk.page_errors


# Directives in one document: clients put @include/@skip on a few dozen fields at most;
# a thousand repeated ones cost validation ~0.2 s and a hundred errors in the answer.
MAX_DIRECTIVES = 200
DIRECTIVES_MESSAGE = f"Documents may use at most {MAX_DIRECTIVES} directives."


def directive_problem(document: DocumentNode) -> GraphQLError | None:
    """An error when ``document`` uses more than :data:`MAX_DIRECTIVES` directives (linear)."""
    count = 0
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        count += len(getattr(node, "directives", None) or ())
        if count > MAX_DIRECTIVES:
            return GraphQLError(DIRECTIVES_MESSAGE, node)
        stack.extend(getattr(node, "variable_definitions", None) or ())
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)
    return None


def root_field_count(document: DocumentNode, operation: OperationDefinitionNode) -> int:
    """Fields at the top of ``operation``, through fragments (a mutation's: its writes).

    Runs on documents within the cost caps, so the expansion is small; capped all the same.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    count = 0
    stack: list[tuple[SelectionSetNode, frozenset[str]]] = [(operation.selection_set, frozenset())]
    while stack and count < MAX_COMPLEXITY:
        selection_set, seen = stack.pop()
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                count += sel.name.value != "__typename"
            elif isinstance(sel, InlineFragmentNode):
                stack.append((sel.selection_set, seen))
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
                frag = fragments.get(sel.name.value)
                if frag is not None:
                    stack.append((frag.selection_set, seen | {sel.name.value}))
    return count


LIST_MESSAGE = f"Lists may hold at most {MAX_LIST_ITEMS} items."


def literal_problems(document: DocumentNode) -> list[GraphQLError]:
    """An error per string literal the edge guard would refuse and per list over the cap.

    The edge guard (kagami.http.edge_guard) saw the document only as text: an escape such
    as ``\\u0000`` inside a literal becomes U+0000 only now, so literals go through the
    same check here, before anything runs.
    """
    found: list[GraphQLError] = []

    class _Visitor(Visitor):
        def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
            if (problem := text_problem(node.value)) is not None:
                found.append(GraphQLError(problem, node))

        def enter_list_value(self, node: ListValueNode, *_args: Any) -> None:
            if len(node.values) > MAX_LIST_ITEMS:
                found.append(GraphQLError(LIST_MESSAGE, node))

    visit(document, _Visitor())
    return found


# Nesting of a variables value: AniList's deepest input is a list inside an input object.
MAX_VARIABLE_DEPTH = 32
DEPTH_MESSAGE = f"Values may be nested at most {MAX_VARIABLE_DEPTH} levels deep."


def value_problem(value: Any) -> str | None:
    """Why a variables value is refused (too deep, a list too long, a bad string), else None.

    Iterative, so a deeply nested value cannot exhaust the stack. Strings go through the
    edge guard's check again: variables sent in a GET URL are JSON inside a query value,
    whose escapes the guard did not decode.
    """
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if (problem := text_problem(item)) is not None:
                return problem
        elif isinstance(item, dict | list):
            if depth >= MAX_VARIABLE_DEPTH:
                return DEPTH_MESSAGE
            if isinstance(item, dict):
                stack.extend((k, depth + 1) for k in item)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                if len(item) > MAX_LIST_ITEMS:
                    return LIST_MESSAGE
                stack.extend((v, depth + 1) for v in item)
    return None
