"""Tags and studios for upserted media: get-or-create by name, then link without duplicates.

Names match case-insensitively, so a source's lower-case "madhouse" reuses an existing
"Madhouse". Links are only ever added (``ON CONFLICT DO NOTHING``): ranks, spoiler flags
and credits that another source set survive, and a re-run adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import MediaStudio, MediaTag, MediaTagLink, Studio
from kagami.importers.records import MediaRecord


def _insert(session: AsyncSession, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def _ids_by_name(
    session: AsyncSession, table: Any, names: Iterable[str], extra: dict[str, Any]
) -> dict[str, int]:
    """Lower-cased name -> id, creating the names not found (three statements at most)."""
    wanted = {name.lower(): name for name in names}
    if not wanted:
        return {}
    name, id_ = table.c.name, table.c.id
    found: dict[str, int] = {}
    rows = await session.execute(
        sa.select(id_, name).where(sa.func.lower(name).in_(list(wanted))).order_by(id_)
    )
    for row_id, row_name in rows:
        found.setdefault(row_name.lower(), row_id)
    missing = [wanted[key] for key in wanted if key not in found]
    if missing:
        stmt = _insert(session, table)
        if table is MediaTag.__table__:
            stmt = stmt.on_conflict_do_nothing(index_elements=["name"])
        await session.execute(stmt, [{"name": n, **extra} for n in missing])
        rows = await session.execute(sa.select(id_, name).where(name.in_(missing)).order_by(id_))
        for row_id, row_name in rows:
            found.setdefault(row_name.lower(), row_id)
    return found


async def link_tags(session: AsyncSession, records: Sequence[MediaRecord]) -> None:
    """Create the records' tags and link them (rank 0: the source does not rank them)."""
    with_tags = [r for r in records if r.tags]
    if not with_tags:
        return
    table = MediaTag.__table__
    ids = await _ids_by_name(session, table, (t for r in with_tags for t in r.tags), {})
    links = {(r.anilist_id, ids[t.lower()]) for r in with_tags for t in r.tags}
    stmt = _insert(session, MediaTagLink.__table__).on_conflict_do_nothing(
        index_elements=["media_id", "tag_id"]
    )
    await session.execute(stmt, [{"media_id": m, "tag_id": t, "rank": 0} for m, t in sorted(links)])


async def link_studios(session: AsyncSession, records: Sequence[MediaRecord]) -> None:
    """Create the records' studios (as animation studios) and credit them as main studios."""
    with_studios = [r for r in records if r.studios]
    if not with_studios:
        return
    table = Studio.__table__
    names = (s for r in with_studios for s in r.studios)
    ids = await _ids_by_name(session, table, names, {"is_animation_studio": True})
    links = {(r.anilist_id, ids[s.lower()]) for r in with_studios for s in r.studios}
    stmt = _insert(session, MediaStudio.__table__).on_conflict_do_nothing(
        index_elements=["media_id", "studio_id"]
    )
    await session.execute(
        stmt, [{"media_id": m, "studio_id": s, "is_main": True} for m, s in sorted(links)]
    )


__all__ = ["link_studios", "link_tags"]
