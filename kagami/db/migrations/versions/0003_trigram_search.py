"""Trigram search documents for media, characters, staff, studios and users.

One ``search_<table>`` side table per searchable table holds a lower-cased document: every
title/name on its own line, framed by newlines (so ``\\n<q>\\n`` is an exact match and
``\\n<q>`` a prefix). Triggers on the source table keep it in step. SQLite makes it an FTS5
``trigram`` table (rowid = source id); PostgreSQL a plain table with a pg_trgm GIN index.
The ``search_`` prefix keeps these objects out of autogenerate (kagami.db.autogen).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table: (text expressions, JSON string-array columns); ``{r}`` is the row reference.
_TARGETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "media": (("{r}title_romaji", "{r}title_english", "{r}title_native"), ("synonyms",)),
    "characters": (
        (
            "{r}name_full",
            "{r}name_native",
            "trim(coalesce({r}name_last, '') || ' ' || coalesce({r}name_first, ''))",
        ),
        ("name_alternative",),
    ),
    "staff": (
        (
            "{r}name_full",
            "{r}name_native",
            "trim(coalesce({r}name_last, '') || ' ' || coalesce({r}name_first, ''))",
        ),
        ("name_alternative",),
    ),
    "studios": (("{r}name",), ()),
    "users": (("{r}name",), ()),
}


def _watched(table: str) -> list[str]:
    texts, arrays = _TARGETS[table]
    columns = {
        word.removeprefix("{r}")
        for expr in texts
        for word in expr.replace("(", " ").replace(",", " ").split()
        if word.startswith("{r}")
    }
    return sorted(columns | set(arrays))


def _sqlite_doc(table: str, r: str) -> str:
    texts, arrays = _TARGETS[table]
    parts = [f"lower(coalesce({t.format(r=r)}, ''))" for t in texts]
    parts += [
        f"coalesce((SELECT group_concat(lower(value), char(10)) FROM json_each("
        f"CASE WHEN json_valid({r}{a}) THEN {r}{a} ELSE '[]' END) WHERE type = 'text'), '')"
        for a in arrays
    ]
    return "char(10) || " + " || char(10) || ".join(parts) + " || char(10)"


def _postgres_doc(table: str, r: str) -> str:
    texts, arrays = _TARGETS[table]
    parts = [f"lower(coalesce({t.format(r=r)}, ''))" for t in texts]
    parts += [
        f"coalesce((SELECT string_agg(lower(v), chr(10)) FROM json_array_elements_text("
        f"CASE WHEN json_typeof({r}{a}) = 'array' THEN {r}{a} ELSE '[]'::json END) AS v), '')"
        for a in arrays
    ]
    return "chr(10) || " + " || chr(10) || ".join(parts) + " || chr(10)"


def _upgrade_sqlite(table: str) -> None:
    search = f"search_{table}"
    op.execute(f"CREATE VIRTUAL TABLE {search} USING fts5(doc, tokenize = 'trigram')")
    op.execute(
        f"INSERT INTO {search} (rowid, doc) SELECT t.id, {_sqlite_doc(table, 't.')} FROM {table} t"
    )
    insert = f"INSERT INTO {search} (rowid, doc) VALUES (new.id, {_sqlite_doc(table, 'new.')});"
    delete = f"DELETE FROM {search} WHERE rowid = old.id;"
    op.execute(f"CREATE TRIGGER {search}_ai AFTER INSERT ON {table} BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER {search}_ad AFTER DELETE ON {table} BEGIN {delete} END")
    op.execute(
        f"CREATE TRIGGER {search}_au AFTER UPDATE OF id, {', '.join(_watched(table))} "
        f"ON {table} BEGIN {delete} {insert} END"
    )


def _upgrade_postgres(table: str) -> None:
    search = f"search_{table}"
    op.execute(
        f"CREATE TABLE {search} (id integer PRIMARY KEY "
        f"REFERENCES {table} (id) ON DELETE CASCADE ON UPDATE CASCADE, doc text NOT NULL)"
    )
    op.execute(
        f"INSERT INTO {search} (id, doc) SELECT t.id, {_postgres_doc(table, 't.')} FROM {table} t"
    )
    op.execute(f"CREATE INDEX {search}_doc_trgm ON {search} USING gin (doc gin_trgm_ops)")
    op.execute(
        f"CREATE FUNCTION {search}_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {search} (id, doc) VALUES (NEW.id, {_postgres_doc(table, 'NEW.')}) "
        f"ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc; RETURN NULL; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {search}_sync AFTER INSERT OR UPDATE OF {', '.join(_watched(table))} "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION {search}_sync()"
    )


def upgrade() -> None:
    """Create the search documents, fill them from existing rows, and keep them in sync."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in _TARGETS:
        (_upgrade_sqlite if sqlite else _upgrade_postgres)(table)


def downgrade() -> None:
    """Drop the search documents and their triggers."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in _TARGETS:
        search = f"search_{table}"
        if sqlite:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {search}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {search}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {search}_sync ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {search}_sync()")
            op.execute(f"DROP TABLE IF EXISTS {search}")
