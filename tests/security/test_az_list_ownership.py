"""AZ-2, AZ-3, AZ-4: lists of hidden users look absent; list writes act on the caller's own only."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.lists.models import ListEntry
from tests.factories import make_media, make_user
from tests.security.conftest import Dialects

SAVE = """mutation ($id: Int, $m: Int, $p: Int) {
  SaveMediaListEntry(id: $id, mediaId: $m, progress: $p) { id progress } }"""


async def _rows(dialects: Dialects) -> dict[int, dict[str, Any]]:
    """Every list entry, every column."""
    async with dialects.database.session() as s:
        found = (await s.execute(sa.select(ListEntry))).scalars().all()
        columns = ListEntry.__mapper__.column_attrs
        return {e.id: {c.key: getattr(e, c.key) for c in columns} for e in found}


async def test_AZ_3_graphql_list_writes_never_touch_another_users_entry(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        media = [(await make_media(s)).id for _ in range(2)]
        me, them = (await make_user(s)).id, (await make_user(s)).id
    mine_h, theirs_h = await dialects.anilist(me), await dialects.anilist(them)
    mine = (await dialects.gql.data(SAVE, {"m": media[0], "p": 1}, **mine_h))["SaveMediaListEntry"]
    theirs = (await dialects.gql.data(SAVE, {"m": media[1], "p": 1}, **theirs_h))[
        "SaveMediaListEntry"
    ]
    before = await _rows(dialects)
    status, body = await dialects.gql(SAVE, {"id": theirs["id"], "p": 7}, **mine_h)
    assert (status, body["errors"][0]["message"]) == (403, "Forbidden.")
    delete = "mutation ($id: Int) { DeleteMediaListEntry(id: $id) { deleted } }"
    status, body = await dialects.gql(delete, {"id": theirs["id"]}, **mine_h)
    assert status == 403 and body["data"] == {"DeleteMediaListEntry": None}
    assert await _rows(dialects) == before  # byte-identical
    bulk = "mutation ($ids: [Int]) { UpdateMediaListEntries(ids: $ids, progress: 5) { id } }"
    status, body = await dialects.gql(bulk, {"ids": [mine["id"], theirs["id"]]}, **mine_h)
    after = await _rows(dialects)
    assert after[theirs["id"]] == before[theirs["id"]], body
    assert after[mine["id"]]["progress"] in (1, 5)  # refused whole, or applied to mine only
    assert all(
        e["id"] == mine["id"] for e in (body.get("data") or {}).get("UpdateMediaListEntries") or []
    )


async def test_AZ_4_mal_list_writes_act_on_the_tokens_user_whatever_the_request_names(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        anime = await make_media(s, id_mal=7001, episodes=12)
        me, them = await make_user(s), await make_user(s)
        ids = (anime.id, me.id, them.id, them.name)
    media_id, my_id, their_id, their_name = ids
    async with dialects.database.session() as s:
        s.add(ListEntry(user_id=their_id, media_id=media_id, media_type=anime.type, progress=3))
    before = await _rows(dialects)
    headers = await dialects.mal_auth(my_id)
    hijack = {"user_id": str(their_id), "username": their_name, "user": their_name}
    r = await dialects.http.patch(
        "/v2/anime/7001/my_list_status",
        params=hijack,
        data={"status": "watching", "num_watched_episodes": "9", **hijack},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    after = await _rows(dialects)
    theirs = [k for k, v in before.items() if v["user_id"] == their_id]
    assert [after[k] for k in theirs] == [before[k] for k in theirs]
    mine = [v for v in after.values() if v["user_id"] == my_id]
    assert [v["progress"] for v in mine] == [9]
    r = await dialects.http.request(
        "DELETE", "/v2/anime/7001/my_list_status", params=hijack, data=hijack, headers=headers
    )
    assert r.status_code == 200, r.text
    r = await dialects.http.request(
        "DELETE", "/v2/anime/7001/my_list_status", params=hijack, data=hijack, headers=headers
    )
    assert r.status_code == 404  # mine is gone; theirs was never the target
    assert {k: v for k, v in (await _rows(dialects)).items()} == {k: before[k] for k in theirs}


async def test_AZ_2_a_disabled_users_profile_and_lists_answer_like_a_missing_user(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        media = await make_media(s, id_mal=7002)
        hidden = await make_user(s, is_active=False)
        s.add(ListEntry(user_id=hidden.id, media_id=media.id, media_type=media.type))
        names = (hidden.name, "nosuchuser")
    viewer = await make_viewer(dialects)
    answers = []
    for name in names:
        user = f'{{ User(name: "{name}") {{ id name }} }}'
        lists = f'{{ MediaListCollection(userName: "{name}", type: ANIME) {{ lists {{ name }} }} }}'
        answers.append(
            [
                await dialects.gql(user, None, **viewer["anilist"]),
                await dialects.gql(lists, None, **viewer["anilist"]),
                _answer(
                    await dialects.http.get(f"/api/user/{name}/animelist", headers=viewer["v1"])
                ),
                _answer(
                    await dialects.http.get(f"/v2/users/{name}/animelist", headers=viewer["mal"])
                ),
            ]
        )
    assert answers[0] == answers[1]
    assert answers[0][0][0] == 404


def _answer(r: Any) -> tuple[int, Any]:
    return r.status_code, r.json()


async def make_viewer(dialects: Dialects) -> dict[str, dict[str, str]]:
    """Headers of a signed-in bystander in each dialect."""
    async with dialects.database.session() as s:
        viewer = await make_user(s)
        assert isinstance(viewer, User)
    return {
        "anilist": await dialects.anilist(viewer.id),
        "v1": await dialects.v1_auth(viewer.id),
        "mal": await dialects.mal_auth(viewer.id),
    }
