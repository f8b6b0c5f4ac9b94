"""Read-only rows for hot read paths: Core SELECTs without the ORM's per-row machinery.

An ORM instance costs identity-map bookkeeping, attribute instrumentation and per-value
enum conversion; for rows that are only read and serialised (a 5,000-entry list, a
``Media(id)`` look-up) a :class:`Record` with the same attribute names does the job for a
fraction of the time.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

# Enum columns read back as their member objects (``.value`` is read: Media.siteUrl).
_KEEP_ENUM = frozenset({("media", "type")})


class Record:
    """A read-only row with attribute access, shaped like the ORM object it stands for."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # only for absent columns; typing needs it
        raise AttributeError(name)


def plain_column(column: Any) -> Any:
    """``column``, an enum one typed as a plain string: no per-value conversion.

    Every enum here is a StrEnum stored under its value, so the string compares, hashes,
    formats and serialises (GraphQL enum names) exactly as the member does.
    """
    if isinstance(column.type, sa.Enum) and (column.table.name, column.key) not in _KEEP_ENUM:
        return sa.type_coerce(column, sa.String)
    return column


def plain_columns(table: sa.FromClause, skip: Any = ()) -> tuple[list[Any], list[str]]:
    """(SELECT columns, their attribute keys) for every column of ``table`` not in ``skip``."""
    kept = [c for c in table.columns if c.key not in skip]
    return [plain_column(c) for c in kept], [c.key for c in kept]


def to_record(keys: list[str], row: Any) -> Record:
    """One result row as a :class:`Record` under ``keys``."""
    return Record(dict(zip(keys, row, strict=True)))
