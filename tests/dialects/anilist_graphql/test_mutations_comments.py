"""SaveThreadComment and DeleteThreadComment over HTTP: replies, the thread, notifications."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from kagami.db import Database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_user

THREAD = """mutation { SaveThread(title: "A fine topic", body: "Words.") { id } }"""
SAVE = """mutation ($id: Int, $threadId: Int, $parent: Int, $comment: String, $locked: Boolean) {
  SaveThreadComment(id: $id, threadId: $threadId, parentCommentId: $parent, comment: $comment,
    locked: $locked) { id threadId userId comment isLocked
    thread { replyCount replyUser { id } } } }"""
DELETE = "mutation ($id: Int) { DeleteThreadComment(id: $id) { deleted } }"
READ = """query ($threadId: Int) { ThreadComment(threadId: $threadId) { id comment
  childComments } Thread(id: $threadId) { replyCount replyCommentId repliedAt } }"""
NOTES = """{ Viewer { unreadNotificationCount } Page { notifications {
  ... on ThreadCommentReplyNotification { type commentId thread { id } user { id } }
  ... on ThreadCommentMentionNotification { type commentId }
  ... on ThreadCommentSubscribedNotification { type commentId } } } }"""


@dataclass
class People:
    """Token headers and ids: the thread's author, a commenter named "Dora", and a moderator."""

    headers: list[dict[str, str]]
    ids: list[int]
    thread: int


@pytest.fixture
async def people(gql: GraphQLClient, database: Database) -> People:
    async with database.session() as s:
        users = [await make_user(s), await make_user(s, name="Dora"), await make_user(s)]
        users[2].moderator_roles = ["COMMUNITY"]
    headers = [await bearer(gql, database, u.id) for u in users]
    status, body = await gql(THREAD, None, **headers[0])
    assert status == 200, body
    return People(headers, [u.id for u in users], body["data"]["SaveThread"]["id"])


async def _post(gql: GraphQLClient, headers: dict[str, str], **variables: Any) -> Any:
    status, body = await gql(SAVE, variables, **headers)
    assert status == 200, body
    return body["data"]["SaveThreadComment"]


async def test_comment_and_reply_read_back_with_the_thread(
    gql: GraphQLClient, people: People
) -> None:
    top = await _post(gql, people.headers[1], threadId=people.thread, comment="First!")
    assert top | {"id": 0} == {
        "id": 0,
        "threadId": people.thread,
        "userId": people.ids[1],
        "comment": "First!",
        "isLocked": False,
        "thread": {"replyCount": 1, "replyUser": {"id": people.ids[1]}},
    }
    reply = await _post(gql, people.headers[0], parent=top["id"], comment="Thanks @Dora")
    assert reply["thread"] == {"replyCount": 2, "replyUser": {"id": people.ids[0]}}
    read = await gql.data(READ, {"threadId": people.thread})
    (only,) = read["ThreadComment"]
    assert (only["id"], only["comment"]) == (top["id"], "First!")
    assert [c["id"] for c in only["childComments"]] == [reply["id"]]
    assert read["Thread"]["replyCount"] == 2 and read["Thread"]["replyCommentId"] == reply["id"]


async def test_the_parent_author_is_told_of_a_reply_once(
    gql: GraphQLClient, people: People
) -> None:
    top = await _post(gql, people.headers[1], threadId=people.thread, comment="First!")
    reply = await _post(gql, people.headers[2], parent=top["id"], comment="Hi @dora")
    status, body = await gql(NOTES, None, **people.headers[1])
    assert status == 200, body
    assert body["data"]["Viewer"]["unreadNotificationCount"] == 1
    assert body["data"]["Page"]["notifications"] == [
        {
            "type": "THREAD_COMMENT_REPLY",
            "commentId": reply["id"],
            "thread": {"id": people.thread},
            "user": {"id": people.ids[2]},
        }
    ]
    # The thread's author is subscribed to it: told of both comments.
    _, body = await gql(NOTES, None, **people.headers[0])
    assert [n["type"] for n in body["data"]["Page"]["notifications"]] == ["THREAD_SUBSCRIBED"] * 2
    mention = await _post(gql, people.headers[2], threadId=people.thread, comment="cc @DORA")
    _, body = await gql(NOTES, None, **people.headers[1])
    assert body["data"]["Page"]["notifications"][0] == {
        "type": "THREAD_COMMENT_MENTION",
        "commentId": mention["id"],
    }


async def test_comment_validation_and_locks(gql: GraphQLClient, people: People) -> None:
    status, body = await gql(SAVE, {"threadId": people.thread, "comment": ""}, **people.headers[1])
    assert status == 400 and body["data"] == {"SaveThreadComment": None}
    assert body["errors"][0]["validation"] == {
        "comment": ["The comment must be at least 1 characters."]
    }
    status, body = await gql(SAVE, {"comment": "Where?"}, **people.headers[1])
    assert body["errors"][0]["validation"] == {"threadId": ["The thread id field is required."]}
    lock = "mutation ($id: Int) { SaveThread(id: $id, locked: true) { isLocked } }"
    assert (await gql(lock, {"id": people.thread}, **people.headers[2]))[0] == 200
    status, body = await gql(
        SAVE, {"threadId": people.thread, "comment": "Hi"}, **people.headers[1]
    )
    assert (status, body["errors"][0]["message"]) == (403, "Forbidden.")
    assert (await gql.data(READ, {"threadId": people.thread}))["Thread"]["replyCount"] == 0


async def test_someone_elses_comment_is_forbidden(gql: GraphQLClient, people: People) -> None:
    top = await _post(gql, people.headers[1], threadId=people.thread, comment="First!")
    status, body = await gql(SAVE, {"id": top["id"], "comment": "Mine now"}, **people.headers[0])
    assert (status, body["data"]) == (403, {"SaveThreadComment": None})
    status, body = await gql(DELETE, {"id": top["id"]}, **people.headers[0])
    assert (status, body["data"]) == (403, {"DeleteThreadComment": None})
    edited = await _post(gql, people.headers[1], id=top["id"], comment="Edited.")
    assert edited["comment"] == "Edited."


async def test_delete_thread_comment_answers_deleted(gql: GraphQLClient, people: People) -> None:
    top = await _post(gql, people.headers[1], threadId=people.thread, comment="First!")
    await _post(gql, people.headers[0], parent=top["id"], comment="A reply")
    status, body = await gql(DELETE, {"id": top["id"]}, **people.headers[1])
    assert (status, body) == (200, {"data": {"DeleteThreadComment": {"deleted": True}}})
    read = await gql.data(READ, {"threadId": people.thread})
    assert read["ThreadComment"] == []
    assert read["Thread"] == {"replyCount": 0, "replyCommentId": None, "repliedAt": None}
    assert (await gql(DELETE, {"id": top["id"]}, **people.headers[1]))[0] == 404


async def test_concurrent_comments_keep_the_reply_count_exact(
    gql: GraphQLClient, database: Database, people: People
) -> None:
    async with database.session() as s:
        users = [await make_user(s) for _ in range(10)]
    crowd = [await bearer(gql, database, u.id) for u in users]
    results = await asyncio.gather(
        *(gql(SAVE, {"threadId": people.thread, "comment": "Me too"}, **h) for h in crowd)
    )
    assert all(status == 200 for status, _ in results), results
    thread = (await gql.data(READ, {"threadId": people.thread}))["Thread"]
    assert thread["replyCount"] == 10
    ids = sorted(body["data"]["SaveThreadComment"]["id"] for _, body in results)
    assert thread["replyCommentId"] == ids[-1]
    # The thread's author hears of each comment once (subscribed as its creator).
    _, body = await gql(NOTES, None, **people.headers[0])
    assert body["data"]["Viewer"]["unreadNotificationCount"] == 10


async def test_comment_mutations_run_a_bounded_number_of_statements(
    gql: GraphQLClient, people: People, sql_counter: Callable[..., Any]
) -> None:
    top = await _post(gql, people.headers[1], threadId=people.thread, comment="First!")
    with sql_counter() as posted:
        await _post(gql, people.headers[0], parent=top["id"], comment="@Dora and @nobody")
    with sql_counter() as deleted:
        await gql(DELETE, {"id": top["id"]}, **people.headers[1])
    print(f"\nSaveThreadComment {posted.count}, DeleteThreadComment {deleted.count}")
    assert posted.count <= 20, str(posted)
    assert deleted.count <= 8, str(deleted)
