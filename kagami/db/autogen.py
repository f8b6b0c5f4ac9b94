"""What Alembic autogenerate compares: everything but the migration-only search objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.runtime.environment import NameFilterParentNames, NameFilterType

# Migration 0003 creates these (FTS5 tables and their shadow tables, pg_trgm side tables);
# no model describes them, so autogenerate must not offer to drop them.
SEARCH_PREFIX = "search_"


def include_name(
    name: str | None, type_: NameFilterType, _parent_names: NameFilterParentNames
) -> bool:
    """Alembic ``include_name`` hook: skip reflected objects that only migrations own."""
    return not (type_ in ("table", "index") and name is not None and name.startswith(SEARCH_PREFIX))
