"""Small SQL builders every domain's filtered reads share: sorts, ranges and list filters."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator


def order_terms(
    sort: Sequence[tuple[str, bool]], columns: dict[str, Any], tiebreak: Any
) -> list[Any]:
    """ORDER BY for canonical (key, descending) sorts over ``columns``, then ``tiebreak``."""
    order: list[Any] = []
    for key, desc in sort:
        column = columns.get(key)
        if column is not None:
            order.append(column.desc().nulls_last() if desc else column.asc().nulls_last())
    order.append(tiebreak)
    return order


def range_conditions(
    column: Any, greater: Any, lesser: Any, equal: Any, not_equal: Any
) -> list[Any]:
    """``x_greater``/``x_lesser``/``x``/``x_not`` as SQL conditions (bounds exclusive)."""
    conds: list[Any] = []
    if greater is not None:
        conds.append(column > greater)
    if lesser is not None:
        conds.append(column < lesser)
    if equal is not None:
        conds.append(column == equal)
    if not_equal is not None:
        conds.append(sa.or_(column.is_(None), column != not_equal))
    return conds


# Lists up to this long bind one parameter per item (``IN (?, ?, ...)``), which both
# planners estimate well; longer ones (client lists go to 10,000 items, several per
# statement) travel as one parameter, under every backend's bound-parameter limit.
INLINE_ITEMS = 100


class _ListParam(TypeDecorator[list[Any]]):
    """A whole list as one bound value: a JSON array on SQLite, an array on PostgreSQL."""

    impl = sa.String
    cache_ok = True

    def __init__(self, item_type: Any) -> None:
        super().__init__()
        self.item_type = item_type

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        """PostgreSQL binds a typed array; SQLite the JSON text ``json_each`` reads."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.ARRAY(self.item_type))
        return dialect.type_descriptor(sa.String())

    def process_bind_param(self, value: list[Any] | None, dialect: Dialect) -> Any:
        """Each item stored as its column stores it (enums by value), then JSON on SQLite."""
        if value is None or dialect.name == "postgresql":
            return value
        process = self.item_type.dialect_impl(dialect).bind_processor(dialect)
        return json.dumps([process(v) for v in value] if process else value)


class _InList(ColumnElement[bool]):
    """``column [NOT] IN`` a list bound as one parameter (see :func:`in_list`)."""

    inherit_cache = True
    type = sa.Boolean()
    _is_implicitly_boolean = True  # a condition already: SQLite needs no ``= 1`` after it
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy's declaration style)
        ("column", InternalTraversal.dp_clauseelement),
        ("values", InternalTraversal.dp_clauseelement),
        ("negate", InternalTraversal.dp_boolean),
    ]

    def __init__(self, column: Any, values: list[Any], negate: bool) -> None:
        self.column = column
        self.values = sa.bindparam(None, values, type_=_ListParam(column.type))
        self.negate = negate


@compiles(_InList)
def _in_json_each(element: _InList, compiler: Any, **kw: Any) -> str:
    """SQLite: the JSON array's items as a one-column table."""
    column = compiler.process(element.column, **kw)
    values = compiler.process(element.values, **kw)
    operator = "NOT IN" if element.negate else "IN"
    return f"{column} {operator} (SELECT value FROM json_each({values}))"


@compiles(_InList, "postgresql")
def _in_any(element: _InList, compiler: Any, **kw: Any) -> str:
    """PostgreSQL: ``= ANY(array)``."""
    column = compiler.process(element.column, **kw)
    values = compiler.process(element.values, **kw)
    return f"NOT ({column} = ANY({values}))" if element.negate else f"{column} = ANY({values})"


def distinct_items(values: Iterable[Any]) -> list[Any]:
    """The non-null items of ``values``, each once, in order (a filter list's meaning)."""
    return list(dict.fromkeys(v for v in values if v is not None))


def in_list(column: Any, values: Iterable[Any]) -> Any:
    """``column IN values`` for a client's list of any length (deduplicated, nulls dropped)."""
    items = distinct_items(values)
    if len(items) <= INLINE_ITEMS:
        return column.in_(items)
    return _InList(column, items, negate=False)


def not_in_list(column: Any, values: Iterable[Any]) -> Any:
    """``column NOT IN values`` for a client's list of any length (rows with NULL excluded)."""
    items = distinct_items(values)
    if len(items) <= INLINE_ITEMS:
        return column.not_in(items)
    return _InList(column, items, negate=True)
