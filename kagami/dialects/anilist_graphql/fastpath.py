"""Compiled completion of big lists: graphql-core's per-field cost bypassed for one subtree.

graphql-core spends ~4 us per field (resolve info, awaitable checks, completion); a
5,000-entry MediaListCollection has ~65k fields. For a list whose selection set is
plain (no directives, no abstract types, no async resolvers), :func:`precomplete`
compiles the selection once per request into a plan, runs the schema's own resolvers
(or a direct attribute read for default ones) with one shared ``info`` per field, and
coerces leaves with the schema's scalars, so results are identical to graphql-core's.
Anything the plan cannot do exactly (an awaitable, an exception, a null in a non-null
field, a failed coercion) abandons the plan and hands the raw list back to graphql-core,
which then produces the usual data and errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.incremental.incremental_executor import IncrementalExecutor
from graphql.execution.values import get_argument_values
from graphql.pyutils import Undefined

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

    graphql-core reports a wrongly shaped resolver result as a plain GraphQLError, which
    reads like bad input; wrapping it in :class:`ServerBug` lets the envelope answer 500.
    """

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
        try:
            return super().complete_list_value(
                return_type, field_details_list, info, path, result, *a
            )
        except GraphQLError as exc:
            if exc.path is not None:  # an item's located error propagating: not ours to judge
                raise
            raise ServerBug(exc.message) from exc  # "Expected Iterable, but did not find one"


class _Abandon(Exception):
    """The plan cannot reproduce graphql-core's result for this value exactly."""


# A compiled step: source value -> completed value (raises _Abandon).
Step = Callable[[Any], Any]


def _is_awaitable(value: Any) -> bool:
    return type(value) not in _PLAIN and isinstance(value, Coroutine | asyncio.Future)


def _default_attr(field: GraphQLField, name: str) -> str | None:
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
    """Builds steps for one request (variables and context fixed)."""

    def __init__(self, info: GraphQLResolveInfo) -> None:
        self.info = info

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

    def object_step(
        self, parent: GraphQLObjectType, selection_sets: Sequence[SelectionSetNode]
    ) -> Step | None:
        """A step completing one object of ``parent`` with the merged selection sets."""
        fields = self.fields(parent, selection_sets)
        if fields is None:
            return None
        steps: list[tuple[str, Step]] = []
        for key, nodes in fields.items():
            step = self.field_step(parent, nodes)
            if step is None:
                return None
            steps.append((key, step))
        frozen = tuple(steps)

        def complete(source: Any) -> dict[str, Any]:
            return {key: step(source) for key, step in frozen}

        return complete

    def field_step(self, parent: GraphQLObjectType, nodes: list[FieldNode]) -> Step | None:
        """A step resolving and completing one field of ``parent`` from its source."""
        name = nodes[0].name.value
        if name == "__typename":
            type_name = parent.name
            return lambda _source: type_name
        field = parent.fields.get(name)
        if field is None:
            return None
        complete = self.value_step(field.type, [n.selection_set for n in nodes if n.selection_set])
        if complete is None:
            return None
        args = get_argument_values(field, nodes[0], self.info.variable_values)
        attr = _default_attr(field, name)
        if attr is not None and not args:
            return self._read_step(attr, complete, is_leaf_type(get_named_type(field.type)))
        resolve = field.resolve
        if resolve is None or inspect.iscoroutinefunction(resolve):
            return None
        # One info per field, shared by every row (resolvers never read the path).
        info = self.info._replace(
            field_name=name, field_nodes=nodes, return_type=field.type, parent_type=parent
        )

        def step(source: Any) -> Any:
            try:
                value = resolve(source, info, **args)
            except Exception as exc:
                raise _Abandon from exc
            if _is_awaitable(value):
                if asyncio.iscoroutine(value):
                    value.close()
                raise _Abandon
            return complete(value)

        return step

    @staticmethod
    def _read_step(attr: str, complete: Step, leaf: bool) -> Step:
        def read_leaf(source: Any) -> Any:
            # A callable or awaitable never survives leaf coercion: no check needed here.
            if type(source) is dict:
                return complete(source.get(attr))
            return complete(getattr(source, attr, None))

        def read(source: Any) -> Any:
            value = source.get(attr) if type(source) is dict else getattr(source, attr, None)
            if callable(value) or _is_awaitable(value):
                raise _Abandon
            return complete(value)

        return read_leaf if leaf else read

    def value_step(
        self, type_: GraphQLOutputType, selection_sets: list[SelectionSetNode]
    ) -> Step | None:
        """A step completing a resolved value of ``type_`` as graphql-core's completeValue."""
        if is_non_null_type(type_) and is_leaf_type(type_.of_type):
            return _leaf_step(type_.of_type, non_null=True)
        if is_non_null_type(type_):
            inner = self.value_step(type_.of_type, selection_sets)
            if inner is None:
                return None

            def non_null(value: Any) -> Any:
                completed = inner(value)
                if completed is None:
                    raise _Abandon
                return completed

            return non_null
        if is_list_type(type_):
            item = self.value_step(type_.of_type, selection_sets)
            if item is None:
                return None

            def listed(value: Any) -> Any:
                if value is None:
                    return None
                if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
                    raise _Abandon
                return [item(v) for v in value]

            return listed
        if is_leaf_type(type_):
            return _leaf_step(type_, non_null=False)
        if is_object_type(type_):
            obj = self.object_step(type_, selection_sets)
            if obj is None:
                return None
            return lambda value: None if value is None else obj(value)
        return None  # interfaces and unions: graphql-core resolves the runtime type


# Python types each built-in scalar passes through unchanged (graphql-core's coercion is a no-op).
_IDENTITY: dict[str, type] = {"String": str, "Boolean": bool, "ID": str}
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def _leaf_step(type_: Any, *, non_null: bool) -> Step:
    """Coerce a leaf as the schema would, skipping the call when the value is already right."""
    coerce = type_.coerce_output_value
    same = _IDENTITY.get(type_.name)
    is_int = type_.name == "Int"
    by_value: dict[Any, str] = {}
    if isinstance(type_, GraphQLEnumType):
        for name, enum_value in type_.values.items():
            with contextlib.suppress(TypeError):  # unhashable: the schema's coercion decides
                by_value[enum_value.value] = name

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
            plan = _Compiler(info).value_step(type_.of_type, sets)
        plans[key] = plan
    plan = plans[key]
    if plan is None:
        return items
    try:
        return Precompleted([plan(item) for item in items])
    except _Abandon:
        return items
