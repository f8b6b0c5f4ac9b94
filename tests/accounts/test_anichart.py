"""AniChart settings and highlights at the service level: merge, replace, bounds."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.anichart import update_anichart_highlights, update_anichart_settings
from kagami.accounts.models import User
from kagami.db import Database
from kagami.errors import Invalid
from tests.factories import make_one_of_each


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    async with database.session() as seeding:
        await make_one_of_each(seeding, 2)
    async with database.sessionmaker() as db:
        yield db


async def _stored(session: AsyncSession) -> tuple[object, object]:
    row = (
        await session.execute(
            sa.select(User.anichart_settings, User.anichart_highlights).where(User.id == 1)
        )
    ).one()
    return row[0], row[1]


async def test_settings_merge_and_persist(session: AsyncSession) -> None:
    first = await update_anichart_settings(session, 1, theme="dark", sort="POPULARITY")
    assert first == {"theme": "dark", "sort": "POPULARITY"}
    merged = await update_anichart_settings(session, 1, title_language="NATIVE", sort="SCORE")
    assert merged == {"theme": "dark", "sort": "SCORE", "title_language": "NATIVE"}
    assert (await _stored(session))[0] == merged


async def test_settings_are_bounded(session: AsyncSession) -> None:
    with pytest.raises(Invalid) as caught:
        await update_anichart_settings(session, 1, theme="x" * 65)
    assert caught.value.fields == {"theme": ["The theme may not be greater than 64 characters."]}
    assert await _stored(session) == (None, None)


async def test_highlights_replace_the_set_and_empty_ones_drop(session: AsyncSession) -> None:
    assert await update_anichart_highlights(session, 1, highlights=[(2, "red"), (1, "green")]) == {
        "1": "green",
        "2": "red",
    }
    replaced = await update_anichart_highlights(session, 1, highlights=[(2, "blue"), (1, "")])
    assert replaced == {"2": "blue"}
    assert (await _stored(session))[1] == {"2": "blue"}


async def test_highlights_are_checked(session: AsyncSession) -> None:
    with pytest.raises(Invalid) as caught:
        await update_anichart_highlights(session, 1, highlights=[(None, "red"), (None, "x" * 65)])
    assert caught.value.fields == {
        "media_id": ["The media id field is required."],
        "highlight": ["The highlight may not be greater than 64 characters."],
    }
    with pytest.raises(Invalid) as caught:
        await update_anichart_highlights(session, 1, highlights=[(1, "red"), (99, "red")])
    assert caught.value.fields == {"media_id": ["The selected media id is invalid."]}
    with pytest.raises(Invalid) as caught:
        await update_anichart_highlights(session, 1, highlights=[(1, "red")] * 501)
    assert list(caught.value.fields) == ["highlights"]
    assert await _stored(session) == (None, None)
