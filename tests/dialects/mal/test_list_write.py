"""MAL v2 PATCH/DELETE my_list_status, and round trips with AniList GraphQL."""

from __future__ import annotations

from typing import Any

import pytest

from kagami.accounts.models import User
from kagami.db import Database
from kagami.oauth.enums import TokenDialect
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.mal.conftest import MalClient
from tests.factories import make_user

READ = """query ($userId: Int, $mediaId: Int) { MediaList(userId: $userId, mediaId: $mediaId) {
  status progress progressVolumes repeat priority notes score(format: POINT_100)
  startedAt { year month day } completedAt { year month day } } }"""
SAVE = """mutation ($mediaId: Int, $status: MediaListStatus, $scoreRaw: Int, $progress: Int,
  $repeat: Int, $notes: String, $startedAt: FuzzyDateInput, $priority: Int) {
  SaveMediaListEntry(mediaId: $mediaId, status: $status, scoreRaw: $scoreRaw,
    progress: $progress, repeat: $repeat, notes: $notes, startedAt: $startedAt,
    priority: $priority) { id } }"""


@pytest.fixture
async def me(mal: MalClient, catalogue: Catalogue, database: Database) -> dict[str, Any]:
    """A user with MAL and AniList tokens."""
    async with database.session() as s:
        user = await make_user(s)
    return {
        "id": user.id,
        "mal": await mal.token_for(database, user.id),
        "anilist": await mal.token_for(database, user.id, TokenDialect.ANILIST),
    }


async def _graphql(mal: MalClient, query: str, variables: dict[str, Any], **headers: str) -> Any:
    r = await mal.http.post("/", json={"query": query, "variables": variables}, headers=headers)
    body = r.json()
    assert "errors" not in body, body
    return body["data"]


FULL_FORM = {
    "status": "watching",
    "is_rewatching": "false",
    "score": "8",
    "num_watched_episodes": "3",
    "priority": "2",
    "num_times_rewatched": "1",
    "rewatch_value": "4",
    "tags": "space, jazz,",
    "comments": "See you space cowboy",
    "start_date": "2024-01-02",
    "finish_date": "",
}


async def test_patch_writes_every_field_and_reads_back_identically(
    mal: MalClient, me: dict[str, Any]
) -> None:
    r = await mal.http.patch("/v2/anime/1/my_list_status", data=FULL_FORM, headers=me["mal"])
    assert r.status_code == 200, r.text
    written = r.json()
    assert written == {
        "status": "watching",
        "score": 8,
        "num_episodes_watched": 3,
        "is_rewatching": False,
        "updated_at": written["updated_at"],
        "start_date": "2024-01-02",
        "priority": 2,
        "num_times_rewatched": 1,
        "rewatch_value": 4,
        "tags": ["space", "jazz"],
        "comments": "See you space cowboy",
    }
    fields = "my_list_status{priority,num_times_rewatched,rewatch_value,tags,comments}"
    detail = await mal.get("/v2/anime/1", params={"fields": fields}, headers=me["mal"])
    assert detail.json()["my_list_status"] == written
    # ...and consistently through AniList GraphQL.
    data = await _graphql(mal, READ, {"userId": me["id"], "mediaId": 1})
    assert data["MediaList"] == {
        "status": "CURRENT",
        "progress": 3,
        "progressVolumes": 0,
        "repeat": 1,
        "priority": 2,
        "notes": "See you space cowboy",
        "score": 80,
        "startedAt": {"year": 2024, "month": 1, "day": 2},
        "completedAt": {"year": None, "month": None, "day": None},
    }


async def test_patch_updates_only_the_fields_sent(mal: MalClient, me: dict[str, Any]) -> None:
    await mal.http.patch("/v2/anime/1/my_list_status", data=FULL_FORM, headers=me["mal"])
    r = await mal.http.patch("/v2/anime/1/my_list_status", data={"score": "10"}, headers=me["mal"])
    assert r.json()["score"] == 10 and r.json()["num_episodes_watched"] == 3
    assert r.json()["tags"] == ["space", "jazz"]


async def test_is_rewatching_is_repeating_both_ways(mal: MalClient, me: dict[str, Any]) -> None:
    form = {"status": "completed", "is_rewatching": "True"}
    r = await mal.http.patch("/v2/anime/1/my_list_status", data=form, headers=me["mal"])
    assert (r.json()["status"], r.json()["is_rewatching"]) == ("watching", True)
    data = await _graphql(mal, READ, {"userId": me["id"], "mediaId": 1})
    assert data["MediaList"]["status"] == "REPEATING"
    off = {"is_rewatching": "false"}
    r = await mal.http.patch("/v2/anime/1/my_list_status", data=off, headers=me["mal"])
    assert (r.json()["status"], r.json()["is_rewatching"]) == ("watching", False)


async def test_written_through_anilist_reads_consistently_through_mal(
    mal: MalClient, me: dict[str, Any]
) -> None:
    variables = {
        "mediaId": 21,
        "status": "PAUSED",
        "scoreRaw": 75,
        "progress": 40,
        "repeat": 2,
        "notes": "long",
        "startedAt": {"year": 2020, "month": 5},
        "priority": 1,
    }
    await _graphql(mal, SAVE, variables, **me["anilist"])
    fields = "list_status{priority,num_times_rewatched,comments}"
    body = (
        await mal.get("/v2/users/@me/animelist", params={"fields": fields}, headers=me["mal"])
    ).json()
    status = body["data"][0]["list_status"]
    assert body["data"][0]["node"]["id"] == 21
    assert status == {
        "status": "on_hold",
        "score": 7,  # POINT_100 75 floors to MAL's 7
        "num_episodes_watched": 40,
        "is_rewatching": False,
        "updated_at": status["updated_at"],
        "start_date": "2020-05",
        "priority": 1,
        "num_times_rewatched": 2,
    }


async def test_manga_patch_and_delete(mal: MalClient, me: dict[str, Any]) -> None:
    form = {
        "status": "reading",
        "is_rereading": "false",
        "num_volumes_read": "3",
        "num_chapters_read": "25",
        "num_times_reread": "1",
        "reread_value": "2",
        "score": "9",
    }
    r = await mal.http.patch("/v2/manga/13/my_list_status", data=form, headers=me["mal"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["status"], body["num_volumes_read"], body["num_chapters_read"]) == (
        "reading",
        3,
        25,
    )
    assert (body["num_times_reread"], body["reread_value"], body["is_rereading"]) == (1, 2, False)
    data = await _graphql(mal, READ, {"userId": me["id"], "mediaId": 30013})
    assert (data["MediaList"]["progress"], data["MediaList"]["progressVolumes"]) == (25, 3)
    r = await mal.http.delete("/v2/manga/13/my_list_status", headers=me["mal"])
    assert r.status_code == 200 and r.json() == []
    r = await mal.http.delete("/v2/manga/13/my_list_status", headers=me["mal"])
    assert r.status_code == 404 and r.json() == {"error": "not_found", "message": ""}


async def test_put_is_accepted_as_patch(mal: MalClient, me: dict[str, Any]) -> None:
    r = await mal.http.put(
        "/v2/anime/5/my_list_status", data={"status": "completed"}, headers=me["mal"]
    )
    assert r.status_code == 200 and r.json()["status"] == "completed"


@pytest.mark.parametrize(
    "form",
    [
        {"status": "reading"},
        {"score": "11"},
        {"score": "-1"},
        {"priority": "3"},
        {"rewatch_value": "6"},
        {"is_rewatching": "maybe"},
        {"start_date": "2024/01/02"},
        {"start_date": "2024-13-01"},
        {"num_watched_episodes": "27"},
        {"num_watched_episodes": "x"},
    ],
)
async def test_bad_form_values_are_400_and_write_nothing(
    mal: MalClient, me: dict[str, Any], form: dict[str, str]
) -> None:
    r = await mal.http.patch("/v2/anime/1/my_list_status", data=form, headers=me["mal"])
    assert r.status_code == 400 and r.json()["error"] == "invalid_parameters"
    r = await mal.http.delete("/v2/anime/1/my_list_status", headers=me["mal"])
    assert r.status_code == 404  # nothing was added


async def test_writes_need_a_user_token(mal: MalClient, me: dict[str, Any]) -> None:
    r = await mal.http.patch("/v2/anime/1/my_list_status", data={"score": "1"}, headers=mal.public)
    assert r.status_code == 401
    r = await mal.http.patch("/v2/anime/1/my_list_status", data={"score": "1"})
    assert r.status_code == 403


async def test_unknown_media_is_404(mal: MalClient, me: dict[str, Any]) -> None:
    r = await mal.http.patch("/v2/anime/424242/my_list_status", data={}, headers=me["mal"])
    assert r.status_code == 404


async def test_anilist_priority_above_mals_range_reads_as_high(
    mal: MalClient, me: dict[str, Any]
) -> None:
    await _graphql(mal, SAVE, {"mediaId": 1, "status": "CURRENT", "priority": 200}, **me["anilist"])
    r = await mal.http.patch("/v2/anime/1/my_list_status", data={}, headers=me["mal"])
    assert r.json()["priority"] == 2


async def test_a_deactivated_users_write_is_refused_cleanly(
    mal: MalClient, me: dict[str, Any], database: Database
) -> None:
    async with database.session() as s:
        user = await s.get(User, me["id"])
        assert user is not None
        user.is_active = False
    r = await mal.http.patch("/v2/anime/1/my_list_status", data={"score": "5"}, headers=me["mal"])
    assert r.status_code in (401, 404) and set(r.json()) == {"error", "message"}, r.text
