"""Favourites reads: each user's favourites of one kind, in their order, paged per user."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Character, Media, Staff, Studio
from kagami.social.enums import FavouriteKind
from kagami.social.models import Favourite

# Kind -> (target model, the favourites column pointing at it).
_TARGETS: dict[FavouriteKind, tuple[Any, Any]] = {
    FavouriteKind.ANIME: (Media, Favourite.media_id),
    FavouriteKind.MANGA: (Media, Favourite.media_id),
    FavouriteKind.CHARACTER: (Character, Favourite.character_id),
    FavouriteKind.STAFF: (Staff, Favourite.staff_id),
    FavouriteKind.STUDIO: (Studio, Favourite.studio_id),
}


@dataclass(frozen=True, slots=True)
class FavouritePage:
    """One user's page of (favourite, target) rows and how many favourites of the kind in all."""

    rows: list[tuple[Favourite, Any]]
    total: int


async def favourites_of(
    session: AsyncSession, kind: FavouriteKind, user_ids: Sequence[int], page: int, per_page: int
) -> dict[int, FavouritePage]:
    """Each user's favourites of ``kind`` in favourite order: one windowed statement per level."""
    model, target = _TARGETS[kind]
    order = [Favourite.favourite_order, Favourite.id]
    rn = sa.func.row_number().over(partition_by=Favourite.user_id, order_by=order).label("rn")
    total = sa.func.count().over(partition_by=Favourite.user_id).label("total")
    window = (
        sa.select(Favourite.id.label("fid"), rn, total)
        .where(Favourite.user_id.in_(list(user_ids)), Favourite.kind == kind)
        .subquery()
    )
    stmt = (
        sa.select(Favourite, model, window.c.total)
        .join(window, window.c.fid == Favourite.id)
        .join(model, model.id == target)
        .where(window.c.rn > (page - 1) * per_page, window.c.rn <= page * per_page)
        .order_by(Favourite.user_id, window.c.rn)
    )
    rows: dict[int, list[tuple[Favourite, Any]]] = defaultdict(list)
    totals: dict[int, int] = {}
    for fav, obj, count in (await session.execute(stmt)).all():
        rows[fav.user_id].append((fav, obj))
        totals[fav.user_id] = count
    return {uid: FavouritePage(rows[uid], totals[uid]) for uid in totals}


async def favourite_ids(
    session: AsyncSession, user_id: int, kind: FavouriteKind, ids: Sequence[int]
) -> set[int]:
    """Which of ``ids`` (targets of ``kind``) ``user_id`` has favourited: one statement.

    ANIME and MANGA share the media column, so either kind answers for any media id.
    """
    _model, target = _TARGETS[kind]
    if not ids:
        return set()
    stmt = sa.select(target).where(Favourite.user_id == user_id, target.in_(list(ids)))
    return set((await session.execute(stmt)).scalars())
