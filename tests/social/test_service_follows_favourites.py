"""Follow and favourite services on a session: state, counters, errors."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Studio
from kagami.errors import Invalid, NotFound
from kagami.social.enums import FavouriteKind
from kagami.social.favourite_service import toggle_favourite, update_favourite_order
from kagami.social.follow_service import toggle_follow
from kagami.social.models import Favourite, Follow


async def test_toggle_follow_adds_then_removes_the_follow(session: AsyncSession) -> None:
    await toggle_follow(session, 1, user_id=2)
    assert await session.scalar(sa.select(sa.func.count()).select_from(Follow)) == 1
    await toggle_follow(session, 1, user_id=2)
    assert await session.scalar(sa.select(sa.func.count()).select_from(Follow)) == 0


async def test_toggle_follow_rejects_self_and_unknown_users(session: AsyncSession) -> None:
    with pytest.raises(Invalid):
        await toggle_follow(session, 1, user_id=1)
    with pytest.raises(NotFound):
        await toggle_follow(session, 1, user_id=404)


async def _studio_favourites(session: AsyncSession, studio_id: int) -> int:
    return int(await session.scalar(sa.select(Studio.favourites).where(Studio.id == studio_id)))


async def test_toggle_favourite_moves_the_target_counter_by_one(session: AsyncSession) -> None:
    targets: dict[FavouriteKind, int | None] = {FavouriteKind.STUDIO: 2}
    await toggle_favourite(session, 1, targets=targets)
    await toggle_favourite(session, 3, targets=targets)
    assert await _studio_favourites(session, 2) == 2
    await toggle_favourite(session, 1, targets=targets)
    assert await _studio_favourites(session, 2) == 1


async def test_favourite_order_appends_and_reorders(session: AsyncSession) -> None:
    for studio in (1, 2, 3):
        await toggle_favourite(session, 1, targets={FavouriteKind.STUDIO: studio})
    rows = await session.execute(
        sa.select(Favourite.studio_id, Favourite.favourite_order).order_by(Favourite.studio_id)
    )
    assert rows.all() == [(1, 0), (2, 1), (3, 2)]
    await update_favourite_order(session, 1, orders={FavouriteKind.STUDIO: ([3, 1], [0, 5])})
    rows = await session.execute(
        sa.select(Favourite.studio_id, Favourite.favourite_order).order_by(Favourite.studio_id)
    )
    assert rows.all() == [(1, 5), (2, 1), (3, 0)]
