"""SaveActivityReply and DeleteActivityReply: replyCount, notifications, locks, ownership."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.db import Database
from kagami.social.models import Like, Notification
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.mutations_social.support import error_of, new_callers
from tests.dialects.anilist_graphql.social_data import Social

REPLY = """mutation ($id: Int, $activity: Int, $text: String) {
  SaveActivityReply(id: $id, activityId: $activity, text: $text) {
    id activityId text user { name } } }"""
SUBSCRIBE = "mutation ($id: Int) { ToggleActivitySubscription(activityId: $id) { __typename } }"
DELETE = "mutation ($id: Int) { DeleteActivityReply(id: $id) { deleted } }"
COUNT = """query ($id: Int) { Activity(id: $id) {
  ... on TextActivity { replyCount isSubscribed replies { text } }
  ... on ListActivity { replyCount } } }"""


async def _notes(database: Database, since: int) -> set[tuple[str, str]]:
    """(recipient id, type) of the notifications with an id above ``since``."""
    async with database.session() as s:
        rows = await s.execute(
            sa.select(Notification.user_id, Notification.type).where(Notification.id > since)
        )
    return {(str(u), str(t)) for u, t in rows}


async def _last_note(database: Database) -> int:
    async with database.session() as s:
        return int(await s.scalar(sa.select(sa.func.max(Notification.id))) or 0)


async def test_save_activity_reply_counts_and_tells_owner_mentioned_and_subscribers(
    gql: GraphQLClient, who: Callable[..., Any], social: Social, database: Database
) -> None:
    a1, u = social.activities["a1"], social.users  # alice's; alice subscribed; 2 replies
    bob, carol = await who("bob"), await who("carol")
    since = await _last_note(database)
    body = await bob.data(REPLY, {"activity": a1, "text": "thanks @carol and @dave"})
    reply = body["SaveActivityReply"]
    assert reply["activityId"] == a1 and reply["user"] == {"name": "bob"}
    assert reply["text"] == "thanks @carol and @dave"
    read = await bob.data(COUNT, {"id": a1})
    assert read["Activity"]["replyCount"] == 3
    assert read["Activity"]["replies"][-1] == {"text": "thanks @carol and @dave"}
    assert read["Activity"]["isSubscribed"] is True  # the replier hears of further replies
    assert await _notes(database, since) == {
        (str(u["alice"]), "ACTIVITY_REPLY"),
        (str(u["carol"]), "ACTIVITY_MENTION"),
        (str(u["dave"]), "ACTIVITY_MENTION"),
    }

    since = await _last_note(database)
    await carol.data(REPLY, {"activity": a1, "text": "me too"})
    assert await _notes(database, since) == {
        (str(u["alice"]), "ACTIVITY_REPLY"),
        (str(u["bob"]), "ACTIVITY_REPLY_SUBSCRIBED"),
    }
    assert (await gql.data(COUNT, {"id": a1}))["Activity"]["replyCount"] == 4


@pytest.mark.parametrize(
    ("variables", "validation"),
    [
        ({"text": "x"}, {"text": ["The text must be at least 2 characters."]}),
        ({"text": "x" * 8001}, {"text": ["The text may not be greater than 8000 characters."]}),
        (
            {"activity": None, "text": "hello"},
            {"activityId": ["The activity id field is required."]},
        ),
    ],
    ids=["short", "long", "no-activity"],
)
async def test_save_activity_reply_validates(
    gql: GraphQLClient,
    who: Callable[..., Any],
    social: Social,
    variables: dict[str, Any],
    validation: dict[str, list[str]],
) -> None:
    bob = await who("bob")
    status, body = await bob(REPLY, {"activity": social.activities["a1"], **variables})
    assert status == 400 and error_of(body)["validation"] == validation
    assert (await gql.data(COUNT, {"id": social.activities["a1"]}))["Activity"]["replyCount"] == 2


async def test_a_locked_activity_takes_replies_from_moderators_only(
    gql: GraphQLClient, who: Callable[..., Any], social: Social
) -> None:
    a1 = social.activities["a1"]
    bob, dave = await who("bob"), await who("dave")
    await dave.data(
        'mutation ($id: Int) { SaveTextActivity(id: $id, text: "Hello **world**", locked: true) '
        "{ id } }",
        {"id": a1},
    )
    status, body = await bob(REPLY, {"activity": a1, "text": "let me in"})
    assert status == 403 and error_of(body) == {"message": "Forbidden.", "status": 403}
    await dave.data(REPLY, {"activity": a1, "text": "locked, sorry"})
    assert (await gql.data(COUNT, {"id": a1}))["Activity"]["replyCount"] == 3


async def test_replying_to_a_private_message_of_others_is_404(
    who: Callable[..., Any], social: Social
) -> None:
    alice = await who("alice")
    status, _ = await alice(REPLY, {"activity": social.activities["a4"], "text": "sneaky"})
    assert status == 404


async def test_save_activity_reply_edits_only_your_own(
    gql: GraphQLClient, who: Callable[..., Any], social: Social
) -> None:
    r1 = social.replies["r1"]  # bob's
    bob, carol = await who("bob"), await who("carol")
    status, _ = await carol(REPLY, {"id": r1, "text": "carol's now"})
    assert status == 403
    edited = await bob.data(REPLY, {"id": r1, "text": "hey there"})
    assert edited["SaveActivityReply"]["text"] == "hey there"
    read = await gql.data("query ($id: Int) { ActivityReply(id: $id) { text } }", {"id": r1})
    assert read["ActivityReply"]["text"] == "hey there"
    assert (await gql.data(COUNT, {"id": social.activities["a1"]}))["Activity"]["replyCount"] == 2


async def test_delete_activity_reply_by_author_or_profile_owner_keeps_count_exact(
    gql: GraphQLClient, who: Callable[..., Any], social: Social, database: Database
) -> None:
    a1, a6 = social.activities["a1"], social.activities["a6"]
    bob, alice, carol = await who("bob"), await who("alice"), await who("carol")
    status, body = await bob(DELETE, {"id": social.replies["r3"]})  # alice's reply on carol's
    assert status == 403 and error_of(body)["message"] == "Forbidden."
    assert (await bob.data(DELETE, {"id": social.replies["r1"]}))["DeleteActivityReply"] == {
        "deleted": True
    }
    status, _ = await gql(
        "query ($id: Int) { ActivityReply(id: $id) { id } }", {"id": social.replies["r1"]}
    )
    assert status == 404
    async with database.session() as s:
        reply_likes = await s.scalar(
            sa.select(sa.func.count())
            .select_from(Like)
            .where(Like.likeable_type == "ACTIVITY_REPLY")
        )
    assert reply_likes == 0
    await alice.data(DELETE, {"id": social.replies["r2"]})  # carol's reply on alice's a1
    assert (await gql.data(COUNT, {"id": a1}))["Activity"]["replyCount"] == 0
    await carol.data(DELETE, {"id": social.replies["r3"]})  # alice's reply on carol's a6
    assert (await gql.data(COUNT, {"id": a6}))["Activity"]["replyCount"] == 0
    status, _ = await carol(DELETE, {"id": social.replies["r3"]})
    assert status == 404
    status, _ = await carol(DELETE)
    assert status == 400


async def test_save_activity_reply_statement_budget(
    who: Callable[..., Any], social: Social, sql_counter: Callable[..., Any]
) -> None:
    bob = await who("bob")
    with sql_counter() as counted:
        await bob.data(REPLY, {"activity": social.activities["a1"], "text": "hi @carol @dave"})
    print(f"\nSaveActivityReply: {counted.count} statements")
    assert counted.count <= 16, str(counted)


async def test_reply_statements_do_not_grow_with_subscribers(
    gql: GraphQLClient,
    who: Callable[..., Any],
    social: Social,
    database: Database,
    sql_counter: Callable[..., Any],
) -> None:
    a1 = social.activities["a1"]
    bob = await who("bob")
    counts = []
    for subscribers in (1, 30):
        for extra in await new_callers(gql, database, subscribers):
            await extra.data(SUBSCRIBE, {"id": a1})
        with sql_counter() as counted:
            await bob.data(REPLY, {"activity": a1, "text": "one more reply"})
        counts.append(counted.count)
    assert counts[0] == counts[1], counts
    async with database.session() as s:
        told = await s.scalar(
            sa.select(sa.func.count())
            .select_from(Notification)
            .where(Notification.type == "ACTIVITY_REPLY_SUBSCRIBED")
        )
    assert told == 1 + 31  # the first reply's subscriber, then all 31 (bob is subscribed)
