"""A small hand-made catalogue the AniList v2 tests query, plus a bulk one for statement budgets."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kagami.catalogue.enums import (
    CharacterRole,
    MediaFormat,
    MediaRelation,
    MediaSeason,
    MediaStatus,
    MediaType,
)
from kagami.catalogue.models import (
    AiringSchedule,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaGenre,
    MediaRelationEdge,
    MediaStaff,
    MediaStudio,
    MediaTag,
    MediaTagLink,
)
from kagami.db import Database
from tests.factories import make_character, make_media, make_staff, make_studio


@dataclass
class Catalogue:
    """Ids of the rows tests refer to."""

    bebop: int = 1
    bebop_movie: int = 5
    one_piece: int = 21
    one_piece_manga: int = 30013
    teekyuu: int = 15125
    spike: int = 1
    faye: int = 2
    ein: int = 3
    luffy: int = 40
    sunrise: int = 14
    bandai: int = 23
    toei: int = 18


async def build_catalogue(database: Database) -> Catalogue:
    """Five media with genres, tags, characters, voice actors, staff, studios, relations, airing."""
    c = Catalogue()
    now = int(time.time())
    async with database.session() as s:
        await make_media(
            s,
            id=c.bebop,
            id_mal=1,
            title_romaji="Cowboy Bebop",
            title_english="Cowboy Bebop",
            title_native="カウボーイビバップ",
            format=MediaFormat.TV,
            status=MediaStatus.FINISHED,
            season=MediaSeason.SPRING,
            season_year=1998,
            start_year=1998,
            start_month=4,
            start_day=3,
            end_year=1999,
            end_month=4,
            end_day=24,
            episodes=26,
            duration=24,
            popularity=800,
            average_score=86,
            favourites=300,
            synonyms=["CB"],
            description="**Space** cowboys.<script>alert(1)</script>",
            cover_large="https://img.example/bebop.jpg",
        )
        await make_media(
            s,
            id=c.bebop_movie,
            id_mal=5,
            title_romaji="Cowboy Bebop: Tengoku no Tobira",
            title_english="Cowboy Bebop: The Movie",
            format=MediaFormat.MOVIE,
            status=MediaStatus.FINISHED,
            season_year=2001,
            start_year=2001,
            episodes=1,
            popularity=300,
            average_score=82,
            favourites=50,
        )
        await make_media(
            s,
            id=c.one_piece,
            id_mal=21,
            title_romaji="ONE PIECE",
            title_native="ONE PIECE",
            format=MediaFormat.TV,
            status=MediaStatus.RELEASING,
            season=MediaSeason.FALL,
            season_year=1999,
            start_year=1999,
            start_month=10,
            start_day=20,
            popularity=1000,
            average_score=88,
            favourites=900,
        )
        await make_media(
            s,
            id=c.one_piece_manga,
            id_mal=13,
            type=MediaType.MANGA,
            title_romaji="ONE PIECE",
            format=MediaFormat.MANGA,
            status=MediaStatus.RELEASING,
            start_year=1997,
            popularity=900,
            average_score=90,
            favourites=800,
            chapters=None,
        )
        await make_media(
            s,
            id=c.teekyuu,
            id_mal=15125,
            title_romaji="Teekyuu",
            title_native="てーきゅう",
            format=MediaFormat.TV_SHORT,
            status=MediaStatus.FINISHED,
            season=MediaSeason.FALL,
            season_year=2012,
            start_year=2012,
            start_month=10,
            episodes=12,
            duration=2,
            popularity=100,
            average_score=70,
            favourites=5,
            is_adult=False,
        )
        for media_id, genres in (
            (c.bebop, ["Action", "Sci-Fi"]),
            (c.bebop_movie, ["Action"]),
            (c.one_piece, ["Action", "Adventure", "Comedy"]),
            (c.one_piece_manga, ["Adventure"]),
            (c.teekyuu, ["Comedy", "Sports"]),
        ):
            s.add_all(
                MediaGenre(media_id=media_id, genre=g, position=i) for i, g in enumerate(genres)
            )
        s.add(MediaTag(id=1, name="Space", category="Setting-Universe"))
        s.add(MediaTag(id=2, name="Tennis", category="Theme-Sports"))
        await s.flush()
        s.add_all(
            [
                MediaTagLink(media_id=c.bebop, tag_id=1, rank=95),
                MediaTagLink(media_id=c.teekyuu, tag_id=2, rank=90),
            ]
        )
        s.add(
            MediaRelationEdge(
                media_id=c.bebop,
                related_media_id=c.bebop_movie,
                relation_type=MediaRelation.SIDE_STORY,
            )
        )
        s.add(AiringSchedule(media_id=c.one_piece, episode=1100, airing_at=now - 86400))
        s.add(AiringSchedule(media_id=c.one_piece, episode=1101, airing_at=now + 86400))
        await make_character(
            s,
            id=c.spike,
            name_first="Spike",
            name_last="Spiegel",
            name_full="Spike Spiegel",
            name_native="スパイク・スピーゲル",
            favourites=500,
        )
        await make_character(s, id=c.faye, name_full="Faye Valentine", favourites=200)
        await make_character(s, id=c.ein, name_full="Ein", favourites=100)
        await make_character(s, id=c.luffy, name_full="Monkey D. Luffy", favourites=900)
        await make_staff(s, id=95, name_full="Kouichi Yamadera", language_v2="Japanese")
        await make_staff(s, id=96, name_full="Steven Blum", language_v2="English")
        await make_staff(s, id=97, name_full="Megumi Hayashibara", language_v2="Japanese")
        await make_staff(s, id=98, name_full="Shinichirou Watanabe", language_v2="Japanese")
        await make_studio(s, id=c.sunrise, name="Sunrise", favourites=100)
        await make_studio(s, id=c.bandai, name="Bandai Visual", is_animation_studio=False)
        await make_studio(s, id=c.toei, name="Toei Animation", favourites=80)
        edges = [
            MediaCharacter(
                id=1, media_id=c.bebop, character_id=c.spike, role=CharacterRole.MAIN, position=0
            ),
            MediaCharacter(
                id=2, media_id=c.bebop, character_id=c.faye, role=CharacterRole.MAIN, position=1
            ),
            MediaCharacter(
                id=3,
                media_id=c.bebop,
                character_id=c.ein,
                role=CharacterRole.SUPPORTING,
                position=2,
            ),
            MediaCharacter(
                id=4, media_id=c.bebop_movie, character_id=c.spike, role=CharacterRole.MAIN
            ),
            MediaCharacter(
                id=5, media_id=c.one_piece, character_id=c.luffy, role=CharacterRole.MAIN
            ),
            MediaCharacter(
                id=6, media_id=c.one_piece_manga, character_id=c.luffy, role=CharacterRole.MAIN
            ),
        ]
        s.add_all(edges)
        await s.flush()
        s.add_all(
            [
                MediaCharacterVoiceActor(media_character_id=1, staff_id=95, language="Japanese"),
                MediaCharacterVoiceActor(
                    media_character_id=1, staff_id=96, language="English", position=1
                ),
                MediaCharacterVoiceActor(media_character_id=2, staff_id=97, language="Japanese"),
                MediaStaff(media_id=c.bebop, staff_id=98, role="Director"),
                MediaStudio(media_id=c.bebop, studio_id=c.sunrise, is_main=True),
                MediaStudio(media_id=c.bebop, studio_id=c.bandai, is_main=False),
                MediaStudio(media_id=c.bebop_movie, studio_id=c.sunrise, is_main=True),
                MediaStudio(media_id=c.one_piece, studio_id=c.toei, is_main=True),
            ]
        )
    return c


async def build_bulk(database: Database, media: int = 60, characters_per_media: int = 4) -> None:
    """``media`` anime, each with characters (two voice actors each) and two studios."""
    async with database.session() as s:
        studios = [await make_studio(s, id=1000 + i) for i in range(3)]
        actors = [await make_staff(s, id=1000 + i, language_v2="Japanese") for i in range(5)]
        edge_id = 1000
        for m in range(media):
            row = await make_media(s, id=10_000 + m, popularity=m)
            s.add_all(
                [
                    MediaStudio(media_id=row.id, studio_id=studios[m % 3].id, is_main=True),
                    MediaStudio(media_id=row.id, studio_id=studios[(m + 1) % 3].id),
                ]
            )
            for k in range(characters_per_media):
                ch = await make_character(s, id=10_000 + m * characters_per_media + k)
                edge_id += 1
                s.add(
                    MediaCharacter(
                        id=edge_id,
                        media_id=row.id,
                        character_id=ch.id,
                        role=CharacterRole.MAIN if k == 0 else CharacterRole.SUPPORTING,
                        position=k,
                    )
                )
                await s.flush()
                s.add_all(
                    [
                        MediaCharacterVoiceActor(
                            media_character_id=edge_id,
                            staff_id=actors[k % 5].id,
                            language="Japanese",
                        ),
                        MediaCharacterVoiceActor(
                            media_character_id=edge_id,
                            staff_id=actors[(k + 1) % 5].id,
                            language="English",
                            position=1,
                        ),
                    ]
                )
