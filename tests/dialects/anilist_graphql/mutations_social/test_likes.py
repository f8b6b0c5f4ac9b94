"""ToggleLike and ToggleLikeV2 through the GraphQL endpoint: counts, visibility, notifications."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from kagami.community.models import Thread, ThreadComment
from kagami.db import Database
from kagami.social.models import Like
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.mutations_social.support import (
    NEWEST_NOTIFICATION,
    Caller,
    caller,
    error_of,
    new_callers,
)
from tests.dialects.anilist_graphql.social_data import Social

LIKE = "mutation ($id: Int, $type: LikeableType) { ToggleLike(id: $id, type: $type) { name } }"
LIKE_V2 = """mutation ($id: Int, $type: LikeableType) { ToggleLikeV2(id: $id, type: $type) {
  __typename ... on TextActivity { id likeCount isLiked } ... on MessageActivity { id likeCount }
  ... on ActivityReply { id likeCount isLiked } ... on Thread { id likeCount isLiked }
  ... on ThreadComment { id likeCount isLiked } } }"""
ACTIVITY = "query ($id: Int) { Activity(id: $id) { ... on TextActivity { likeCount isLiked } } }"


async def test_toggle_like_likes_then_unlikes_an_activity_and_tells_its_author(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    a1 = social.activities["a1"]  # alice's, liked by bob and carol
    liked = await dave.data(LIKE, {"id": a1, "type": "ACTIVITY"})
    assert liked["ToggleLike"] == [{"name": "bob"}, {"name": "carol"}, {"name": "dave"}]
    assert (await dave.data(ACTIVITY, {"id": a1}))["Activity"] == {"likeCount": 3, "isLiked": True}
    alice = await caller(gql, database, social, "alice")
    assert (await alice.data(NEWEST_NOTIFICATION))["Notification"] == {
        "__typename": "ActivityLikeNotification",
        "userId": dave.user_id,
        "activityId": a1,
    }
    unliked = await dave.data(LIKE, {"id": a1, "type": "ACTIVITY"})
    assert unliked["ToggleLike"] == [{"name": "bob"}, {"name": "carol"}]
    assert (await dave.data(ACTIVITY, {"id": a1}))["Activity"] == {
        "likeCount": 2,
        "isLiked": False,
    }


async def test_toggle_like_v2_answers_the_reply_and_tells_its_author(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    r1 = social.replies["r1"]  # bob's, liked by alice
    body = await dave.data(LIKE_V2, {"id": r1, "type": "ACTIVITY_REPLY"})
    assert body["ToggleLikeV2"] == {
        "__typename": "ActivityReply",
        "id": r1,
        "likeCount": 2,
        "isLiked": True,
    }
    read = await gql.data("query ($id: Int) { ActivityReply(id: $id) { likeCount } }", {"id": r1})
    assert read["ActivityReply"]["likeCount"] == 2
    bob = await caller(gql, database, social, "bob")
    assert (await bob.data(NEWEST_NOTIFICATION))["Notification"] == {
        "__typename": "ActivityReplyLikeNotification",
        "userId": dave.user_id,
        "activityId": social.activities["a1"],
    }


async def test_toggle_like_v2_on_a_thread_and_a_comment_notifies_their_authors(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    async with database.session() as s:
        thread = Thread(user_id=social.users["carol"], title="T", body="body")
        s.add(thread)
        await s.flush()
        comment = ThreadComment(thread_id=thread.id, user_id=social.users["bob"], comment="c")
        s.add(comment)
        await s.flush()
    body = await dave.data(LIKE_V2, {"id": thread.id, "type": "THREAD"})
    assert body["ToggleLikeV2"] == {
        "__typename": "Thread",
        "id": thread.id,
        "likeCount": 1,
        "isLiked": True,
    }
    read = await dave.data(
        "query ($id: Int) { Thread(id: $id) { likeCount isLiked } }", {"id": thread.id}
    )
    assert read["Thread"] == {"likeCount": 1, "isLiked": True}
    carol = await caller(gql, database, social, "carol")
    assert (await carol.data(NEWEST_NOTIFICATION))["Notification"] == {
        "__typename": "ThreadLikeNotification",
        "userId": dave.user_id,
        "threadId": thread.id,
    }
    body = await dave.data(LIKE_V2, {"id": comment.id, "type": "THREAD_COMMENT"})
    assert body["ToggleLikeV2"]["likeCount"] == 1
    bob = await caller(gql, database, social, "bob")
    assert (await bob.data(NEWEST_NOTIFICATION))["Notification"] == {
        "__typename": "ThreadCommentLikeNotification",
        "userId": dave.user_id,
        "commentId": comment.id,
    }


async def test_a_private_message_can_be_liked_only_by_its_two_parties(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    a4 = social.activities["a4"]  # carol's private message to bob
    status, body = await dave(LIKE_V2, {"id": a4, "type": "ACTIVITY"})
    assert status == 404 and error_of(body) == {"message": "Not Found.", "status": 404}
    bob = await caller(gql, database, social, "bob")
    body = await bob.data(LIKE_V2, {"id": a4, "type": "ACTIVITY"})
    assert body["ToggleLikeV2"] == {"__typename": "MessageActivity", "id": a4, "likeCount": 1}
    carol = await caller(gql, database, social, "carol")  # the sender wrote it: told
    assert (await carol.data(NEWEST_NOTIFICATION))["Notification"]["userId"] == bob.user_id


async def test_toggle_like_needs_an_id_and_a_type_and_an_existing_target(dave: Caller) -> None:
    status, body = await dave(LIKE)
    assert status == 400
    assert error_of(body)["validation"] == {
        "id": ["The id field is required."],
        "type": ["The type field is required."],
    }
    status, body = await dave(LIKE, {"id": 999999, "type": "THREAD_COMMENT"})
    assert status == 404


async def test_liking_your_own_activity_tells_nobody(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    alice = await caller(gql, database, social, "alice")
    unread = "{ Viewer { unreadNotificationCount } }"
    before = (await alice.data(unread))["Viewer"]["unreadNotificationCount"]
    await alice.data(LIKE, {"id": social.activities["a1"], "type": "ACTIVITY"})
    assert (await alice.data(unread))["Viewer"]["unreadNotificationCount"] == before


async def test_DU_9_fifty_concurrent_likes_from_distinct_users_keep_like_count_exact(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    callers = await new_callers(gql, database, 50)
    a1 = social.activities["a1"]
    variables = {"id": a1, "type": "ACTIVITY"}

    results = await asyncio.gather(*(c(LIKE_V2, variables) for c in callers))
    assert [status for status, _ in results] == [200] * 50, results
    assert (await gql.data(ACTIVITY, {"id": a1}))["Activity"]["likeCount"] == 52
    async with database.session() as s:
        likes = await s.scalar(
            sa.select(sa.func.count())
            .select_from(Like)
            .where(Like.likeable_id == a1, Like.likeable_type == "ACTIVITY")
        )
    assert likes == 52

    results = await asyncio.gather(*(c(LIKE_V2, variables) for c in callers))
    assert [status for status, _ in results] == [200] * 50
    assert (await gql.data(ACTIVITY, {"id": a1}))["Activity"]["likeCount"] == 2


async def test_DU_9_one_user_toggling_a_like_twenty_times_at_once_keeps_the_counter_exact(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    a1 = social.activities["a1"]
    variables = {"id": a1, "type": "ACTIVITY"}
    results = await asyncio.gather(*(dave(LIKE_V2, variables) for _ in range(2 * 10)))
    assert [status for status, _ in results] == [200] * 20, results
    async with database.session() as s:
        likes = await s.scalar(
            sa.select(sa.func.count())
            .select_from(Like)
            .where(Like.likeable_id == a1, Like.likeable_type == "ACTIVITY")
        )
    assert (await gql.data(ACTIVITY, {"id": a1}))["Activity"]["likeCount"] == likes


async def test_toggle_like_statement_budget(
    social: Social, dave: Caller, sql_counter: Callable[..., Any]
) -> None:
    with sql_counter() as counted:
        await dave.data(LIKE, {"id": social.activities["a1"], "type": "ACTIVITY"})
    print(f"\nToggleLike: {counted.count} statements")
    assert counted.count <= 12, str(counted)


async def test_liking_again_and_again_tells_the_author_once(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    alice = await caller(gql, database, social, "alice")
    unread = "{ Viewer { unreadNotificationCount } }"
    before = (await alice.data(unread))["Viewer"]["unreadNotificationCount"]
    for _ in range(3):  # like, unlike, like
        await dave.data(LIKE, {"id": social.activities["a1"], "type": "ACTIVITY"})
    assert (await alice.data(unread))["Viewer"]["unreadNotificationCount"] == before + 1
