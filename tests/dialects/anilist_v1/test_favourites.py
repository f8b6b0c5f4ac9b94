"""Seed 001 "User" favourites and airing (code/pin grants only)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kagami.catalogue.enums import MediaStatus, MediaType
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.lists.models import ListEntry
from kagami.social.enums import FavouriteKind
from kagami.social.models import Favourite
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_character, make_media, make_staff, make_studio, make_user


@dataclass
class Fan:
    user: int
    other: int
    airing: int
    finished: int
    manga: int


@pytest.fixture
async def fan(v1: V1Client) -> Fan:
    async with v1.database.session() as s:
        airing = await make_media(s, title_romaji="Airing", status=MediaStatus.RELEASING)
        finished = await make_media(s, title_romaji="Done", status=MediaStatus.FINISHED)
        planned = await make_media(s, title_romaji="Planned", status=MediaStatus.RELEASING)
        manga = await make_media(s, type=MediaType.MANGA, title_romaji="Book")
        character = await make_character(s, name_first="Spike", name_last="Spiegel")
        staff = await make_staff(s, name_first="Tomokazu", name_last="Seki", language_v2="Japanese")
        studio = await make_studio(s, name="Studio Pierrot")
        user = await make_user(s, name="fan", score_format=ScoreFormat.POINT_5)
        other = await make_user(s, name="other")
        for media, status in (
            (airing, MediaListStatus.CURRENT),
            (finished, MediaListStatus.CURRENT),
            (planned, MediaListStatus.PLANNING),
        ):
            s.add(
                ListEntry(
                    user_id=user.id,
                    media_id=media.id,
                    media_type=MediaType.ANIME,
                    status=status,
                    score=90,
                    progress=3,
                )
            )
        favs = [
            (FavouriteKind.ANIME, {"media_id": finished.id}),
            (FavouriteKind.ANIME, {"media_id": airing.id}),
            (FavouriteKind.MANGA, {"media_id": manga.id}),
            (FavouriteKind.CHARACTER, {"character_id": character.id}),
            (FavouriteKind.STAFF, {"staff_id": staff.id}),
            (FavouriteKind.STUDIO, {"studio_id": studio.id}),
        ]
        for order, (kind, target) in enumerate(favs):
            s.add(Favourite(user_id=user.id, kind=kind, favourite_order=order, **target))
    return Fan(user.id, other.id, airing.id, finished.id, manga.id)


async def test_favourites_in_the_users_order(v1: V1Client, fan: Fan) -> None:
    r = await v1.get("user/fan/favourites", fan.other)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [a["id"] for a in body["anime"]] == [fan.finished, fan.airing]
    assert body["anime"][0]["airing_status"] == "finished airing"
    assert [m["title_romaji"] for m in body["manga"]] == ["Book"]
    assert body["character"][0]["name_first"] == "Spike"
    assert body["staff"][0]["name_last"] == "Seki" and body["staff"][0]["language"] == "Japanese"
    assert body["studio"][0]["studio_name"] == "Studio Pierrot"
    empty = (await v1.get(f"user/{fan.other}/favourites", fan.user)).json()
    assert empty == {"anime": [], "manga": [], "character": [], "staff": [], "studio": []}


async def test_favourites_need_a_user_token(v1: V1Client, fan: Fan) -> None:
    r = await v1.get("user/fan/favourites", None)
    assert r.status_code == 401
    assert (await v1.get("user/nobody/favourites", fan.user)).status_code == 404


async def test_airing_lists_watched_airing_anime_entries(v1: V1Client, fan: Fan) -> None:
    r = await v1.get("user/airing", fan.user)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [e["series_id"] for e in body] == [fan.airing]
    assert body[0]["anime"]["airing_status"] == "currently airing"
    assert body[0]["score"] == 5 and body[0]["score_raw"] == 90
    assert body[0]["list_status"] == "watching" and body[0]["episodes_watched"] == 3


async def test_airing_limit_and_token(v1: V1Client, fan: Fan) -> None:
    assert len((await v1.get("user/airing", fan.user, params={"limit": 1})).json()) == 1
    r = await v1.get("user/airing", fan.user, params={"limit": "0"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"
    assert (await v1.get("user/airing", None)).status_code == 401
