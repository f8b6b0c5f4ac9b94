"""Seed 001 "User": user/{id || displayname}, user, search, following/followers, follow."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kagami.accounts.models import MediaListOptions
from kagami.catalogue.enums import MediaType
from kagami.dialects.anilist_v1 import mapping
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.lists.models import ListEntry
from kagami.social.models import Follow, Notification
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_media, make_user


@dataclass
class People:
    """alice follows bob; bob has watched 10 x 24 min and read 5 chapters."""

    alice: int
    bob: int
    carol: int


@pytest.fixture
async def people(v1: V1Client) -> People:
    async with v1.database.session() as s:
        anime = await make_media(s, duration=24)
        manga = await make_media(s, type=MediaType.MANGA)
        alice = await make_user(s, name="alice", unread_notification_count=2)
        bob = await make_user(s, name="Bobby", score_format=ScoreFormat.POINT_3, about="hi")
        carol = await make_user(s, name="carol")
        s.add(Follow(follower_id=alice.id, followed_id=bob.id))
        for media, progress in ((anime, 10), (manga, 5)):
            s.add(
                ListEntry(
                    user_id=bob.id,
                    media_id=media.id,
                    media_type=media.type,
                    status=MediaListStatus.CURRENT,
                    progress=progress,
                )
            )
        s.add(
            MediaListOptions(
                user_id=bob.id,
                media_type=MediaType.ANIME,
                custom_lists=["Fall Anime"],
                advanced_scoring=["Story", "Visuals"],
                advanced_scoring_enabled=True,
            )
        )
    return People(alice.id, bob.id, carol.id)


async def test_user_by_id_and_by_display_name_return_the_user_model(
    v1: V1Client, people: People
) -> None:
    by_id = await v1.get(f"user/{people.bob}", None)
    by_name = await v1.get("user/bobby", None)
    assert by_id.status_code == 200, by_id.text
    assert by_id.json() == by_name.json()
    body = by_id.json()
    assert list(body) == list(mapping.USER_FIELDS)
    assert body["display_name"] == "Bobby" and body["about"] == "hi"
    assert body["anime_time"] == 240 and body["manga_chap"] == 5
    assert body["score_type"] == 3 and body["title_language"] == "romaji"
    assert body["custom_list_anime"] == ["Fall Anime", "", "", "", ""]
    assert body["custom_list_manga"] == ["", "", "", "", ""]
    assert body["advanced_rating"] is True
    assert body["advanced_rating_names"] == ["Story", "Visuals"]


async def test_following_flag_is_the_viewers(v1: V1Client, people: People) -> None:
    assert (await v1.get(f"user/{people.bob}", people.alice)).json()["following"] is True
    assert (await v1.get(f"user/{people.bob}", people.carol)).json()["following"] is False
    assert (await v1.get(f"user/{people.bob}", None)).json()["following"] is False


async def test_unknown_user_is_a_v1_404(v1: V1Client, people: People) -> None:
    for ident in ("nobody", "999999", "9" * 40, "x" * 500):
        r = await v1.get(f"user/{ident}", None)
        assert r.status_code == 404, (ident, r.text)
        assert r.json()["error"] == "not_found"


async def test_current_user_is_the_token_owner_with_notifications(
    v1: V1Client, people: People
) -> None:
    r = await v1.get("user", people.alice)
    assert r.status_code == 200
    assert r.json()["id"] == people.alice and r.json()["notifications"] == 2
    # Someone else's outstanding notifications are not shown.
    assert (await v1.get(f"user/{people.alice}", people.bob)).json()["notifications"] == 0


async def test_user_search_returns_small_models(v1: V1Client, people: People) -> None:
    r = await v1.get("user/search/bob", None)
    assert r.status_code == 200
    assert r.json() == [
        {"id": people.bob, "display_name": "Bobby", "image_url_lge": None, "image_url_med": None}
    ]
    assert (await v1.get("user/search/zzzz", None)).json() == []


async def test_following_and_followers_need_a_user_token(v1: V1Client, people: People) -> None:
    r = await v1.get(f"user/{people.alice}/following", None)
    assert r.status_code == 401
    following = await v1.get(f"user/{people.alice}/following", people.carol)
    assert [u["id"] for u in following.json()] == [people.bob]
    followers = await v1.get("user/bobby/followers", people.carol)
    assert [u["display_name"] for u in followers.json()] == ["alice"]
    assert (await v1.get(f"user/{people.alice}/followers", people.carol)).json() == []


async def test_follow_toggles_and_tells_the_followed_user(v1: V1Client, people: People) -> None:
    r = await v1.post("user/follow", people.carol, data={"id": str(people.bob)})
    assert r.status_code == 200, r.text
    assert r.json()["id"] == people.bob and r.json()["following"] is True
    async with v1.database.session() as s:
        told = await s.get(Notification, 1)
        assert told is not None and told.user_id == people.bob
    r = await v1.post("user/follow", people.carol, data={"id": str(people.bob)})
    assert r.json()["following"] is False


async def test_follow_bad_input_is_a_clear_422(v1: V1Client, people: People) -> None:
    for data in ({}, {"id": "abc"}, {"id": "-3"}, {"id": str(people.carol)}):
        r = await v1.post("user/follow", people.carol, data=data)
        assert r.status_code == 422, (data, r.text)
        assert r.json()["error"] == "invalid_request" and r.json()["fields"]
    r = await v1.post("user/follow", people.carol, data={"id": "999999"})
    assert r.status_code == 404


async def test_follow_needs_a_user_token(v1: V1Client, people: People) -> None:
    r = await v1.post("user/follow", None, data={"id": str(people.bob)})
    assert r.status_code == 401
