"""Activity mutations through the GraphQL endpoint: text, message, list, delete, pin, subscribe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.db import Database
from kagami.social.models import Like
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.mutations_social.support import (
    NEWEST_NOTIFICATION,
    UNREAD,
    error_of,
)
from tests.dialects.anilist_graphql.social_data import Social

TEXT = """mutation ($id: Int, $text: String, $locked: Boolean) {
  SaveTextActivity(id: $id, text: $text, locked: $locked) { id text user { name } isLocked } }"""
MESSAGE = """mutation ($id: Int, $message: String, $to: Int, $private: Boolean) {
  SaveMessageActivity(id: $id, message: $message, recipientId: $to, private: $private) {
    id message recipientId messenger { name } isPrivate } }"""
READ = """query ($id: Int) { Activity(id: $id) { __typename
  ... on TextActivity { text isLocked isPinned isSubscribed }
  ... on MessageActivity { message isPrivate } ... on ListActivity { isLocked } } }"""


# --- SaveTextActivity ------------------------------------------------------------------------


async def test_save_text_activity_posts_and_tells_the_mentioned(
    gql: GraphQLClient, who: Callable[..., Any]
) -> None:
    dave, alice = await who("dave"), await who("alice")
    text = "Hello @Alice, @nobody and @dave! mail me at x@bob.com"
    body = await dave.data(TEXT, {"text": text})
    posted = body["SaveTextActivity"]
    assert posted["text"] == text and posted["user"] == {"name": "dave"}
    assert posted["isLocked"] is False
    read = await gql.data(READ, {"id": posted["id"]})
    assert read["Activity"]["text"] == text
    assert (await alice.data(NEWEST_NOTIFICATION))["Notification"] == {
        "__typename": "ActivityMentionNotification",
        "userId": dave.user_id,
        "activityId": posted["id"],
    }
    bob = await who("bob")
    newest_of_bob = (await bob.data(NEWEST_NOTIFICATION))["Notification"]
    assert newest_of_bob["__typename"] != "ActivityMentionNotification"  # an email is no mention


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "The text field is required."),
        ("hey", "The text must be at least 5 characters."),
        ("x" * 10001, "The text may not be greater than 10000 characters."),
    ],
    ids=["missing", "short", "long"],
)
async def test_save_text_activity_bounds_the_text(
    gql: GraphQLClient, who: Callable[..., Any], text: str | None, message: str
) -> None:
    dave = await who("dave")
    status, body = await dave(TEXT, {"text": text})
    assert status == 400
    assert error_of(body) == {
        "message": "validation",
        "status": 400,
        "validation": {"text": [message]},
    }
    page = await gql.data(
        "query ($id: Int) { Page { activities(userId: $id) { __typename } } }",
        {"id": dave.user_id},
    )
    assert page["Page"]["activities"] == [{"__typename": "TextActivity"}]  # only the seeded one


async def test_save_text_activity_edits_only_your_own_unless_moderator(
    gql: GraphQLClient, who: Callable[..., Any], social: Social
) -> None:
    a1 = social.activities["a1"]
    alice, bob, dave = await who("alice"), await who("bob"), await who("dave")
    edited = await alice.data(TEXT, {"id": a1, "text": "Edited text", "locked": True})
    assert edited["SaveTextActivity"]["text"] == "Edited text"
    assert edited["SaveTextActivity"]["isLocked"] is False  # locking is for moderators
    status, body = await bob(TEXT, {"id": a1, "text": "bob was here"})
    assert status == 403 and error_of(body) == {"message": "Forbidden.", "status": 403}
    assert (await gql.data(READ, {"id": a1}))["Activity"]["text"] == "Edited text"
    moderated = await dave.data(TEXT, {"id": a1, "text": "Moderated", "locked": True})
    assert moderated["SaveTextActivity"]["isLocked"] is True
    assert (await gql.data(READ, {"id": a1}))["Activity"]["isLocked"] is True


async def test_save_text_activity_statement_budget(
    who: Callable[..., Any], sql_counter: Callable[..., Any]
) -> None:
    dave = await who("dave")
    with sql_counter() as counted:
        await dave.data(TEXT, {"text": "a post for @alice and @bob"})
    print(f"\nSaveTextActivity: {counted.count} statements")
    assert counted.count <= 12, str(counted)


# --- SaveMessageActivity ---------------------------------------------------------------------


async def test_save_message_activity_sends_a_private_message_seen_by_its_parties_only(
    gql: GraphQLClient, who: Callable[..., Any], database: Database
) -> None:
    alice, dave, bob = await who("alice"), await who("dave"), await who("bob")
    before = int((await dave.data(UNREAD))["Viewer"]["unreadNotificationCount"])
    body = await alice.data(MESSAGE, {"message": "psst", "to": dave.user_id, "private": True})
    sent = body["SaveMessageActivity"]
    assert sent["message"] == "psst" and sent["recipientId"] == dave.user_id
    assert sent["messenger"] == {"name": "alice"} and sent["isPrivate"] is True
    assert (await dave.data(READ, {"id": sent["id"]}))["Activity"]["message"] == "psst"
    assert (await dave.data(UNREAD))["Viewer"]["unreadNotificationCount"] == before + 1
    assert (await dave.data(NEWEST_NOTIFICATION))["Notification"] == {
        "__typename": "ActivityMessageNotification",
        "userId": alice.user_id,
        "activityId": sent["id"],
    }
    status, _ = await bob(READ, {"id": sent["id"]})
    assert status == 404
    status, _ = await gql(READ, {"id": sent["id"]})
    assert status == 404


async def test_save_message_activity_respects_restrict_messages_to_following(
    gql: GraphQLClient, who: Callable[..., Any], database: Database, social: Social
) -> None:
    carol = social.users["carol"]  # carol follows bob, not alice
    async with database.session() as s:
        await s.execute(
            sa.update(User).where(User.id == carol).values(restrict_messages_to_following=True)
        )
    alice, bob = await who("alice"), await who("bob")
    status, body = await alice(MESSAGE, {"message": "hi there", "to": carol})
    assert status == 403 and error_of(body)["message"] == "Forbidden."
    sent = await bob.data(MESSAGE, {"message": "hi there", "to": carol})
    assert sent["SaveMessageActivity"]["recipientId"] == carol


async def test_save_message_activity_validates_message_and_recipient(
    who: Callable[..., Any],
) -> None:
    alice = await who("alice")
    status, body = await alice(MESSAGE, {"message": "x", "to": 2})
    assert status == 400
    assert error_of(body)["validation"] == {
        "message": ["The message must be at least 2 characters."]
    }
    status, body = await alice(MESSAGE, {"message": "hello"})
    assert status == 400
    assert error_of(body)["validation"] == {"recipientId": ["The recipient id field is required."]}
    status, _ = await alice(MESSAGE, {"message": "hello", "to": 999999})
    assert status == 404


async def test_save_message_activity_edits_only_by_its_sender(
    gql: GraphQLClient, who: Callable[..., Any], social: Social
) -> None:
    a3 = social.activities["a3"]  # alice -> carol
    alice, carol = await who("alice"), await who("carol")
    status, _ = await carol(MESSAGE, {"id": a3, "message": "rewritten"})
    assert status == 403
    body = await alice.data(MESSAGE, {"id": a3, "message": "hi carol!", "private": True})
    assert body["SaveMessageActivity"]["isPrivate"] is True
    assert (await carol.data(READ, {"id": a3}))["Activity"]["message"] == "hi carol!"


# --- SaveListActivity ------------------------------------------------------------------------

LIST = """mutation ($id: Int, $locked: Boolean) {
  SaveListActivity(id: $id, locked: $locked) { id isLocked } }"""


async def test_save_list_activity_locks_for_moderators_only(
    gql: GraphQLClient, who: Callable[..., Any], social: Social
) -> None:
    a2 = social.activities["a2"]  # bob's list activity
    bob, dave = await who("bob"), await who("dave")
    status, body = await bob(LIST, {"id": a2, "locked": True})
    assert status == 403
    assert (await gql.data(READ, {"id": a2}))["Activity"]["isLocked"] is False
    body = await dave.data(LIST, {"id": a2, "locked": True})
    assert body["SaveListActivity"] == {"id": a2, "isLocked": True}
    assert (await gql.data(READ, {"id": a2}))["Activity"]["isLocked"] is True
    status, body = await dave(LIST, {"locked": True})
    assert status == 400 and error_of(body)["validation"] == {"id": ["The id field is required."]}
    status, _ = await dave(LIST, {"id": social.activities["a1"], "locked": True})  # a text one
    assert status == 404


# --- DeleteActivity --------------------------------------------------------------------------

DELETE = "mutation ($id: Int) { DeleteActivity(id: $id) { deleted } }"


async def test_delete_activity_removes_it_with_replies_likes_and_notifications(
    gql: GraphQLClient, who: Callable[..., Any], social: Social, database: Database
) -> None:
    a1 = social.activities["a1"]
    alice = await who("alice")
    before = int((await alice.data(UNREAD))["Viewer"]["unreadNotificationCount"])
    assert (await alice.data(DELETE, {"id": a1}))["DeleteActivity"] == {"deleted": True}
    assert (await gql(READ, {"id": a1}))[0] == 404
    replies = "query ($id: Int) { Page { activityReplies(activityId: $id) { id } } }"
    assert (await gql.data(replies, {"id": a1}))["Page"]["activityReplies"] == []
    async with database.session() as s:
        likes = await s.scalar(sa.select(sa.func.count()).select_from(Like))
    assert likes == 1  # only alice's like of a2 is left (a1's two and r1's one are gone)
    # alice's unread reply notification about a1 went with it.
    assert (await alice.data(UNREAD))["Viewer"]["unreadNotificationCount"] == before - 1


async def test_delete_activity_by_the_parties_or_a_moderator_only(
    gql: GraphQLClient, who: Callable[..., Any], social: Social
) -> None:
    bob, carol, dave = await who("bob"), await who("carol"), await who("dave")
    status, body = await bob(DELETE, {"id": social.activities["a1"]})
    assert status == 403 and error_of(body) == {"message": "Forbidden.", "status": 403}
    assert (await gql(READ, {"id": social.activities["a1"]}))[0] == 200
    # A message's recipient may delete it from their profile.
    assert (await carol.data(DELETE, {"id": social.activities["a3"]}))["DeleteActivity"]["deleted"]
    assert (await dave.data(DELETE, {"id": social.activities["a6"]}))["DeleteActivity"]["deleted"]
    # A private message someone else may not see does not exist for them.
    status, _ = await dave(DELETE, {"id": social.activities["a4"]})
    assert status == 404
    status, _ = await dave(DELETE)
    assert status == 400


# --- ToggleActivityPin / ToggleActivitySubscription ------------------------------------------

PIN = """mutation ($id: Int, $pinned: Boolean) { ToggleActivityPin(id: $id, pinned: $pinned) {
  ... on TextActivity { id isPinned } } }"""
SUBSCRIBE = """mutation ($id: Int, $subscribe: Boolean) {
  ToggleActivitySubscription(activityId: $id, subscribe: $subscribe) {
    ... on TextActivity { id isSubscribed } ... on MessageActivity { id isSubscribed } } }"""


async def test_toggle_activity_pin_keeps_one_pinned_activity_per_profile(
    gql: GraphQLClient, who: Callable[..., Any], social: Social
) -> None:
    a1 = social.activities["a1"]
    alice, bob = await who("alice"), await who("bob")
    assert (await alice.data(PIN, {"id": a1}))["ToggleActivityPin"] == {"id": a1, "isPinned": True}
    second = (await alice.data(TEXT, {"text": "another post"}))["SaveTextActivity"]["id"]
    await alice.data(PIN, {"id": second, "pinned": True})
    page = await gql.data(
        "query ($id: Int) { Page { activities(userId: $id, sort: [PINNED]) "
        "{ ... on TextActivity { id isPinned } } } }",
        {"id": alice.user_id},
    )
    assert page["Page"]["activities"][:2] == [
        {"id": second, "isPinned": True},
        {"id": a1, "isPinned": False},
    ]
    assert (await alice.data(PIN, {"id": second}))["ToggleActivityPin"]["isPinned"] is False
    status, _ = await bob(PIN, {"id": a1})
    assert status == 403


async def test_toggle_activity_subscription_flips_or_sets(
    who: Callable[..., Any], social: Social
) -> None:
    a1 = social.activities["a1"]
    bob = await who("bob")
    flips = [
        (await bob.data(SUBSCRIBE, {"id": a1, **extra}))["ToggleActivitySubscription"]
        for extra in ({}, {}, {"subscribe": False}, {"subscribe": True}, {"subscribe": True})
    ]
    assert [f["isSubscribed"] for f in flips] == [True, False, False, True, True]
    assert (await bob.data(READ, {"id": a1}))["Activity"]["isSubscribed"] is True
    dave = await who("dave")
    status, _ = await dave(SUBSCRIBE, {"id": social.activities["a4"]})  # private, not his
    assert status == 404
    status, body = await dave(SUBSCRIBE)
    assert status == 400
    assert error_of(body)["validation"] == {"activityId": ["The activity id field is required."]}
