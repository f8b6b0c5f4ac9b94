"""SaveThread, DeleteThread and ToggleThreadSubscription over HTTP, read back through Thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from kagami.community.models import ForumCategory
from kagami.db import Database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_media, make_user

SAVE = """mutation ($id: Int, $title: String, $body: String, $categories: [Int],
  $mediaCategories: [Int], $sticky: Boolean, $locked: Boolean) {
  SaveThread(id: $id, title: $title, body: $body, categories: $categories,
    mediaCategories: $mediaCategories, sticky: $sticky, locked: $locked) {
    id title userId isSticky isLocked isSubscribed replyCount
    categories { id name } mediaCategories { id } } }"""
DELETE = "mutation ($id: Int) { DeleteThread(id: $id) { deleted } }"
TOGGLE = """mutation ($id: Int, $subscribe: Boolean) {
  ToggleThreadSubscription(threadId: $id, subscribe: $subscribe) { id isSubscribed } }"""
READ = """query ($id: Int) { Thread(id: $id) { id title body isSticky isLocked isSubscribed
  categories { id } mediaCategories { id } } }"""


@dataclass
class Forum:
    """An author, another user and a moderator (token headers), a media and two categories."""

    author: dict[str, str]
    other: dict[str, str]
    moderator: dict[str, str]
    media: int


@pytest.fixture
async def forum(gql: GraphQLClient, database: Database) -> Forum:
    async with database.session() as s:
        users = [await make_user(s), await make_user(s), await make_user(s)]
        users[2].moderator_roles = ["COMMUNITY"]
        media = await make_media(s)
        s.add_all([ForumCategory(id=1, name="Anime"), ForumCategory(id=2, name="Manga")])
    author, other, moderator = [await bearer(gql, database, u.id) for u in users]
    return Forum(author, other, moderator, media.id)


async def _new(gql: GraphQLClient, forum: Forum) -> dict[str, Any]:
    status, body = await gql(
        SAVE,
        {
            "title": "A fine topic",
            "body": "Words.",
            "categories": [1],
            "mediaCategories": [forum.media],
        },
        **forum.author,
    )
    assert status == 200, body
    return body["data"]["SaveThread"]  # type: ignore[no-any-return]


async def test_save_thread_creates_and_reads_back(gql: GraphQLClient, forum: Forum) -> None:
    saved = await _new(gql, forum)
    assert saved | {"id": 0, "userId": 0} == {
        "id": 0,
        "userId": 0,
        "title": "A fine topic",
        "isSticky": False,
        "isLocked": False,
        "isSubscribed": True,
        "replyCount": 0,
        "categories": [{"id": 1, "name": "Anime"}],
        "mediaCategories": [{"id": forum.media}],
    }
    read = await gql.data(READ, {"id": saved["id"]})
    assert read["Thread"]["body"] == "Words." and read["Thread"]["categories"] == [{"id": 1}]


async def test_save_thread_edits_and_moderators_lock(gql: GraphQLClient, forum: Forum) -> None:
    thread_id = (await _new(gql, forum))["id"]
    status, body = await gql(SAVE, {"id": thread_id, "title": "Renamed topic"}, **forum.author)
    assert status == 200 and body["data"]["SaveThread"]["title"] == "Renamed topic"
    status, body = await gql(SAVE, {"id": thread_id, "locked": True}, **forum.author)
    assert (status, body["errors"][0]["message"]) == (403, "Forbidden.")
    status, body = await gql(
        SAVE, {"id": thread_id, "locked": True, "sticky": True}, **forum.moderator
    )
    assert status == 200
    read = await gql.data(READ, {"id": thread_id})
    assert (read["Thread"]["title"], read["Thread"]["isLocked"], read["Thread"]["isSticky"]) == (
        "Renamed topic",
        True,
        True,
    )


async def test_save_thread_validation(gql: GraphQLClient, forum: Forum) -> None:
    status, body = await gql(SAVE, {"title": "short", "categories": [7]}, **forum.author)
    assert status == 400 and body["data"] == {"SaveThread": None}
    assert body["errors"][0]["validation"] == {
        "title": ["The title must be at least 6 characters."],
        "body": ["The body field is required."],
    }
    status, body = await gql(
        SAVE, {"title": "A fine topic", "body": "b", "mediaCategories": [999]}, **forum.author
    )
    assert body["errors"][0]["validation"] == {
        "mediaCategories": ["The selected media categories is invalid."]
    }


async def test_someone_elses_thread_is_forbidden(gql: GraphQLClient, forum: Forum) -> None:
    thread_id = (await _new(gql, forum))["id"]
    status, body = await gql(SAVE, {"id": thread_id, "title": "Hijacked!"}, **forum.other)
    assert (status, body["data"]) == (403, {"SaveThread": None})
    status, body = await gql(DELETE, {"id": thread_id}, **forum.other)
    assert (status, body["data"]) == (403, {"DeleteThread": None})
    assert (await gql.data(READ, {"id": thread_id}))["Thread"]["title"] == "A fine topic"


async def test_delete_thread_answers_deleted(gql: GraphQLClient, forum: Forum) -> None:
    thread_id = (await _new(gql, forum))["id"]
    status, body = await gql(DELETE, {"id": thread_id}, **forum.author)
    assert (status, body) == (200, {"data": {"DeleteThread": {"deleted": True}}})
    assert (await gql(READ, {"id": thread_id}))[0] == 404
    assert (await gql(DELETE, {"id": thread_id}, **forum.author))[0] == 404
    status, body = await gql(DELETE, {}, **forum.author)
    assert status == 400 and body["errors"][0]["validation"] == {
        "id": ["The id field is required."]
    }


async def test_toggle_thread_subscription(gql: GraphQLClient, forum: Forum) -> None:
    thread_id = (await _new(gql, forum))["id"]
    for subscribe, expected in ((True, True), (False, False), (None, True)):
        status, body = await gql(TOGGLE, {"id": thread_id, "subscribe": subscribe}, **forum.other)
        assert status == 200
        assert body["data"]["ToggleThreadSubscription"] == {
            "id": thread_id,
            "isSubscribed": expected,
        }
    _, read = await gql(READ, {"id": thread_id}, **forum.other)
    assert read["data"]["Thread"]["isSubscribed"] is True
    status, body = await gql(TOGGLE, {"id": 999, "subscribe": True}, **forum.other)
    assert (status, body["data"]) == (404, {"ToggleThreadSubscription": None})


async def test_thread_mutations_run_a_bounded_number_of_statements(
    gql: GraphQLClient, forum: Forum, sql_counter: Callable[..., Any]
) -> None:
    with sql_counter() as created:
        thread_id = (await _new(gql, forum))["id"]
    with sql_counter() as toggled:
        await gql(TOGGLE, {"id": thread_id, "subscribe": True}, **forum.other)
    with sql_counter() as deleted:
        await gql(DELETE, {"id": thread_id}, **forum.author)
    print(f"\nSaveThread {created.count}, Toggle {toggled.count}, DeleteThread {deleted.count}")
    assert created.count <= 14, str(created)
    assert toggled.count <= 5, str(toggled)
    assert deleted.count <= 4, str(deleted)
