"""Community reads shared by reviews, recommendations and the forum: sorts and per-parent pages.

The per-kind services live in ``reviews``, ``recommendations`` and ``forum``; this module
holds what they share, so each per-parent connection is one statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.connections import Slice
from kagami.db.filters import order_terms, range_conditions

__all__ = ["order_terms", "per_parent", "range_conditions"]


async def per_parent(
    session: AsyncSession,
    model: Any,
    partition: Any,
    where: Sequence[Any],
    order: Sequence[Any],
    page: int,
    per_page: int,
) -> dict[int, Slice]:
    """Rows of ``model`` grouped by ``partition``, each group ordered and cut to one page."""
    rn = sa.func.row_number().over(partition_by=partition, order_by=list(order)).label("rn")
    total = sa.func.count().over(partition_by=partition).label("total")
    window = sa.select(model.id.label("eid"), partition.label("pid"), rn, total).where(*where)
    inner = window.subquery()
    stmt = (
        sa.select(model, inner.c.pid, inner.c.total)
        .join(inner, inner.c.eid == model.id)
        .where(inner.c.rn > (page - 1) * per_page, inner.c.rn <= page * per_page)
        .order_by(inner.c.pid, inner.c.rn)
    )
    groups: dict[int, list[Any]] = defaultdict(list)
    totals: dict[int, int] = {}
    for row, pid, count in (await session.execute(stmt)).all():
        groups[pid].append(row)
        totals[pid] = count
    return {pid: Slice(groups[pid], totals[pid]) for pid in totals}
