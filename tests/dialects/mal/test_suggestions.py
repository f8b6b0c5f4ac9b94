"""MAL v2 /anime/suggestions: co-occurrence in other users' lists, excluding the user's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.db import Database
from kagami.lists.enums import MediaListStatus as S
from kagami.lists.models import ListEntry
from tests.dialects.mal.conftest import MalClient
from tests.factories import make_media, make_user


async def _lists(database: Database, lists: dict[str, list[tuple[int, S]]]) -> dict[str, int]:
    """Users with the given (media id, status) entries; media 1..9 are created first."""
    ids: dict[str, int] = {}
    async with database.session() as s:
        for media_id in range(1, 10):
            await make_media(s, id=media_id, id_mal=media_id, popularity=media_id)
        for name, entries in lists.items():
            user = await make_user(s, name=name)
            ids[name] = user.id
            for media_id, status in entries:
                s.add(
                    ListEntry(user_id=user.id, media_id=media_id, media_type="ANIME", status=status)
                )
    return ids


def _ids(body: dict[str, Any]) -> list[int]:
    return [item["node"]["id"] for item in body["data"]]


async def test_suggests_what_similar_users_have_and_the_user_lacks(
    mal: MalClient, database: Database
) -> None:
    ids = await _lists(
        database,
        {
            "me": [(1, S.COMPLETED), (2, S.COMPLETED)],
            # Shares both of my titles: their other anime weigh 2 each.
            "twin": [(1, S.COMPLETED), (2, S.CURRENT), (3, S.COMPLETED), (4, S.PLANNING)],
            # Shares one: weighs 1.
            "cousin": [(1, S.COMPLETED), (3, S.COMPLETED), (5, S.COMPLETED)],
            # Shares nothing: never suggested, however popular.
            "stranger": [(9, S.COMPLETED)],
            # Dropped titles neither link users nor get suggested.
            "dropper": [(1, S.DROPPED), (6, S.COMPLETED), (2, S.COMPLETED), (7, S.DROPPED)],
        },
    )
    headers = await mal.token_for(database, ids["me"])
    body = (await mal.get("/v2/anime/suggestions", headers=headers)).json()
    # 3: twin 2 + cousin 1; 4: 2; 6: 1 (dropper shares 2); 5: 1; ties by popularity.
    assert _ids(body) == [3, 4, 6, 5]
    page = (await mal.get("/v2/anime/suggestions", headers=headers, params={"limit": "1"})).json()
    assert _ids(page) == [3] and "next" in page["paging"]


async def test_new_user_gets_an_empty_list(mal: MalClient, database: Database) -> None:
    ids = await _lists(database, {"new": [], "other": [(1, S.COMPLETED)]})
    headers = await mal.token_for(database, ids["new"])
    body = (await mal.get("/v2/anime/suggestions", headers=headers)).json()
    assert body == {"data": [], "paging": {}}


async def test_suggestions_need_a_user_token(mal: MalClient, database: Database) -> None:
    assert (await mal.get("/v2/anime/suggestions")).status_code == 401


async def test_suggestions_run_a_fixed_number_of_statements(
    mal: MalClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    users = {f"u{n}": [(1, S.COMPLETED), (n % 8 + 2, S.COMPLETED)] for n in range(30)}
    ids = await _lists(database, {"me": [(1, S.COMPLETED)], **users})
    headers = await mal.token_for(database, ids["me"])
    with sql_counter() as counted:
        r = await mal.get("/v2/anime/suggestions", headers=headers, params={"fields": "genres"})
    assert r.status_code == 200 and len(r.json()["data"]) == 8
    # token look-up + suggestions + genres: nothing per user or per media.
    assert counted.count <= 4, str(counted)
