"""Fixtures for the sync and mirror tests: one remote Kagami per session, a local catalogue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kagami.db import Database
from tests.factories import make_media, make_user
from tests.sync.remote import CATALOGUE, EPISODES, Remote, start_remote


@pytest.fixture(scope="session")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Remote]:
    """A live ``kagami serve`` with a rich catalogue and a pool of users with tokens."""
    started = start_remote(tmp_path_factory.mktemp("remote-kagami"))
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
async def local(database: Database) -> Database:
    """The local database with the shared media (bare: titles only) and the user ``alice``."""
    async with database.session() as s:
        for media_id, mal, kind, title in CATALOGUE:
            await make_media(
                s, id=media_id, id_mal=mal, type=kind, title_romaji=title,
                episodes=EPISODES.get(media_id),
            )  # fmt: skip
        await make_user(s, name="alice")
    return database
