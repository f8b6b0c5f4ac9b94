"""The one pagination helper every dialect's paging wraps: a page of rows plus the total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageResult(Generic[T]):
    """One page of results and where it sits in the whole result set."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def last_page(self) -> int:
        """Number of the last non-empty page (1 when there are no results)."""
        return max(1, -(-self.total // self.per_page)) if self.per_page else 1

    @property
    def has_next_page(self) -> bool:
        """Whether another page follows this one."""
        return self.page * self.per_page < self.total


def clamp_page(
    page: int | None, per_page: int | None, *, default: int, maximum: int
) -> tuple[int, int]:
    """A 1-based page number and a page size clamped to ``1..maximum``."""
    size = default if per_page is None else max(1, min(int(per_page), maximum))
    return max(1, int(page or 1)), size


async def paginate(
    session: AsyncSession, stmt: sa.Select[Any], page: int, per_page: int, *, scalars: bool = True
) -> PageResult[Any]:
    """Run ``stmt`` for one page and count all its rows (two statements)."""
    # Count over a bare SELECT 1 of the same FROM/WHERE: no wide rows in the subquery.
    counted = stmt.order_by(None).with_only_columns(sa.literal(1), maintain_column_froms=True)
    count_stmt = sa.select(sa.func.count()).select_from(counted.subquery())
    total = int((await session.execute(count_stmt)).scalar_one())
    rows_stmt = stmt.limit(per_page).offset((page - 1) * per_page)
    result = await session.execute(rows_stmt)
    items = list(result.scalars().all() if scalars else result.all())
    return PageResult(items=items, total=total, page=page, per_page=per_page)
