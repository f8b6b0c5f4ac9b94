"""Seed 001 "User Lists": grouped/raw lists, POST/PUT/DELETE entries, score types 0-4."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from kagami.accounts.models import MediaListOptions, User
from kagami.catalogue.enums import MediaStatus, MediaType
from kagami.lists.enums import ScoreFormat
from kagami.lists.models import ListEntry
from kagami.oauth.clients import ensure_builtin_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.models import OAuthClient
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_media, make_user


@dataclass
class Shelf:
    """A user with custom lists and advanced scoring, an anime, a manga, another user."""

    user: int
    other: int
    anime: int
    manga: int


@pytest.fixture
async def shelf(v1: V1Client) -> Shelf:
    async with v1.database.session() as s:
        anime = await make_media(s, episodes=12, status=MediaStatus.FINISHED)
        manga = await make_media(s, type=MediaType.MANGA, chapters=50, volumes=5)
        user = await make_user(s, name="josh", score_format=ScoreFormat.POINT_10_DECIMAL)
        other = await make_user(s, name="other")
        for media_type, names in ((MediaType.ANIME, ["Fall Anime", "Summer Anime"]),):
            s.add(
                MediaListOptions(
                    user_id=user.id,
                    media_type=media_type,
                    custom_lists=names,
                    advanced_scoring=["Story", "Characters", "Visuals", "Audio", "Enjoyment"],
                    advanced_scoring_enabled=True,
                )
            )
    return Shelf(user.id, other.id, anime.id, manga.id)


async def _set_score_type(v1: V1Client, user_id: int, fmt: ScoreFormat) -> None:
    async with v1.database.session() as s:
        await s.execute(sa.update(User).where(User.id == user_id).values(score_format=fmt))


async def test_post_animelist_with_every_seed_field(v1: V1Client, shelf: Shelf) -> None:
    payload = {
        "id": str(shelf.anime),
        "list_status": "watching",
        "score": "7.5",
        "episodes_watched": "3",
        "rewatched": "1",
        "notes": "Great so far",
        "advanced_rating_scores": "8,7,9,6,10",
        "custom_lists": "0,1,0,0,0",
        "hidden_default": "0",
    }
    r = await v1.post("animelist", shelf.user, data=payload)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["series_id"] == shelf.anime and body["list_status"] == "watching"
    assert body["score"] == 7.5 and body["score_raw"] == 75
    assert body["episodes_watched"] == 3 and body["rewatched"] == 1
    assert body["notes"] == "Great so far"
    assert body["advanced_rating_scores"] == [8, 7, 9, 6, 10]
    assert body["custom_lists"] == [0, 1, 0, 0, 0] and body["hidden_default"] == 0
    assert body["anime"]["id"] == shelf.anime


async def test_post_mangalist_with_every_seed_field(v1: V1Client, shelf: Shelf) -> None:
    payload = {
        "id": str(shelf.manga),
        "list_status": "plan to read",
        "score_raw": "64",
        "volumes_read": "1",
        "chapters_read": "4",
        "reread": "2",
        "notes": "later",
        "custom_lists": "",
        "hidden_default": "1",
    }
    r = await v1.post("mangalist", shelf.user, data=payload)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["list_status"] == "plan to read" and body["score_raw"] == 64
    assert body["score"] == 6.4
    assert (body["chapters_read"], body["volumes_read"], body["reread"]) == (4, 1, 2)
    assert body["hidden_default"] == 1 and body["manga"]["series_type"] == "manga"


@pytest.mark.parametrize(
    ("score_type", "fmt", "raw", "shown"),
    [
        (0, ScoreFormat.POINT_10, 75, 7),
        (1, ScoreFormat.POINT_100, 75, 75),
        (2, ScoreFormat.POINT_5, 29, 1),
        (2, ScoreFormat.POINT_5, 30, 2),
        (2, ScoreFormat.POINT_5, 89, 4),
        (2, ScoreFormat.POINT_5, 90, 5),
        (3, ScoreFormat.POINT_3, 30, ":("),
        (3, ScoreFormat.POINT_3, 31, ":|"),
        (3, ScoreFormat.POINT_3, 60, ":|"),
        (3, ScoreFormat.POINT_3, 61, ":)"),
        (3, ScoreFormat.POINT_3, 0, "-"),
        (4, ScoreFormat.POINT_10_DECIMAL, 75, 7.5),
    ],
)
async def test_score_raw_reads_in_the_users_score_type_by_the_seed_breakpoints(
    v1: V1Client, shelf: Shelf, score_type: int, fmt: ScoreFormat, raw: int, shown: object
) -> None:
    await _set_score_type(v1, shelf.user, fmt)
    data = {"id": str(shelf.anime), "score_raw": str(raw)}
    body = (await v1.post("animelist", shelf.user, data=data)).json()
    assert body["score_raw"] == raw and body["score"] == shown
    user = (await v1.get(f"user/{shelf.user}", None)).json()
    assert user["score_type"] == score_type


@pytest.mark.parametrize(
    ("fmt", "score", "raw"),
    [
        (ScoreFormat.POINT_10, "7", 70),
        (ScoreFormat.POINT_100, "64", 64),
        (ScoreFormat.POINT_5, "3", 60),
        (ScoreFormat.POINT_3, ":)", 80),
        (ScoreFormat.POINT_3, "|", 50),
        (ScoreFormat.POINT_10_DECIMAL, "6.4", 64),
    ],
)
async def test_score_is_taken_in_the_users_score_type(
    v1: V1Client, shelf: Shelf, fmt: ScoreFormat, score: str, raw: int
) -> None:
    await _set_score_type(v1, shelf.user, fmt)
    r = await v1.post("animelist", shelf.user, data={"id": str(shelf.anime), "score": score})
    assert r.status_code == 200, r.text
    assert r.json()["score_raw"] == raw


async def test_put_edits_an_existing_entry_only(v1: V1Client, shelf: Shelf) -> None:
    r = await v1.put("animelist", shelf.user, data={"id": str(shelf.anime), "score_raw": "50"})
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    await v1.post("animelist", shelf.user, data={"id": str(shelf.anime)})
    r = await v1.put(
        "animelist", shelf.user, data={"id": str(shelf.anime), "list_status": "on-hold"}
    )
    assert r.status_code == 200 and r.json()["list_status"] == "on-hold"


async def test_completing_by_episodes_follows_the_list_service(v1: V1Client, shelf: Shelf) -> None:
    data = {"id": str(shelf.anime), "list_status": "watching", "episodes_watched": "12"}
    body = (await v1.post("animelist", shelf.user, data=data)).json()
    assert body["list_status"] == "completed"


async def test_grouped_and_raw_lists(v1: V1Client, shelf: Shelf) -> None:
    await v1.post(
        "animelist",
        shelf.user,
        data={"id": str(shelf.anime), "list_status": "plan to watch", "custom_lists": "1,0"},
    )
    await v1.post("mangalist", shelf.user, data={"id": str(shelf.manga), "list_status": "reading"})
    r = await v1.get(f"user/{shelf.user}/animelist", None)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["display_name"] == "josh" and body["score_type"] == 4
    assert list(body["lists"]) == ["plan_to_watch"]
    entry = body["lists"]["plan_to_watch"][0]
    assert entry["anime"]["id"] == shelf.anime
    assert body["custom_lists"]["Fall Anime"] == [entry]
    raw = (await v1.get("user/josh/animelist/raw", None)).json()
    assert "anime" not in raw["lists"]["plan_to_watch"][0]
    manga = (await v1.get("user/josh/mangalist", None)).json()
    assert manga["lists"]["reading"][0]["manga"]["id"] == shelf.manga
    assert (
        "manga" not in (await v1.get("user/josh/mangalist/raw", None)).json()["lists"]["reading"][0]
    )
    assert (await v1.get("user/nobody/animelist", None)).status_code == 404


async def test_private_entries_are_only_on_the_owners_list(v1: V1Client, shelf: Shelf) -> None:
    await v1.post("animelist", shelf.user, data={"id": str(shelf.anime)})
    async with v1.database.session() as s:
        await s.execute(sa.update(ListEntry).values(private=True))
    assert (await v1.get("user/josh/animelist", shelf.other)).json()["lists"] == {}
    assert (await v1.get("user/josh/animelist", shelf.user)).json()["lists"]["watching"]


async def test_delete_removes_the_entry(v1: V1Client, shelf: Shelf) -> None:
    await v1.post("animelist", shelf.user, data={"id": str(shelf.anime)})
    r = await v1.delete(f"animelist/{shelf.anime}", shelf.user)
    assert r.status_code == 200 and r.json() is True
    assert (await v1.get("user/josh/animelist", None)).json()["lists"] == {}
    assert (await v1.delete(f"animelist/{shelf.anime}", shelf.user)).status_code == 404
    assert (await v1.delete(f"mangalist/{shelf.anime}", shelf.user)).status_code == 404
    assert (await v1.delete("animelist/abc", shelf.user)).status_code == 422


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"id": "abc"},
        {"id": "{manga}"},
        {"id": "999999"},
        {"id": "{anime}", "list_status": "reading"},
        {"id": "{anime}", "score": "11"},
        {"id": "{anime}", "score": "great"},
        {"id": "{anime}", "score_raw": "101"},
        {"id": "{anime}", "episodes_watched": "-1"},
        {"id": "{anime}", "episodes_watched": "13"},
        {"id": "{anime}", "custom_lists": "0,0,1"},
        {"id": "{anime}", "custom_lists": "2"},
        {"id": "{anime}", "advanced_rating_scores": "1,x"},
        {"id": "{anime}", "advanced_rating_scores": "1,2,3,4,5,6"},
        {"id": "{anime}", "hidden_default": "maybe"},
        {"id": "{anime}", "notes": "x" * 7000},
    ],
)
async def test_bad_list_payloads_are_a_clear_422(
    v1: V1Client, shelf: Shelf, data: dict[str, str]
) -> None:
    filled = {k: v.format(anime=shelf.anime, manga=shelf.manga) for k, v in data.items()}
    r = await v1.post("animelist", shelf.user, data=filled)
    assert r.status_code == 422, (data, r.text)
    assert r.json()["error"] == "invalid_request" and r.json()["fields"]
    async with v1.database.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(ListEntry)) == 0


async def test_list_writes_need_a_user_token(v1: V1Client, shelf: Shelf) -> None:
    assert (await v1.post("animelist", None, data={"id": str(shelf.anime)})).status_code == 401
    assert (await v1.delete(f"animelist/{shelf.anime}", None)).status_code == 401
    assert (await v1.get("user/josh/animelist")).status_code == 401


async def test_entry_written_through_v1_reads_back_through_graphql(
    v1: V1Client, shelf: Shelf
) -> None:
    payload = {
        "id": str(shelf.anime),
        "list_status": "on-hold",
        "score": "8.5",
        "episodes_watched": "5",
        "rewatched": "2",
        "notes": "paused",
        "advanced_rating_scores": "8,7,9,6,10",
        "custom_lists": "0,1",
        "hidden_default": "1",
    }
    assert (await v1.post("animelist", shelf.user, data=payload)).status_code == 200
    query = """query ($u: Int, $m: Int) { MediaList(userId: $u, mediaId: $m) {
        status score(format: POINT_100) progress repeat notes hiddenFromStatusLists
        customLists advancedScores } }"""
    r = await v1.http.post(
        "/", json={"query": query, "variables": {"u": shelf.user, "m": shelf.anime}}
    )
    entry = r.json()["data"]["MediaList"]
    assert entry["status"] == "PAUSED" and entry["score"] == 85
    assert entry["progress"] == 5 and entry["repeat"] == 2 and entry["notes"] == "paused"
    assert entry["hiddenFromStatusLists"] is True
    assert entry["customLists"]["Summer Anime"] is True
    assert not entry["customLists"].get("Fall Anime")
    assert entry["advancedScores"] == {
        "Story": 8,
        "Characters": 7,
        "Visuals": 9,
        "Audio": 6,
        "Enjoyment": 10,
    }
    v1_entry = (await v1.get("user/josh/animelist", None)).json()["custom_lists"]["Summer Anime"]
    assert v1_entry[0]["score_raw"] == entry["score"]


async def test_entry_saved_through_graphql_reads_back_through_v1(
    v1: V1Client, shelf: Shelf
) -> None:
    async with v1.database.session() as s:
        await ensure_builtin_client(s)
        client_id = await s.scalar(sa.select(OAuthClient.id).limit(1))
        issued = await v1.app.state.token_issuer.issue(
            s,
            client_id=client_id,
            user_id=shelf.user,
            dialect=TokenDialect.ANILIST,
            grant=GrantType.AUTHORIZATION_CODE,
        )
    mutation = """mutation ($m: Int) { SaveMediaListEntry(mediaId: $m, status: DROPPED,
        scoreRaw: 42, progress: 7, repeat: 3, notes: "meh", customLists: ["Fall Anime"]) { id } }"""
    r = await v1.http.post(
        "/",
        json={"query": mutation, "variables": {"m": shelf.anime}},
        headers={"Authorization": f"Bearer {issued.access_token}"},
    )
    assert "errors" not in r.json(), r.text
    body = (await v1.get("user/josh/animelist", None)).json()
    entry = body["lists"]["dropped"][0]
    assert entry["record_id"] == r.json()["data"]["SaveMediaListEntry"]["id"]
    assert entry["score_raw"] == 42 and entry["score"] == 4.2
    assert (entry["episodes_watched"], entry["rewatched"], entry["notes"]) == (7, 3, "meh")
    assert entry["custom_lists"] == [1, 0, 0, 0, 0]
