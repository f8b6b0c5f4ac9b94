"""MAL v2 user lists and /users/@me?fields=anime_statistics."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest

from kagami.db import Database
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.enums import MediaListStatus as S
from kagami.lists.service import save_entry
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.mal.conftest import MalClient
from tests.factories import make_media, make_user


@dataclass
class Lists:
    """Alice's list (one private entry) and her token; Bob's token."""

    alice: str
    alice_headers: dict[str, str]
    bob_headers: dict[str, str]


@pytest.fixture
async def lists(mal: MalClient, catalogue: Catalogue, database: Database) -> Lists:
    async with database.session() as s:
        alice, bob = await make_user(s, name="alice"), await make_user(s, name="bob")
        await make_media(s, id=900, id_mal=900, title_romaji="Zz Adult", is_adult=True)
        for media_id, changes in (
            (catalogue.bebop, EntryChanges(status=S.COMPLETED, score=90, progress=26)),
            (catalogue.one_piece, EntryChanges(status=S.CURRENT, score=70, progress=100)),
            (catalogue.bebop_movie, EntryChanges(status=S.REPEATING, progress=0, repeat=2)),
            (catalogue.teekyuu, EntryChanges(status=S.PLANNING, private=True)),
            (900, EntryChanges(status=S.DROPPED)),
            (
                catalogue.one_piece_manga,
                EntryChanges(status=S.CURRENT, progress=1000, progress_volumes=100),
            ),
        ):
            await save_entry(s, alice.id, media_id=media_id, changes=changes)
        await save_entry(
            s,
            alice.id,
            media_id=catalogue.bebop,
            changes=EntryChanges(started_at=FuzzyDate(1998, 4, None), notes="great"),
        )
    return Lists(
        "alice", await mal.token_for(database, alice.id), await mal.token_for(database, bob.id)
    )


def _ids(body: dict[str, object]) -> list[int]:
    return [item["node"]["id"] for item in body["data"]]  # type: ignore[index, attr-defined]


async def test_public_list_by_name_with_list_status(mal: MalClient, lists: Lists) -> None:
    r = await mal.get(
        "/v2/users/alice/animelist", params={"fields": "list_status", "sort": "anime_title"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    # Teekyuu is private: only its owner sees it.
    assert _ids(body) == [1, 5, 21, 900]
    bebop = body["data"][0]["list_status"]
    assert bebop == {
        "status": "completed",
        "score": 9,
        "num_episodes_watched": 26,
        "is_rewatching": False,
        "updated_at": bebop["updated_at"],
        "start_date": "1998-04",
        "finish_date": bebop["finish_date"],
    }
    movie = body["data"][1]["list_status"]
    assert (movie["status"], movie["is_rewatching"]) == ("watching", True)


async def test_own_list_via_me_includes_private_entries(mal: MalClient, lists: Lists) -> None:
    body = (await mal.get("/v2/users/@me/animelist", headers=lists.alice_headers)).json()
    assert sorted(_ids(body)) == [1, 5, 21, 900, 15125]
    assert "list_status" not in body["data"][0]


async def test_me_needs_a_user_token(mal: MalClient, lists: Lists) -> None:
    r = await mal.get("/v2/users/@me/animelist")
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"


@pytest.mark.parametrize(
    ("status", "ids"),
    [("watching", [5, 21]), ("completed", [1]), ("dropped", [900]), ("plan_to_watch", [])],
)
async def test_status_filter(mal: MalClient, lists: Lists, status: str, ids: list[int]) -> None:
    params = {"status": status, "sort": "anime_id"}
    assert _ids((await mal.get("/v2/users/alice/animelist", params=params)).json()) == ids


@pytest.mark.parametrize(
    ("sort", "ids"),
    [
        ("list_score", [1, 21, 5, 900]),
        ("anime_title", [1, 5, 21, 900]),
        ("anime_start_date", [5, 21, 1, 900]),
        ("anime_id", [1, 5, 21, 900]),
    ],
)
async def test_sorts(mal: MalClient, lists: Lists, sort: str, ids: list[int]) -> None:
    assert _ids((await mal.get("/v2/users/alice/animelist", params={"sort": sort})).json()) == ids


@pytest.mark.parametrize(
    "params", [{"sort": "manga_title"}, {"status": "reading"}, {"limit": "0"}, {"sort": "title"}]
)
async def test_bad_list_parameters_are_400(
    mal: MalClient, lists: Lists, params: dict[str, str]
) -> None:
    r = await mal.get("/v2/users/alice/animelist", params=params)
    assert r.status_code == 400 and r.json()["error"] == "invalid_parameters"


async def test_nsfw_false_hides_adult_entries(mal: MalClient, lists: Lists) -> None:
    body = (await mal.get("/v2/users/alice/animelist", params={"nsfw": "false"})).json()
    assert 900 not in _ids(body)


async def test_unknown_user_is_403(mal: MalClient, lists: Lists) -> None:
    r = await mal.get("/v2/users/nobody/animelist")
    assert r.status_code == 403 and r.json() == {"error": "forbidden", "message": ""}


async def test_list_paging(mal: MalClient, lists: Lists) -> None:
    params = {"limit": "2", "sort": "anime_id"}
    body = (await mal.get("/v2/users/alice/animelist", params=params)).json()
    assert _ids(body) == [1, 5]
    nxt = urlsplit(body["paging"]["next"])
    assert parse_qs(nxt.query)["offset"] == ["2"] and "previous" not in body["paging"]


async def test_mangalist(mal: MalClient, lists: Lists) -> None:
    params = {"fields": "list_status{comments},num_chapters"}
    body = (await mal.get("/v2/users/alice/mangalist", params=params)).json()
    assert _ids(body) == [13]
    status = body["data"][0]["list_status"]
    assert status["status"] == "reading" and status["is_rereading"] is False
    assert (status["num_chapters_read"], status["num_volumes_read"]) == (1000, 100)
    assert "comments" not in status  # never in lists
    assert body["data"][0]["node"]["num_chapters"] == 0


async def test_me_anime_statistics(mal: MalClient, lists: Lists) -> None:
    params = {"fields": "anime_statistics"}
    body = (await mal.get("/v2/users/@me", headers=lists.alice_headers, params=params)).json()
    stats = body["anime_statistics"]
    assert body["name"] == "alice"
    assert (stats["num_items_watching"], stats["num_items_completed"]) == (2, 1)
    assert (stats["num_items_dropped"], stats["num_items_plan_to_watch"]) == (1, 1)
    assert stats["num_items"] == 5 and stats["num_episodes"] == 126
    assert stats["num_days_completed"] == round(26 * 24 / 1440, 2)
    assert stats["mean_score"] == 8.0 and stats["num_times_rewatched"] == 2
    plain = (await mal.get("/v2/users/@me", headers=lists.alice_headers)).json()
    assert "anime_statistics" not in plain
