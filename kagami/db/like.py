"""LIKE filters that answer alike on SQLite and PostgreSQL: explicit ESCAPE, Unicode case.

Without care the two backends disagree: PostgreSQL's LIKE is case-sensitive and treats ``\\``
as an escape by default, SQLite's folds ASCII case only and has no escape character. Every
``*_like`` argument and text filter builds its condition here, so they all agree.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

ESCAPE = "\\"
SQLITE_FOLD = "kagami_casefold"


class casefold(FunctionElement[str]):
    """Unicode lower case of a text expression (SQLite's own ``lower`` folds ASCII only)."""

    type = sa.String()
    inherit_cache = True


@compiles(casefold)
def _casefold_default(element: casefold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(casefold, "sqlite")
def _casefold_sqlite(element: casefold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{SQLITE_FOLD}({compiler.process(element.clauses, **kw)})"


def _fold(value: str | None) -> str | None:
    return None if value is None else value.lower()


def register_sqlite_functions(dbapi_connection: Any, _record: Any = None) -> None:
    """Give a SQLite connection the Unicode ``lower`` that ``casefold`` renders to."""
    dbapi_connection.create_function(SQLITE_FOLD, 1, _fold, deterministic=True)


def escape_like(text: str) -> str:
    """``text`` with LIKE's wildcards and the escape character made literal."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def contains_text(column: Any, text: str) -> sa.ColumnElement[bool]:
    """``column`` contains ``text`` literally (``%`` and ``_`` included), ignoring case."""
    return casefold(column).like(f"%{escape_like(text.lower())}%", escape=ESCAPE)


def starts_with_text(column: Any, text: str) -> sa.ColumnElement[bool]:
    """``column`` starts with ``text`` literally, ignoring case."""
    return casefold(column).like(f"{escape_like(text.lower())}%", escape=ESCAPE)


def matches_pattern(column: Any, pattern: str) -> sa.ColumnElement[bool]:
    """``column`` matches a client's LIKE pattern: ``%`` and ``_`` are wildcards, ``\\`` literal.

    For AniList's FuzzyDateInt arguments (``startDate_like: "2016%"``), whose text is digits,
    so case does not arise. A backslash cannot escape (PostgreSQL fails on a pattern ending
    in one): it is a plain character on both backends.
    """
    return sa.cast(column, sa.String).like(pattern.replace(ESCAPE, ESCAPE * 2), escape=ESCAPE)
