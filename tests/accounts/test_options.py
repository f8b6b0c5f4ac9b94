"""UpdateUser's service: option maps merge, list options are created lazily, bounds are named."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from kagami.accounts.models import MediaListOptions, User
from kagami.accounts.options import ListOptionsChanges, UserChanges, update_user
from kagami.catalogue.enums import MediaType
from kagami.db import Database
from kagami.errors import Invalid
from kagami.lists.enums import MediaListStatus
from tests.factories import make_user


@pytest.fixture
async def user_id(database: Database) -> int:
    async with database.session() as s:
        return (await make_user(s, notification_options={"FOLLOWING": True})).id


async def _update(database: Database, user_id: int, **kw: object) -> User:
    async with database.session() as s:
        return await update_user(s, user_id, UserChanges(**kw))  # type: ignore[arg-type]


async def test_option_maps_merge_into_what_is_stored(database: Database, user_id: int) -> None:
    user = await _update(
        database,
        user_id,
        notification_options={"ACTIVITY_LIKE": False},
        disabled_list_activity={MediaListStatus.DROPPED: True},
    )
    assert user.notification_options == {"FOLLOWING": True, "ACTIVITY_LIKE": False}
    user = await _update(database, user_id, disabled_list_activity={MediaListStatus.PAUSED: True})
    assert user.disabled_list_activity == {"DROPPED": True, "PAUSED": True}


async def test_list_options_of_one_type_are_created_and_then_changed(
    database: Database, user_id: int
) -> None:
    await _update(database, user_id, manga_list_options=ListOptionsChanges(custom_lists=["Owned"]))
    await _update(
        database,
        user_id,
        manga_list_options=ListOptionsChanges(advanced_scoring_enabled=True, theme={"a": 1}),
    )
    async with database.session() as s:
        rows = (await s.scalars(sa.select(MediaListOptions))).all()
    assert len(rows) == 1
    found = rows[0]
    assert found.media_type == MediaType.MANGA and found.custom_lists == ["Owned"]
    assert (found.advanced_scoring_enabled, found.theme) == (True, {"a": 1})


@pytest.mark.parametrize("zone", ["Europe/Berlin", "+09:00", "-05:30", ""])
async def test_timezones_accepted(database: Database, user_id: int, zone: str) -> None:
    user = await _update(database, user_id, timezone=zone)
    assert user.timezone == (zone or None)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "+25:00", "../etc/passwd", "x" * 65])
async def test_timezones_refused(database: Database, user_id: int, zone: str) -> None:
    with pytest.raises(Invalid) as bad:
        await _update(database, user_id, timezone=zone)
    assert list(bad.value.fields) == ["timezone"]


async def test_bounds_are_named(database: Database, user_id: int) -> None:
    with pytest.raises(Invalid) as bad:
        await _update(
            database,
            user_id,
            about="x" * 10_001,
            activity_merge_time=525_601,
            anime_list_options=ListOptionsChanges(
                custom_lists=["x" * 129], advanced_scoring=[str(i) for i in range(21)]
            ),
        )
    assert sorted(bad.value.fields) == [
        "about",
        "activity_merge_time",
        "anime_list_options.advanced_scoring",
        "anime_list_options.custom_lists",
    ]
