"""ToggleFavourite and UpdateFavouriteOrder, keeping each target's favourites counter exact."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Character, Media, Staff, Studio
from kagami.db.writes import insert_or_ignore
from kagami.errors import Invalid, NotFound
from kagami.social.enums import FavouriteKind
from kagami.social.models import Favourite

# Kind -> (field name, target model, favourites column pointing at it).
TARGETS: dict[FavouriteKind, tuple[str, Any, Any]] = {
    FavouriteKind.ANIME: ("anime_id", Media, Favourite.media_id),
    FavouriteKind.MANGA: ("manga_id", Media, Favourite.media_id),
    FavouriteKind.CHARACTER: ("character_id", Character, Favourite.character_id),
    FavouriteKind.STAFF: ("staff_id", Staff, Favourite.staff_id),
    FavouriteKind.STUDIO: ("studio_id", Studio, Favourite.studio_id),
}
# Longest id list UpdateFavouriteOrder takes per kind (bounds one statement's size).
MAX_ORDER_IDS = 500


async def _target_exists(session: AsyncSession, kind: FavouriteKind, target_id: int) -> bool:
    _arg, model, _column = TARGETS[kind]
    stmt = sa.select(model.id).where(model.id == target_id)
    if kind in (FavouriteKind.ANIME, FavouriteKind.MANGA):
        media_type = MediaType.ANIME if kind is FavouriteKind.ANIME else MediaType.MANGA
        stmt = stmt.where(Media.type == media_type)
    return await session.scalar(stmt) is not None


async def _bump(session: AsyncSession, kind: FavouriteKind, target_id: int, delta: int) -> None:
    _arg, model, _column = TARGETS[kind]
    await session.execute(
        sa.update(model)
        .where(model.id == target_id)
        .values(favourites=model.favourites + delta)
        .execution_options(synchronize_session=False)
    )


async def toggle_favourite(
    session: AsyncSession, actor_id: int, *, targets: dict[FavouriteKind, int | None]
) -> None:
    """Favourite the one given target (anime, manga, character, staff or studio), or unfavourite.

    A new favourite goes last in the user's order of its kind; the target's ``favourites``
    counter moves by one with SQL arithmetic, only when a row was really added or removed.
    """
    given = [(kind, ident) for kind, ident in targets.items() if ident is not None]
    if len(given) != 1:
        names = [TARGETS[k][0] for k in TARGETS]
        raise Invalid({name: ["Exactly one id to un/favourite is required."] for name in names})
    kind, target_id = given[0]
    _arg, _model, column = TARGETS[kind]
    removed = await session.execute(
        sa.delete(Favourite).where(
            Favourite.user_id == actor_id, Favourite.kind == kind, column == target_id
        )
    )
    if getattr(removed, "rowcount", 0):
        await _bump(session, kind, target_id, -1)
        return
    if not await _target_exists(session, kind, target_id):
        raise NotFound()
    last = sa.select(sa.func.coalesce(sa.func.max(Favourite.favourite_order) + 1, 0)).where(
        Favourite.user_id == actor_id, Favourite.kind == kind
    )
    added = await insert_or_ignore(
        session,
        Favourite,
        user_id=actor_id,
        kind=kind,
        favourite_order=last.scalar_subquery(),
        **{column.key: target_id},
    )
    if added:
        await _bump(session, kind, target_id, 1)


async def update_favourite_order(
    session: AsyncSession,
    actor_id: int,
    *,
    orders: dict[FavouriteKind, tuple[Sequence[int] | None, Sequence[int] | None]],
) -> None:
    """Set the actor's ``favourite_order`` of each listed target: one UPDATE per kind given.

    ``orders`` maps a kind to (target ids, their orders), which must have the same length;
    ids the user has not favourited are skipped.
    """
    plans: list[tuple[FavouriteKind, dict[int, int]]] = []
    for kind, (ids, order) in orders.items():
        if ids is None and order is None:
            continue
        arg = TARGETS[kind][0] + "s"  # anime_ids, character_ids...
        ids, order = list(ids or []), list(order or [])
        if len(ids) != len(order):
            raise Invalid({arg: ["The ids and their order must have the same length."]})
        if len(ids) > MAX_ORDER_IDS:
            raise Invalid({arg: [f"The ids may not have more than {MAX_ORDER_IDS} items."]})
        if any(i is None for i in ids) or any(o is None for o in order):
            raise Invalid({arg: ["The ids and their order may not contain null."]})
        if ids:
            plans.append((kind, dict(zip(ids, order, strict=True))))
    for kind, by_id in plans:
        column = TARGETS[kind][2]
        await session.execute(
            sa.update(Favourite)
            .where(Favourite.user_id == actor_id, Favourite.kind == kind, column.in_(list(by_id)))
            .values(favourite_order=sa.case(by_id, value=column))
            .execution_options(synchronize_session=False)
        )
