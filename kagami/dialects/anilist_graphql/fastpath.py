"""Compiled completion of big lists: graphql-core's per-field cost bypassed for one subtree.

graphql-core spends ~4 us per field (resolve info, awaitable checks, completion); a
5,000-entry MediaListCollection has ~65k fields. For a list whose selection set is
plain (no directives, no abstract types, no async resolvers), :func:`precomplete`
compiles the selection once per request into a plan -- generated Python source, one
straight-line function per object type -- that runs the schema's own resolvers (or a
direct attribute read for default ones) with one shared ``info`` per field, and coerces
leaves with the schema's scalars (after an inline check that lets already-right ints,
strings, booleans, floats and known enum values through), so results are identical to
graphql-core's (tests/dialects/anilist_graphql/test_fastpath.py compares the bytes).
Anything the plan cannot do exactly (an awaitable, an exception, a null in a non-null
field, a failed coercion) abandons the plan and hands the raw list back to graphql-core,
which then produces the usual data and errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import math
import weakref
from collections.abc import Callable, Coroutine, Sequence
from enum import Enum
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.executor import to_nodes
from graphql.execution.incremental.incremental_executor import IncrementalExecutor
from graphql.execution.values import get_argument_values
from graphql.pyutils import Undefined
from graphql.type.scalars import GRAPHQL_MAX_INT, GRAPHQL_MIN_INT

from kagami.caching import BoundedCache
from kagami.memory import collector_paused

_PLAIN = frozenset({int, str, float, bool, type(None), list, dict, tuple})


class Precompleted:
    """A list value already completed by a plan: :class:`FastExecutor` returns it as is."""

    __slots__ = ("value",)

    def __init__(self, value: list[Any]) -> None:
        self.value = value


class ServerBug(Exception):
    """A resolver returned a value its field's type cannot hold: a 500, never the client's fault."""


class FastExecutor(IncrementalExecutor):
    """graphql-core's executor, short-circuiting lists a resolver has precompleted.

    It also caches the coerced arguments of wide fields (see :meth:`execute_field`).
    graphql-core reports a wrongly shaped resolver result as a plain GraphQLError, which
    reads like bad input; wrapping it in :class:`ServerBug` lets the envelope answer 500.
    """

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        """graphql-core's ``execute_field`` with arguments of wide fields taken from a cache.

        AniList's roots take dozens of filter arguments (``Media`` has 71), and coercing
        every absent one costs more than the rest of a small query's execution; their
        values only change with the variables the field's arguments use. Anything
        unusual (fragment variables, field middleware, a miss that cannot be cached)
        runs graphql-core's own code.
        """
        first = field_details_list[0]
        node = first.node
        field_def = self.schema.get_field(parent_type, node.name.value)
        args = (
            None
            if field_def is None
            or len(field_def.args) < _WIDE_FIELD
            or first.fragment_variable_values is not None
            or self.middleware_manager is not None
            else _cached_arguments(field_def, node, self.variable_values, self.hide_suggestions)
        )
        if args is None:
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        assert field_def is not None
        # From here on, graphql-core 3.3's execute_field with ``args`` given.
        return_type = field_def.type
        resolve_fn = field_def.resolve or self.field_resolver
        info = self.build_resolve_info(field_def, to_nodes(field_details_list), parent_type, path)
        try:
            result = resolve_fn(source, info, **args)
            if self.is_awaitable(result):
                return self.complete_awaitable_value(
                    return_type, field_details_list, info, path, result, position_context
                )
            completed = self.complete_value(
                return_type, field_details_list, info, path, result, position_context
            )
            if self.is_awaitable(completed):

                async def await_completed() -> Any:
                    try:
                        return await completed
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, return_type, field_details_list, path)
                        return None

                return await_completed()
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        return completed

    @staticmethod
    def complete_leaf_value(return_type: Any, result: Any) -> Any:
        """graphql-core's leaf coercion, its failures re-raised as :class:`ServerBug`."""
        try:
            return IncrementalExecutor.complete_leaf_value(return_type, result)
        except GraphQLError as exc:
            raise ServerBug(exc.message) from exc

    def complete_list_value(
        self, return_type: Any, field_details_list: Any, info: Any, path: Any, result: Any, *a: Any
    ) -> Any:
        """The precompleted list itself, or graphql-core's completion of each item."""
        if type(result) is Precompleted:
            return result.value
        if type(result) is list and _is_int_list(return_type, result):
            return result  # statistics' mediaIds: thousands of ints, each already valid
        try:
            return super().complete_list_value(
                return_type, field_details_list, info, path, result, *a
            )
        except GraphQLError as exc:
            if exc.path is not None:  # an item's located error propagating: not ours to judge
                raise
            raise ServerBug(exc.message) from exc  # "Expected Iterable, but did not find one"


def _is_int_list(return_type: Any, result: list[Any]) -> bool:
    """Whether ``result`` is a list of Ints that graphql-core would return unchanged."""
    item = return_type.of_type
    if isinstance(item, GraphQLNonNull):
        item = item.of_type
    return item is GraphQLInt and all(
        type(x) is int and GRAPHQL_MIN_INT <= x <= GRAPHQL_MAX_INT for x in result
    )


# Fields with at least this many arguments have their coerced arguments cached.
_WIDE_FIELD = 8
_UNCACHEABLE: dict[str, Any] = {}
_IMMUTABLE = frozenset({int, str, float, bool, type(None)})
# Both caches are keyed by ids and hold the node weakly, so an evicted document is freed;
# a reused id is told apart by the dead (or different) node behind the weak reference.
# Anonymous clients choose the variable values, hence a byte budget and an age.
_CACHE_BYTES = 8 * 1024 * 1024
_CACHE_AGE = 3600.0
# (id(field), id(node)) -> (node, names of the variables its arguments use).
_USED: BoundedCache[tuple[int, int], tuple[weakref.ref[FieldNode], tuple[str, ...]]] = BoundedCache(
    _CACHE_BYTES // 8, _CACHE_AGE
)
# (id(field), id(node), variable values) -> (node, coerced arguments).
_ARGUMENTS: BoundedCache[tuple[Any, ...], tuple[weakref.ref[FieldNode], dict[str, Any]]] = (
    BoundedCache(_CACHE_BYTES, _CACHE_AGE)
)


def _variables_in(value: Any, out: list[str]) -> None:
    """Names of the variables a literal argument value refers to."""
    if isinstance(value, VariableNode):
        out.append(value.name.value)
    elif isinstance(value, ListValueNode):
        for item in value.values:
            _variables_in(item, out)
    elif isinstance(value, ObjectValueNode):
        for object_field in value.fields:
            _variables_in(object_field.value, out)


def _estimated_size(key: tuple[Any, ...], args: dict[str, Any]) -> int:
    """Rough bytes of a cached entry: the dicts and tuples, plus every string's length."""
    strings = sum(len(v) for v in (*key, *args.values()) if isinstance(v, str))
    return 256 + 96 * (len(key) + len(args)) + strings


def _cached_arguments(
    field: GraphQLField, node: FieldNode, variables: Any, hide_suggestions: bool
) -> dict[str, Any] | None:
    """The coerced arguments of ``node``, cached by the values of the variables it uses.

    None when they cannot be cached: unhashable variable values, or arguments holding
    mutable values (lists, objects) a resolver could change in place.
    """
    ids = (id(field), id(node))
    found = _USED.get(ids)
    if found is None or found[0]() is not node:
        names: list[str] = []
        for argument in node.arguments or ():
            _variables_in(argument.value, names)
        found = (weakref.ref(node), tuple(names))
        _USED.put(ids, found, 256 + 64 * len(names))
    coerced = variables.coerced if variables is not None else {}
    # Undefined (absent: the argument's default applies) differs from an explicit null.
    values = tuple((type(v), v) for v in (coerced.get(name, Undefined) for name in found[1]))
    key = (*ids, *values)
    try:
        entry = _ARGUMENTS.get(key)
    except TypeError:  # an unhashable variable value (a list, an object)
        return None
    args = entry[1] if entry is not None and entry[0]() is node else None
    if args is None:
        try:
            args = get_argument_values(field, node, variables, None, hide_suggestions)
        except Exception:  # a coercion error: graphql-core's own path reports it
            return None
        if not all(type(v) in _IMMUTABLE or isinstance(v, Enum) for v in args.values()):
            args = _UNCACHEABLE
        plain = tuple(v for _type, v in values)
        _ARGUMENTS.put(key, (weakref.ref(node), args), _estimated_size(plain, args))
    return None if args is _UNCACHEABLE else args


class _Abandon(Exception):
    """The plan cannot reproduce graphql-core's result for this value exactly."""


# A compiled step: source value -> completed value (raises _Abandon).
Step = Callable[[Any], Any]


def default_attribute(field: GraphQLField, name: str) -> str | None:
    """The attribute a default (graphql-core or Ariadne ``resolve_to``) resolver reads."""
    resolve = field.resolve
    if resolve is None:
        return name
    code = getattr(resolve, "__code__", None)
    if getattr(resolve, "__qualname__", "") == "resolve_to.<locals>.resolver" and code:
        cells = dict(zip(code.co_freevars, resolve.__closure__ or (), strict=False))
        attr = cells["attr_name"].cell_contents if "attr_name" in cells else None
        return attr if isinstance(attr, str) and "." not in attr else None
    return None


class _Compiler:
    """Generates the plan's Python source for one request (variables and context fixed).

    Each object type of the selection becomes one generated function building its dict
    with straight-line code: attribute reads, inlined type checks for the common leaf
    values (the schema's coercion is called only for anything else), and calls to the
    schema's resolvers. That avoids the several closure calls per field that a tree of
    steps costs, which dominated big lists.
    """

    def __init__(self, info: GraphQLResolveInfo) -> None:
        self.info = info
        self.namespace: dict[str, Any] = {
            "_Abandon": _Abandon,
            "_PLAIN": _PLAIN,
            "_AWAITABLE": (Coroutine, asyncio.Future),
            "_awaited": _awaited,
            "_isfinite": math.isfinite,
        }
        self.sources: list[str] = []
        self._names = 0

    def _bind(self, prefix: str, value: Any) -> str:
        """A fresh global name in the generated module bound to ``value``."""
        self._names += 1
        name = f"{prefix}{self._names}"
        self.namespace[name] = value
        return name

    def build(
        self, type_: GraphQLOutputType, selection_sets: list[SelectionSetNode]
    ) -> Step | None:
        """A step completing one list item of ``type_``, or None when no plan fits."""
        body = self.value_code(type_, selection_sets, "v")
        if body is None:
            return None
        self.sources.append("\n".join(["def _plan(v):", *_indent(body), "    return v"]))
        exec(compile("\n\n".join(self.sources), "<fastpath plan>", "exec"), self.namespace)
        plan: Step = self.namespace["_plan"]
        return plan

    def fields(
        self, parent: GraphQLObjectType, selection_sets: Sequence[SelectionSetNode]
    ) -> dict[str, list[FieldNode]] | None:
        """Response key -> field nodes, in order; None when directives or odd fragments appear."""
        out: dict[str, list[FieldNode]] = {}
        queue: list[Any] = [sel for sel_set in selection_sets for sel in sel_set.selections]
        while queue:
            sel = queue.pop(0)
            if sel.directives:
                return None
            if isinstance(sel, FieldNode):
                key = sel.alias.value if sel.alias else sel.name.value
                out.setdefault(key, []).append(sel)
                continue
            if isinstance(sel, FragmentSpreadNode):
                fragment = self.info.fragments.get(sel.name.value)
                if fragment is None or fragment.directives:
                    return None
                condition: Any = fragment.type_condition
                inner = fragment.selection_set
            elif isinstance(sel, InlineFragmentNode):
                condition, inner = sel.type_condition, sel.selection_set
            else:
                return None
            if condition is not None and condition.name.value != parent.name:
                return None
            queue[0:0] = list(inner.selections)
        return out

    def object_function(
        self, parent: GraphQLObjectType, selection_sets: Sequence[SelectionSetNode]
    ) -> str | None:
        """The name of a generated function completing one object of ``parent``."""
        fields = self.fields(parent, selection_sets)
        if fields is None:
            return None
        body: list[str] = []
        items: list[str] = []
        reads_attrs = False
        for index, (key, nodes) in enumerate(fields.items()):
            var = f"f{index}"
            code = self.field_code(parent, nodes, var)
            if code is None:
                return None
            lines, reads = code
            reads_attrs = reads_attrs or reads
            body.extend(lines)
            items.append(f"{key!r}: {var}")
        name = self._bind("_object", None)
        head = ["    d = type(s) is dict"] if reads_attrs else []
        self.sources.append(
            "\n".join(
                [
                    f"def {name}(s):",
                    *head,
                    *_indent(body),
                    "    return {" + ", ".join(items) + "}",
                ]
            )
        )
        return name

    def field_code(
        self, parent: GraphQLObjectType, nodes: list[FieldNode], var: str
    ) -> tuple[list[str], bool] | None:
        """Lines setting ``var`` to one field's completed value from source ``s``."""
        name = nodes[0].name.value
        if name == "__typename":
            return [f"{var} = {parent.name!r}"], False
        field = parent.fields.get(name)
        if field is None:
            return None
        complete = self.value_code(
            field.type, [n.selection_set for n in nodes if n.selection_set], var
        )
        if complete is None:
            return None
        args = get_argument_values(field, nodes[0], self.info.variable_values)
        attr = default_attribute(field, name)
        if attr is not None and not args:
            lines = [f"{var} = s.get({attr!r}) if d else getattr(s, {attr!r}, None)"]
            if not is_leaf_type(get_named_type(field.type)):
                # A callable or awaitable never survives leaf coercion: only checked here.
                lines.append(
                    f"if callable({var}) or (type({var}) not in _PLAIN"
                    f" and isinstance({var}, _AWAITABLE)): raise _Abandon"
                )
            return [*lines, *complete], True
        resolve = field.resolve
        if resolve is None or inspect.iscoroutinefunction(resolve):
            return None
        # One info per field, shared by every row (resolvers never read the path).
        info = self.info._replace(
            field_name=name, field_nodes=nodes, return_type=field.type, parent_type=parent
        )
        call = f"{self._bind('_resolve', resolve)}(s, {self._bind('_info', info)}"
        call += f", **{self._bind('_args', args)})" if args else ")"
        return [
            f"{var} = {call}",
            f"if type({var}) not in _PLAIN and isinstance({var}, _AWAITABLE): _awaited({var})",
            *complete,
        ], False

    def value_code(
        self, type_: GraphQLOutputType, selection_sets: list[SelectionSetNode], var: str
    ) -> list[str] | None:
        """Lines completing the resolved ``var`` of ``type_`` in place (graphql-core's rules)."""
        if is_non_null_type(type_) and is_leaf_type(type_.of_type):
            return self.leaf_code(type_.of_type, var, non_null=True)
        if is_non_null_type(type_):
            inner = self.value_code(type_.of_type, selection_sets, var)
            if inner is None:
                return None
            return [*inner, f"if {var} is None: raise _Abandon"]
        if is_list_type(type_):
            item = self.value_code(type_.of_type, selection_sets, "v")
            if item is None:
                return None
            item_fn = self._bind("_item", None)
            self.sources.append("\n".join([f"def {item_fn}(v):", *_indent(item), "    return v"]))
            return [
                f"if {var} is not None:",
                f"    if isinstance({var}, (str, bytes, dict)) or not hasattr({var}, '__iter__'):",
                "        raise _Abandon",
                f"    {var} = [{item_fn}(x) for x in {var}]",
            ]
        if is_leaf_type(type_):
            return self.leaf_code(type_, var, non_null=False)
        if is_object_type(type_):
            obj = self.object_function(type_, selection_sets)
            if obj is None:
                return None
            return [f"if {var} is not None: {var} = {obj}({var})"]
        return None  # interfaces and unions: graphql-core resolves the runtime type

    def leaf_code(self, type_: Any, var: str, *, non_null: bool) -> list[str]:
        """Lines coercing a leaf: values already right pass an inline check, others the schema."""
        leaf = self._bind("_leaf", _leaf_step(type_, non_null=non_null))
        name = type_.name
        if name == "Int":
            check = f"type({var}) is not int or not {_INT_MIN} <= {var} <= {_INT_MAX}"
        elif name in ("String", "ID"):
            check = f"type({var}) is not str"
        elif name == "Boolean":
            check = f"type({var}) is not bool"
        elif name == "Float":
            check = f"type({var}) is not float or not _isfinite({var})"
        elif isinstance(type_, GraphQLEnumType):
            names = self._bind("_enum", _enum_names(type_))
            return [
                f"{var} = {leaf}({var}) if {var} is None else ({names}.get({var}) or {leaf}({var}))"
            ]
        else:
            return [f"{var} = {leaf}({var})"]
        return [f"if {check}: {var} = {leaf}({var})"]


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _awaited(value: Any) -> None:
    """An awaitable where the plan needs a value: close it and let graphql-core take over."""
    if asyncio.iscoroutine(value):
        value.close()
    raise _Abandon


def _enum_names(type_: GraphQLEnumType) -> dict[Any, str]:
    """Internal value -> enum name, for values that can be looked up by hash."""
    by_value: dict[Any, str] = {}
    for name, enum_value in type_.values.items():
        with contextlib.suppress(TypeError):  # unhashable: the schema's coercion decides
            by_value[enum_value.value] = name
    return by_value


# Python types each built-in scalar passes through unchanged (graphql-core's coercion is a no-op).
_IDENTITY: dict[str, type] = {"String": str, "Boolean": bool, "ID": str}
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def _leaf_step(type_: Any, *, non_null: bool) -> Step:
    """Coerce a leaf as the schema would, skipping the call when the value is already right."""
    coerce = type_.coerce_output_value
    same = _IDENTITY.get(type_.name)
    is_int = type_.name == "Int"
    by_value = _enum_names(type_) if isinstance(type_, GraphQLEnumType) else {}

    def leaf(value: Any) -> Any:
        if value is None:
            if non_null:
                raise _Abandon
            return None
        kind = type(value)
        if kind is same or (is_int and kind is int and _INT_MIN <= value <= _INT_MAX):
            return value
        if by_value:
            found = by_value.get(value)
            if found is not None:
                return found
        try:
            coerced = coerce(value)
        except Exception as exc:
            raise _Abandon from exc
        if coerced is None or coerced is Undefined:
            raise _Abandon
        return coerced

    return leaf


def precomplete(info: GraphQLResolveInfo, items: list[Any], plans: dict[Any, Any]) -> Any:
    """``items`` completed for the current list field, or ``items`` itself when no plan fits.

    ``plans`` caches compiled plans for the request (keyed by the field's nodes).
    """
    key = tuple(id(node) for node in info.field_nodes)
    if key not in plans:
        type_: Any = info.return_type
        if isinstance(type_, GraphQLNonNull):
            type_ = type_.of_type
        plan = None
        if isinstance(type_, GraphQLList):
            sets = [n.selection_set for n in info.field_nodes if n.selection_set]
            plan = _Compiler(info).build(type_.of_type, sets)
        plans[key] = plan
    plan = plans[key]
    if plan is None:
        return items
    if len(items) > _SLICE:
        return _precomplete_in_slices(plan, items)
    try:
        with collector_paused():  # thousands of result dicts, none of them cyclic
            return Precompleted([plan(item) for item in items])
    except Exception:  # _Abandon, or a resolver's error: graphql-core reports it as usual
        return items


# Items completed between two returns to the event loop: ~5 ms of work, so a 5,000-entry
# list (~300 ms in all) never holds up the other requests of the process for longer.
_SLICE = 100


async def _precomplete_in_slices(plan: Callable[[Any], Any], items: list[Any]) -> Any:
    """:func:`precomplete` for a long list, yielding to the event loop between slices."""
    done: list[Any] = []
    try:
        for start in range(0, len(items), _SLICE):
            if start:
                await asyncio.sleep(0)
            with collector_paused():
                done.extend([plan(item) for item in items[start : start + _SLICE]])
    except Exception:  # as in precomplete: graphql-core completes the raw list instead
        return items
    return Precompleted(done)
