"""List models: one entry per user and media, bounded scores, custom-list memberships."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import configure_mappers

from kagami.catalogue.enums import MediaType
from kagami.db.base import Base
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry, ListEntryCustomList
from tests.factories import make_media, make_user

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def user_id(session_factory: Sessions) -> int:
    """A user, and media 1 and 2."""
    async with session_factory() as session, session.begin():
        await make_media(session, id=1)
        await make_media(session, id=2)
        user = await make_user(session, name="lister")
    return user.id


async def _add(session_factory: Sessions, *rows: object) -> None:
    async with session_factory() as session, session.begin():
        session.add_all(rows)


def _entry(user_id: int, media_id: int = 1, **kw: object) -> ListEntry:
    return ListEntry(user_id=user_id, media_id=media_id, media_type=MediaType.ANIME, **kw)


async def test_one_entry_per_user_and_media(session_factory: Sessions, user_id: int) -> None:
    await _add(session_factory, _entry(user_id, 1), _entry(user_id, 2))
    with pytest.raises(IntegrityError):
        await _add(session_factory, _entry(user_id, 1, status=MediaListStatus.PLANNING))


async def test_new_entry_defaults(session_factory: Sessions, user_id: int) -> None:
    await _add(session_factory, _entry(user_id))
    async with session_factory() as session:
        entry = await session.scalar(sa.select(ListEntry))
    assert entry is not None
    assert entry.status is MediaListStatus.CURRENT
    assert (entry.score, entry.progress, entry.repeat, entry.rewatch_value) == (0, 0, 0, 0)
    assert entry.tags == [] and entry.advanced_scores == {}
    assert entry.started_year is None and entry.updated_at >= entry.created_at > 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("score", 101), ("score", -1), ("rewatch_value", 6)],
)
async def test_out_of_range_values_are_rejected(
    session_factory: Sessions, user_id: int, field: str, value: object
) -> None:
    entry = _entry(user_id)
    setattr(entry, field, value)
    with pytest.raises(IntegrityError):
        await _add(session_factory, entry)


async def test_unknown_media_type_is_rejected_by_the_database(
    session_factory: Sessions, user_id: int
) -> None:
    entry = _entry(user_id)
    await _add(session_factory, entry)
    with pytest.raises(IntegrityError):
        async with session_factory() as session, session.begin():
            await session.execute(sa.text("UPDATE list_entries SET media_type = 'NOVEL'"))


async def test_entry_needs_an_existing_media(session_factory: Sessions, user_id: int) -> None:
    with pytest.raises(IntegrityError):
        await _add(session_factory, _entry(user_id, 999))


async def test_custom_list_membership_is_unique_and_goes_with_entry(
    session_factory: Sessions, user_id: int
) -> None:
    entry = _entry(user_id)
    await _add(session_factory, entry)
    await _add(
        session_factory,
        ListEntryCustomList(entry_id=entry.id, user_id=user_id, list_name="Fall Anime"),
        ListEntryCustomList(entry_id=entry.id, user_id=user_id, list_name="Favs"),
    )
    with pytest.raises(IntegrityError):
        await _add(
            session_factory,
            ListEntryCustomList(entry_id=entry.id, user_id=user_id, list_name="Favs"),
        )
    async with session_factory() as session, session.begin():
        await session.execute(sa.delete(ListEntry).where(ListEntry.id == entry.id))
    async with session_factory() as session:
        count = sa.select(sa.func.count()).select_from(ListEntryCustomList)
        assert await session.scalar(count) == 0


def test_every_relationship_is_lazy_raise() -> None:
    configure_mappers()
    for mapper in Base.registry.mappers:
        if mapper.class_.__module__.startswith(("kagami.accounts", "kagami.lists", "kagami.oauth")):
            for rel in mapper.relationships:
                assert rel.lazy == "raise", f"{mapper.class_.__name__}.{rel.key}"
