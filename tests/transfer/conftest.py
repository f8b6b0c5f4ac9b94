"""A small catalogue and a user for the import/export tests, on both backends."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from kagami.catalogue.enums import MediaFormat, MediaType
from kagami.db import Database
from kagami.lists.models import UserListTotals
from kagami.lists.totals import rebuild
from tests.factories import make_media, make_user


@dataclass(frozen=True)
class Catalogue:
    """Media ids: two anime with MAL ids, one anime without, one manga with a MAL id."""

    bebop: int = 1
    trigun: int = 6
    no_mal: int = 7
    monster: int = 30


CATALOGUE = Catalogue()


async def make_catalogue(database: Database) -> None:
    """The same four media (same ids) in any database."""
    async with database.session() as session:
        await make_media(session, id=1, id_mal=1, episodes=26, duration=24, format=MediaFormat.TV)
        await make_media(session, id=6, id_mal=6, episodes=26, duration=24, format=MediaFormat.TV)
        await make_media(session, id=7, episodes=12, duration=24, format=MediaFormat.ONA)
        await make_media(session, id=30, id_mal=1, type=MediaType.MANGA, chapters=162, volumes=18)


@pytest.fixture
async def catalogue(database: Database) -> Catalogue:
    """The test catalogue and a user named alice."""
    await make_catalogue(database)
    async with database.session() as session:
        await make_user(session, name="alice")
    return CATALOGUE


async def totals_are_exact(database: Database) -> bool:
    """Whether the maintained list totals equal a recount from the entries."""

    async def rows() -> list[tuple[object, ...]]:
        async with database.session() as session:
            result = await session.execute(
                sa.select(UserListTotals).order_by(
                    UserListTotals.user_id, UserListTotals.media_type, UserListTotals.private
                )
            )
            return [
                (
                    t.user_id,
                    t.media_type,
                    t.private,
                    t.count,
                    t.score_sum,
                    t.episodes_watched,
                    t.chapters_read,
                    t.volumes_read,
                    t.minutes_watched,
                )
                for t in result.scalars()
                if t.count or t.score_sum or t.episodes_watched or t.chapters_read
            ]

    kept = await rows()
    async with database.session() as session:
        await rebuild(session)
    return kept == await rows()
