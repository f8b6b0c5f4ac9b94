"""A content fingerprint of the whole database: proves two seeded databases hold the same rows."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import sqlalchemy as sa

from kagami.db import Base, Database

# Bookkeeping stamped with the wall clock, not content.
DEFAULT_SKIP: Mapping[str, frozenset[str]] = {"kagami_meta": frozenset({"updated_at"})}


async def content_hash(
    database: Database, *, skip_columns: Mapping[str, frozenset[str]] = DEFAULT_SKIP
) -> str:
    """SHA-256 over every table's rows in primary-key order (same content, same hash).

    Values are hashed as the driver returns them (no type processing, which would dominate
    the cost), so hashes compare databases on the same backend.
    """
    import kagami.models  # noqa: F401  (fills Base.metadata)

    digest = hashlib.sha256()
    async with database.engine.connect() as conn:
        quote = conn.dialect.identifier_preparer.quote
        for table in sorted(Base.metadata.tables.values(), key=lambda t: t.name):
            skipped = skip_columns.get(table.name, frozenset())
            columns = ", ".join(quote(c.name) for c in table.columns if c.name not in skipped)
            order = ", ".join(quote(c.name) for c in table.primary_key.columns)
            digest.update(f"\x00{table.name}\x00".encode())
            query = f"SELECT {columns} FROM {quote(table.name)} ORDER BY {order}"
            result = await conn.stream(sa.text(query))
            async for rows in result.partitions(10_000):
                digest.update(repr([tuple(row) for row in rows]).encode())
    return digest.hexdigest()
