"""Small SQL builders every domain's filtered reads share: sort terms and range filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa


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
