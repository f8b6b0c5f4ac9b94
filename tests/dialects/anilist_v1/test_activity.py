"""Seed 001 "User" activity and notifications, with the seed's payloads verbatim."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.social.models import Activity, Follow, Notification
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_user


@dataclass
class Trio:
    """alice follows bob; carol follows nobody."""

    alice: int
    bob: int
    carol: int


@pytest.fixture
async def trio(v1: V1Client) -> Trio:
    async with v1.database.session() as s:
        alice = await make_user(s, name="alice")
        bob = await make_user(s, name="bob")
        carol = await make_user(s, name="carol")
        s.add(Follow(follower_id=alice.id, followed_id=bob.id))
    return Trio(alice.id, bob.id, carol.id)


async def _status(v1: V1Client, user: int, text: str) -> dict:
    r = await v1.post("user/activity", user, data={"text": text})
    assert r.status_code == 200, r.text
    return r.json()


async def test_activity_status_posts_a_text_activity(v1: V1Client, trio: Trio) -> None:
    body = await _status(v1, trio.bob, "activity text")
    assert body["activity_type"] == "text" and body["value"] == "activity text"
    assert body["user_id"] == trio.bob and body["reply_count"] == 0
    assert body["users"][0]["display_name"] == "bob" and body["replies"] == []


async def test_activity_message_lands_on_the_recipients_profile(v1: V1Client, trio: Trio) -> None:
    r = await v1.post(
        "user/activity", trio.alice, data={"text": "activity text", "messenger_id": str(trio.bob)}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["activity_type"] == "message"
    assert body["user_id"] == trio.bob and body["messenger_id"] == trio.alice
    feed = (await v1.get(f"user/{trio.bob}/activity", None)).json()
    assert [a["id"] for a in feed] == [body["id"]]
    async with v1.database.session() as s:
        bob = await s.get(User, trio.bob)
        assert bob is not None and bob.unread_notification_count == 1


async def test_activity_reply_is_added_and_shown_in_the_feed(v1: V1Client, trio: Trio) -> None:
    status = await _status(v1, trio.bob, "first post")
    r = await v1.post(
        "user/activity", trio.alice, data={"text": "activity text", "reply_id": str(status["id"])}
    )
    assert r.status_code == 200, r.text
    assert r.json()["reply_value"] == "activity text"
    assert r.json()["user"]["display_name"] == "alice"
    feed = (await v1.get("user/bob/activity", trio.carol)).json()
    assert feed[0]["reply_count"] == 1
    assert [x["reply_value"] for x in feed[0]["replies"]] == ["activity text"]


async def test_viewer_feed_holds_own_and_followed_activity(v1: V1Client, trio: Trio) -> None:
    mine = await _status(v1, trio.alice, "mine, all mine")
    followed = await _status(v1, trio.bob, "followed text")
    await _status(v1, trio.carol, "stranger text")
    feed = (await v1.get("user/activity", trio.alice)).json()
    assert [a["id"] for a in feed] == [followed["id"], mine["id"]]
    assert (await v1.get("user/activity", None)).status_code == 401


async def test_activity_feed_pages(v1: V1Client, trio: Trio) -> None:
    async with v1.database.session() as s:
        s.add_all(Activity(type="TEXT", user_id=trio.bob, text=f"t{i}") for i in range(17))
    first = (await v1.get("user/bob/activity", None, params={"page": 1})).json()
    second = (await v1.get("user/bob/activity", None, params={"page": "2"})).json()
    assert len(first) == 15 and len(second) == 2
    r = await v1.get("user/bob/activity", None, params={"page": "x"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"


async def test_remove_activity_and_reply(v1: V1Client, trio: Trio) -> None:
    status = await _status(v1, trio.bob, "to go")
    reply = await v1.post(
        "user/activity", trio.alice, data={"text": "a reply", "reply_id": str(status["id"])}
    )
    r = await v1.delete("user/activity/reply", trio.alice, data={"id": str(reply.json()["id"])})
    assert r.status_code == 200 and r.json() is True
    feed = (await v1.get("user/bob/activity", None)).json()
    assert feed[0]["reply_count"] == 0
    # Someone else's activity may not be removed.
    r = await v1.delete("user/activity", trio.alice, data={"id": str(status["id"])})
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    r = await v1.delete("user/activity", trio.bob, data={"id": str(status["id"])})
    assert r.status_code == 200
    assert (await v1.get("user/bob/activity", None)).json() == []
    r = await v1.delete("user/activity", trio.bob, data={"id": str(status["id"])})
    assert r.status_code == 404


async def test_activity_bad_input_is_a_clear_422(v1: V1Client, trio: Trio) -> None:
    for data in ({}, {"text": "   "}, {"text": "x", "reply_id": "nope"}):
        r = await v1.post("user/activity", trio.alice, data=data)
        assert r.status_code == 422, (data, r.text)
    r = await v1.post(
        "user/activity", trio.alice, data={"text": "hello there", "messenger_id": "999999"}
    )
    assert r.status_code == 404
    assert (await v1.delete("user/activity", trio.alice)).status_code == 422
    r = await v1.post("user/activity", None, data={"text": "x"})
    assert r.status_code == 401


async def test_activity_payload_may_be_json(v1: V1Client, trio: Trio) -> None:
    r = await v1.post("user/activity", trio.alice, json={"text": "from json"})
    assert r.status_code == 200 and r.json()["value"] == "from json"
    r = await v1.post(
        "user/activity",
        trio.alice,
        content=b"[1]",
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422


async def test_notifications_list_and_count(v1: V1Client, trio: Trio) -> None:
    await v1.post("user/follow", trio.alice, data={"id": str(trio.carol)})
    await v1.post(
        "user/activity", trio.bob, data={"text": "hello there", "messenger_id": str(trio.carol)}
    )
    count = await v1.get("user/notifications/count", trio.carol)
    assert count.status_code == 200 and count.json() == 2
    notes = (await v1.get("user/notifications", trio.carol)).json()
    assert [n["type"] for n in notes] == ["activity_message", "following"]
    assert [n["user"]["display_name"] for n in notes] == ["bob", "alice"]
    assert (await v1.get("user/notifications/count", trio.carol)).json() == 0
    assert (await v1.get("user/notifications", None)).status_code == 401


async def test_notifications_are_at_most_ten(v1: V1Client, trio: Trio) -> None:
    async with v1.database.session() as s:
        s.add_all(Notification(user_id=trio.carol, type="FOLLOWING") for _ in range(12))
        await s.execute(
            sa.update(User).where(User.id == trio.carol).values(unread_notification_count=12)
        )
    assert len((await v1.get("user/notifications", trio.carol)).json()) == 10
