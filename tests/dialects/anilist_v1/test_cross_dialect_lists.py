"""A list entry written through v1 (seed 001) reads back the same through MAL v2."""

from __future__ import annotations

import pytest

from kagami.catalogue.enums import MediaStatus
from kagami.db import Database
from kagami.lists.enums import ScoreFormat
from tests.dialects.anilist_v1.conftest import V1Client
from tests.dialects.mal import conftest as mal_conftest
from tests.dialects.mal.conftest import MalClient
from tests.factories import make_media, make_user

mal = mal_conftest.mal  # the MAL dialect's client fixture, on the same test database

MAL_ID = 9001  # differs from the AniList id, so the test sees the id mapping too


@pytest.mark.parametrize(
    ("v1_status", "mal_status"),
    [
        ("watching", "watching"),
        ("completed", "completed"),
        ("on-hold", "on_hold"),
        ("dropped", "dropped"),
        ("plan to watch", "plan_to_watch"),
    ],
)
async def test_entry_written_through_v1_reads_back_through_mal(
    v1: V1Client, mal: MalClient, database: Database, v1_status: str, mal_status: str
) -> None:
    async with database.session() as s:
        anime = await make_media(s, id_mal=MAL_ID, episodes=24, status=MediaStatus.FINISHED)
        user = await make_user(s, score_format=ScoreFormat.POINT_10)
    payload = {
        "id": str(anime.id),
        "list_status": v1_status,
        "score": "8",
        "episodes_watched": "5",
        "notes": "see you, space cowboy",
    }
    assert (await v1.post("animelist", user.id, data=payload)).status_code == 200
    headers = await mal.token_for(database, user.id)
    expected = {
        "status": mal_status,
        "score": 8,
        "num_episodes_watched": 5,
        "comments": "see you, space cowboy",
    }
    fields = "my_list_status{comments}"
    detail = await mal.get(f"/v2/anime/{MAL_ID}", params={"fields": fields}, headers=headers)
    assert detail.status_code == 200, detail.text
    mine = detail.json()["my_list_status"]
    assert {key: mine.get(key) for key in expected} == expected
    listed = await mal.get(
        "/v2/users/@me/animelist", params={"fields": "list_status"}, headers=headers
    )
    assert listed.status_code == 200, listed.text
    [item] = listed.json()["data"]
    assert item["node"]["id"] == MAL_ID
    del expected["comments"]  # MAL API.md 8.1: comments are not returned in lists
    assert {key: item["list_status"].get(key) for key in expected} == expected
