"""AZ-1: a private list entry is invisible to every other viewer on every path, in each dialect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type

from kagami.dialects.anilist_graphql.schema_loader import build_schema
from tests.factories import make_media, make_user
from tests.security.conftest import Dialects

SECRET, OPEN = "Secret Show", "Open Show"
SAVE = """mutation ($m: Int, $p: Boolean) {
  SaveMediaListEntry(mediaId: $m, status: CURRENT, private: $p) { id } }"""
ENTRY = "id media { title { romaji } }"

# Every place in the schema a MediaList (or a group/collection of them) comes out of, except
# mutations (they answer the caller's own entries). A new one makes the scan below fail.
COVERED = {
    "Query.MediaList",
    "Query.MediaListCollection",
    "Page.mediaList",
    "InternalPage.mediaList",  # not reachable from Query: no field returns InternalPage
    "MediaListCollection.lists",
    "MediaListCollection.statusLists",
    "MediaListCollection.customLists",
    "MediaListGroup.entries",
    "Media.mediaListEntry",  # the viewer's own entry
}


@dataclass
class Lists:
    """An owner with one private and one public entry; a follower who looks."""

    owner: int
    owner_name: str
    viewer: int
    secret_media: int
    open_media: int
    secret_entry: int
    open_entry: int


@pytest.fixture
async def lists(dialects: Dialects) -> Lists:
    """The owner saves both entries through GraphQL; the viewer follows the owner."""
    async with dialects.database.session() as s:
        secret = await make_media(s, title_romaji=SECRET, id_mal=501)
        shown = await make_media(s, title_romaji=OPEN, id_mal=502)
        owner = await make_user(s)
        viewer = await make_user(s)
        ids = (owner.id, owner.name, viewer.id, secret.id, shown.id)
    headers = await dialects.anilist(ids[0])
    secret_entry = await dialects.gql.data(SAVE, {"m": ids[3], "p": True}, **headers)
    open_entry = await dialects.gql.data(SAVE, {"m": ids[4], "p": False}, **headers)
    follow = "mutation ($u: Int) { ToggleFollow(userId: $u) { id } }"
    await dialects.gql.data(follow, {"u": ids[0]}, **await dialects.anilist(ids[2]))
    return Lists(
        ids[0],
        ids[1],
        ids[2],
        ids[3],
        ids[4],
        secret_entry["SaveMediaListEntry"]["id"],
        open_entry["SaveMediaListEntry"]["id"],
    )


def _v1_series(body: dict[str, Any]) -> set[int]:
    """The series ids on a v1 list answer, status lists and custom lists alike."""
    groups = [*body["lists"].values(), *body["custom_lists"].values()]
    return {row["series_id"] for rows in groups for row in rows}


def test_AZ_1_every_media_list_path_in_the_schema_is_covered() -> None:
    schema = build_schema()
    found = set()
    for kind in schema.type_map.values():
        if not isinstance(kind, GraphQLObjectType) or kind.name in ("Mutation",):
            continue
        for name, field in kind.fields.items():
            if get_named_type(field.type).name in (
                "MediaList",
                "MediaListGroup",
                "MediaListCollection",
            ):
                found.add(f"{kind.name}.{name}")
    assert found == COVERED


async def test_AZ_1_private_list_is_invisible_on_every_media_list_path(
    dialects: Dialects, lists: Lists
) -> None:
    collection = f"""lists {{ entries {{ {ENTRY} }} }} statusLists {{ {ENTRY} }}
      customLists {{ {ENTRY} }}"""
    o, n, m, e = lists.owner, lists.owner_name, lists.secret_media, lists.secret_entry
    reads: list[tuple[str, bool]] = [  # (query, must show the public entry)
        (f"{{ MediaList(id: {e}) {{ {ENTRY} }} }}", False),
        (f"{{ MediaList(userId: {o}, mediaId: {m}) {{ {ENTRY} }} }}", False),
        (f'{{ MediaList(userName: "{n}", status: CURRENT) {{ {ENTRY} }} }}', False),
        (f"{{ Page {{ mediaList(userId: {o}) {{ {ENTRY} }} }} }}", True),
        (f"{{ Page {{ mediaList(mediaId: {m}) {{ {ENTRY} }} }} }}", False),
        (f"{{ Page {{ mediaList(id: {e}) {{ {ENTRY} }} }} }}", False),
        (f"{{ Page {{ mediaList(userId_in: [{o}]) {{ {ENTRY} }} }} }}", True),
        (f"{{ MediaListCollection(userId: {o}, type: ANIME) {{ {collection} }} }}", True),
        (f'{{ MediaListCollection(userName: "{n}", type: ANIME) {{ {collection} }} }}', True),
        (f"{{ Media(id: {m}) {{ mediaListEntry {{ {ENTRY} }} }} }}", False),
    ]
    following = f"{{ Page {{ mediaList(mediaId: {m}, isFollowing: true) {{ {ENTRY} }} }} }}"
    viewer = await dialects.anilist(lists.viewer)
    for headers in ({}, viewer):
        for query, shows_open in reads + ([(following, False)] if headers else []):
            status, body = await dialects.gql(query, None, **headers)
            assert status in (200, 404) and SECRET not in str(body), (query, body)
            assert not shows_open or OPEN in str(body), (query, body)
    # The owner does see it: the paths above are live.
    status, body = await dialects.gql(reads[0][0], None, **await dialects.anilist(lists.owner))
    assert status == 200 and SECRET in str(body)

    v1_viewer = await dialects.v1_auth(lists.viewer)
    for path in (
        f"user/{lists.owner_name}/animelist",
        f"user/{lists.owner}/animelist",
        f"user/{lists.owner_name}/animelist/raw",
    ):
        for headers in (v1_viewer, await dialects.v1.auth(None)):
            r = await dialects.http.get(f"/api/{path}", headers=headers)
            assert r.status_code == 200, r.text
            assert _v1_series(r.json()) == {lists.open_media}, (path, r.text)
    own = await dialects.v1.get(f"user/{lists.owner}/animelist", lists.owner)
    assert _v1_series(own.json()) == {lists.open_media, lists.secret_media}

    mal_path = f"/v2/users/{lists.owner_name}/animelist"
    for headers in (dialects.mal.public, await dialects.mal_auth(lists.viewer)):
        r = await dialects.http.get(mal_path, headers=headers)
        assert r.status_code == 200 and SECRET not in r.text and OPEN in r.text, r.text
    r = await dialects.http.get(
        "/v2/users/@me/animelist", headers=await dialects.mal_auth(lists.owner)
    )
    assert SECRET in r.text
