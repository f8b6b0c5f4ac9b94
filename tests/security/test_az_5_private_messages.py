"""AZ-5: a private message is its sender's and recipient's only, in GraphQL and in v1."""

from __future__ import annotations

import sqlalchemy as sa

from kagami.social.models import Activity, ActivityReply, Like
from tests.factories import make_user
from tests.security.conftest import Dialects

SECRET, REPLY = "Psst, a secret message.", "A secret answer."
MESSAGE = "... on MessageActivity { id message }"


async def _state(dialects: Dialects) -> list[object]:
    async with dialects.database.session() as s:
        return [
            (await s.execute(sa.select(m.__table__))).all() for m in (Activity, ActivityReply, Like)
        ]


async def test_AZ_5_private_message_is_readable_and_writable_by_its_two_parties_only(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        ids = [(await make_user(s)).id for _ in range(3)]  # sender, recipient, third party
    s_h, r_h, t_h = [await dialects.anilist(i) for i in ids]
    send = """mutation ($to: Int, $m: String) {
      SaveMessageActivity(recipientId: $to, message: $m, private: true) { id } }"""
    message = (await dialects.gql.data(send, {"to": ids[1], "m": SECRET}, **s_h))[
        "SaveMessageActivity"
    ]["id"]
    answer = "mutation ($a: Int, $t: String) { SaveActivityReply(activityId: $a, text: $t) { id } }"
    reply = (await dialects.gql.data(answer, {"a": message, "t": REPLY}, **r_h))[
        "SaveActivityReply"
    ]["id"]
    follow = "mutation ($u: Int) { ToggleFollow(userId: $u) { id } }"
    for followed in ids[:2]:
        await dialects.gql.data(follow, {"u": followed}, **t_h)

    reads = [
        f"{{ Activity(id: {message}) {{ {MESSAGE} }} }}",
        f"{{ Page {{ activities(userId: {ids[1]}) {{ {MESSAGE} }} }} }}",
        f"{{ Page {{ activities(messengerId: {ids[0]}) {{ {MESSAGE} }} }} }}",
        f"{{ Page {{ activities(type: MESSAGE) {{ {MESSAGE} }} }} }}",
        f"{{ Page {{ activities(isFollowing: true) {{ {MESSAGE} }} }} }}",
        f"{{ Page {{ activityReplies(activityId: {message}) {{ text }} }} }}",
        f"{{ ActivityReply(id: {reply}) {{ text }} }}",
        "{ Page { notifications { ... on ActivityMessageNotification { message { message } } "
        "... on ActivityReplyNotification { activity { ... on MessageActivity { message } } } "
        "} } }",
    ]
    for headers in ({}, t_h):
        for query in reads[:4] + reads[5:7] if not headers else reads:
            status, body = await dialects.gql(query, None, **headers)
            assert SECRET not in str(body) and REPLY not in str(body), (query, body)
    for headers in (s_h, r_h):  # the two parties do see it: the paths above are live
        assert SECRET in str(await dialects.gql(reads[0], None, **headers))
        assert REPLY in str(await dialects.gql(reads[5], None, **headers))

    before = await _state(dialects)
    like = (
        "mutation ($id: Int, $t: LikeableType) { ToggleLikeV2(id: $id, type: $t) { __typename } }"
    )
    subscribe = """mutation ($id: Int) {
      ToggleActivitySubscription(activityId: $id, subscribe: true) { __typename } }"""
    writes = [
        (answer, {"a": message, "t": "Let me in."}),
        (like, {"id": message, "t": "ACTIVITY"}),
        (like, {"id": reply, "t": "ACTIVITY_REPLY"}),
        ("mutation ($id: Int) { DeleteActivity(id: $id) { deleted } }", {"id": message}),
        ("mutation ($id: Int) { DeleteActivityReply(id: $id) { deleted } }", {"id": reply}),
        (subscribe, {"id": message}),
    ]
    for query, variables in writes:
        status, body = await dialects.gql(query, variables, **t_h)
        assert status in (403, 404) and "errors" in body, (query, body)

    v1 = await dialects.v1_auth(ids[2])
    for path in (f"user/{ids[1]}/activity", f"user/{ids[0]}/activity", "user/activity"):
        r = await dialects.http.get(f"/api/{path}", headers=v1)
        assert r.status_code == 200 and SECRET not in r.text and REPLY not in r.text, r.text
    r = await dialects.http.post(
        "/api/user/activity", data={"text": "Let me in.", "reply_id": str(message)}, headers=v1
    )
    assert r.status_code in (403, 404), r.text
    for path, ident in (("user/activity", message), ("user/activity/reply", reply)):
        r = await dialects.http.request("DELETE", f"/api/{path}", data={"id": ident}, headers=v1)
        assert r.status_code in (403, 404), r.text
    assert await _state(dialects) == before
    own = await dialects.http.get(
        f"/api/user/{ids[1]}/activity", headers=await dialects.v1_auth(ids[1])
    )
    assert SECRET in own.text
