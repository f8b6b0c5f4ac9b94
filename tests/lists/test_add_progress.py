"""The site's one-click +1: progress moves from the current value, completion follows."""

from __future__ import annotations

import pytest

from kagami.db import Database
from kagami.errors import Invalid
from kagami.lists import service
from kagami.lists.changes import EntryChanges
from kagami.lists.enums import MediaListStatus
from tests.factories import make_media, make_user


async def test_add_progress_counts_up_and_completes_at_the_last_episode(
    database: Database,
) -> None:
    async with database.session() as s:
        user = await make_user(s, name="alice")
        show = await make_media(s, episodes=2)
    async with database.session() as s:
        await service.save_entry(s, user.id, media_id=show.id, changes=EntryChanges())
    async with database.session() as s:
        entry = await service.add_progress(s, user.id, media_id=show.id)
        assert (entry.progress, entry.status) == (1, MediaListStatus.CURRENT)
    async with database.session() as s:
        entry = await service.add_progress(s, user.id, media_id=show.id)
        assert (entry.progress, entry.status) == (2, MediaListStatus.COMPLETED)


async def test_add_progress_needs_an_entry(database: Database) -> None:
    async with database.session() as s:
        user = await make_user(s, name="alice")
        show = await make_media(s, episodes=2)
    with pytest.raises(Invalid) as caught:
        async with database.session() as s:
            await service.add_progress(s, user.id, media_id=show.id)
    assert "media_id" in caught.value.fields
