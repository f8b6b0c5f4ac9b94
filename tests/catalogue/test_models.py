"""Catalogue models: tables create, rows round-trip, relationships never lazy-load."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from kagami.catalogue import enums
from kagami.catalogue.models import (
    AiringSchedule,
    Character,
    Media,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaGenre,
    MediaStudio,
    MediaTag,
    MediaTagLink,
    Staff,
    Studio,
)
from kagami.db import Database
from kagami.db.base import Base

_CATALOGUE_TABLES = [
    table
    for mapper in Base.registry.mappers
    if mapper.class_.__module__.startswith("kagami.catalogue.")
    and isinstance(table := mapper.local_table, sa.Table)
]


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    """A session on the migrated schema (both backends)."""
    async with database.sessionmaker() as s:
        yield s


async def _seed(session: AsyncSession) -> None:
    media = Media(
        id=15125,
        id_mal=19815,
        type=enums.MediaType.ANIME,
        format=enums.MediaFormat.TV,
        status=enums.MediaStatus.FINISHED,
        title_romaji="Teekyuu",
        synonyms=["Tekyu"],
        start_year=2012,
        start_month=10,
        season=enums.MediaSeason.FALL,
        season_year=2012,
        episodes=12,
    )
    media.genres = [MediaGenre(genre="Comedy", position=0), MediaGenre(genre="Sports", position=1)]
    tag = MediaTag(id=1, name="Tennis", category="Theme-Game-Sport")
    media.tag_links = [MediaTagLink(tag=tag, rank=91)]
    seiyuu = Staff(id=7, name_full="Nozomi Sasaki", language_v2="Japanese")
    edge = MediaCharacter(
        character=Character(id=3, name_full="Yuri"), role=enums.CharacterRole.MAIN
    )
    edge.voice_actors = [MediaCharacterVoiceActor(staff=seiyuu, language="Japanese")]
    media.character_edges = [edge]
    media.studio_edges = [MediaStudio(studio=Studio(id=5, name="Millepensee"), is_main=True)]
    media.airing_schedules = [AiringSchedule(airing_at=1349900000, episode=1)]
    session.add(media)
    await session.commit()
    session.expunge_all()


async def test_media_graph_round_trips_with_explicit_eager_loads(session: AsyncSession) -> None:
    await _seed(session)
    media = await session.scalar(
        sa.select(Media)
        .where(Media.id == 15125)
        .options(
            selectinload(Media.genres),
            selectinload(Media.tag_links).selectinload(MediaTagLink.tag),
            selectinload(Media.character_edges).selectinload(MediaCharacter.character),
            selectinload(Media.character_edges)
            .selectinload(MediaCharacter.voice_actors)
            .selectinload(MediaCharacterVoiceActor.staff),
            selectinload(Media.studio_edges).selectinload(MediaStudio.studio),
            selectinload(Media.airing_schedules),
        )
    )
    assert media is not None
    assert media.type is enums.MediaType.ANIME
    assert media.synonyms == ["Tekyu"]
    assert media.start_date_int == 20121000
    assert media.end_date_int is None
    assert [g.genre for g in media.genres] == ["Comedy", "Sports"]
    assert [(link.tag.name, link.rank) for link in media.tag_links] == [("Tennis", 91)]
    (edge,) = media.character_edges
    assert (edge.character.name_full, edge.role) == ("Yuri", enums.CharacterRole.MAIN)
    assert [(va.staff.name_full, va.language) for va in edge.voice_actors] == [
        ("Nozomi Sasaki", "Japanese")
    ]
    assert [(s.studio.name, s.is_main) for s in media.studio_edges] == [("Millepensee", True)]
    assert [(a.episode, a.airing_at) for a in media.airing_schedules] == [(1, 1349900000)]


async def test_enums_are_stored_as_anilist_spellings(session: AsyncSession) -> None:
    await _seed(session)
    row = (await session.execute(sa.text("SELECT type, format, season FROM media"))).one()
    assert tuple(row) == ("ANIME", "TV", "FALL")


async def test_unloaded_relationship_raises(session: AsyncSession) -> None:
    await _seed(session)
    media = await session.get_one(Media, 15125)
    with pytest.raises(InvalidRequestError):
        _ = media.genres


async def test_genre_filter_uses_the_genre_table(session: AsyncSession) -> None:
    await _seed(session)
    ids = await session.scalars(
        sa.select(Media.id).where(
            Media.id.in_(sa.select(MediaGenre.media_id).where(MediaGenre.genre.in_(["Sports"])))
        )
    )
    assert list(ids) == [15125]


def test_enum_values_equal_their_names() -> None:
    for name in enums.__all__:
        cls = getattr(enums, name)
        assert all(m.value == m.name for m in cls), name


def test_constraint_and_index_names_fit_postgresql() -> None:
    for table in _CATALOGUE_TABLES:
        names = [i.name for i in table.indexes] + [c.name for c in table.constraints]
        assert all(len(str(n)) <= 63 for n in names if n), table.name
