"""The fuzz tests' consistency check sees counters that moved away from their rows."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from kagami.catalogue.models import Media
from kagami.lists.models import UserListTotals
from tests.fuzz.conftest import World
from tests.fuzz.consistency import drift

pytestmark = pytest.mark.fuzz


async def test_drift_names_a_counter_and_a_list_total_that_no_longer_match(world: World) -> None:
    before = await drift(world.database)  # the catalogue seeds counters without their rows
    assert not before["user_list_totals"] and not before["activities.reply_count"]
    async with world.database.session() as s:
        await s.execute(
            sa.update(Media).where(Media.id == 1).values(popularity=Media.popularity + 1)
        )
        s.add(UserListTotals(user_id=world.user_id, media_type="ANIME", private=False, count=3))
        await s.commit()
    after = await drift(world.database)
    assert after["media.popularity"] == {
        **before["media.popularity"],
        1: before["media.popularity"][1] + 1,
    }
    assert list(after["user_list_totals"]) == [(world.user_id, "ANIME", False)]
