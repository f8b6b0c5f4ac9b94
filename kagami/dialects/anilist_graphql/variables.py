"""AniList's loosely typed variables: a JSON string of ASCII digits is accepted for Int and Float.

Published clients send ``{"mediaId": "1"}`` and AniList answers it. Before graphql-core
coerces the variables, numeric strings are turned into numbers wherever the operation
declares an ``Int`` or ``Float`` (also inside lists and input objects); everything else
goes through unchanged, so graphql-core's own checks (range, non-integer, wrong type) and
their messages still decide. Only ASCII digits count: ``"١"`` stays a string and is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graphql import (
    GraphQLFloat,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    OperationDefinitionNode,
    type_from_ast,
)

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Longer digit strings stay strings: far out of Int's range, and int() of them is quadratic.
_MAX_INT_DIGITS = 4000
_MAY_LOOSEN = frozenset({str, list, dict})


def loosen_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: dict[str, Any]
) -> dict[str, Any]:
    """``variables`` with numeric strings as numbers where ``operation`` declares Int/Float."""
    loosened: dict[str, Any] | None = None
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        value = variables.get(name)
        if type(value) not in _MAY_LOOSEN:  # numbers, booleans, null: the hot path skips
            continue
        type_ = type_from_ast(schema, definition.type)
        if type_ is None:
            continue
        new = _loosen(type_, value)  # type: ignore[arg-type]
        if new is not value:
            loosened = loosened if loosened is not None else dict(variables)
            loosened[name] = new
    return variables if loosened is None else loosened


def _loosen(type_: GraphQLInputType, value: Any) -> Any:
    """The value with numeric strings converted along ``type_`` (the same object if none)."""
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if isinstance(type_, GraphQLList):
        if not isinstance(value, list):  # graphql-core coerces a lone value to a one-item list
            return _loosen(type_.of_type, value)
        items = [_loosen(type_.of_type, item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(type_, GraphQLInputObjectType):
        if not isinstance(value, Mapping):
            return value
        changed = {
            key: new
            for key, field in type_.fields.items()
            if key in value and (new := _loosen(field.type, value[key])) is not value[key]
        }
        return {**value, **changed} if changed else value
    if type(value) is str:
        if type_ is GraphQLInt:
            return _int(value)
        if type_ is GraphQLFloat:
            return float(value) if _FLOAT.fullmatch(value) else value
    return value


def _int(value: str) -> Any:
    """An ASCII digit string as an int (range still checked by graphql-core), else unchanged."""
    if not _INT.fullmatch(value) or len(value) > _MAX_INT_DIGITS:
        return value
    return int(value)
