"""Social read side: activities, replies, likes, follows, favourites, users, notifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kagami.db import Database
from kagami.social.enums import LikeableType
from kagami.social.models import ActivityReply, Like
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import Social, bearer, build_social
from tests.dialects.anilist_graphql.test_every_field import _all_fields


@pytest.fixture
async def social(database: Database) -> Social:
    return await build_social(database)


ACTIVITY_FIELDS = """__typename
  ... on TextActivity { id userId text }
  ... on ListActivity { id userId status progress media { id } }
  ... on MessageActivity { id recipientId messengerId message }"""


async def _activity_ids(gql: GraphQLClient, args: str, **headers: str) -> list[int]:
    status, body = await gql(
        f"{{ Page {{ activities{args} {{ ... on TextActivity {{ id }} "
        "... on ListActivity { id } ... on MessageActivity { id } } } }",
        None,
        **headers,
    )
    assert status == 200, body
    return [a["id"] for a in body["data"]["Page"]["activities"]]


# --- Activity / Page.activities ---------------------------------------------------------


async def test_activity_root_resolves_each_union_member(gql: GraphQLClient, social: Social) -> None:
    a = social.activities
    for key, typename in (
        ("a1", "TextActivity"),
        ("a2", "ListActivity"),
        ("a3", "MessageActivity"),
    ):
        data = await gql.data(f"{{ Activity(id: {a[key]}) {{ {ACTIVITY_FIELDS} }} }}")
        assert data["Activity"]["__typename"] == typename
        assert data["Activity"]["id"] == a[key]
    data = await gql.data(f"{{ Activity(id: {a['a3']}) {{ {ACTIVITY_FIELDS} }} }}")
    assert data["Activity"] == {
        "__typename": "MessageActivity",
        "id": a["a3"],
        "recipientId": social.users["carol"],
        "messengerId": social.users["alice"],
        "message": "hi carol",
    }
    data = await gql.data(f"{{ Activity(id: {a['a2']}) {{ {ACTIVITY_FIELDS} }} }}")
    assert data["Activity"]["media"] == {"id": 1}
    assert data["Activity"]["status"] == "watched episode"


async def test_activity_text_as_html(gql: GraphQLClient, social: Social) -> None:
    a1 = social.activities["a1"]
    query = f"{{ Activity(id: {a1}) {{ ... on TextActivity {{ text(asHtml: true) }} }} }}"
    data = await gql.data(query)
    assert "<strong>world</strong>" in data["Activity"]["text"]


async def test_activity_root_unknown_id_is_not_found(gql: GraphQLClient, social: Social) -> None:
    status, body = await gql("{ Activity(id: 999999) { __typename } }")
    assert status == 404
    assert body["errors"][0]["message"] == "Not Found."


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("(userId: {alice})", ["a1"]),
        ("(userId: {carol})", ["a6", "a3"]),  # messages received live on the profile
        ("(messengerId: {alice})", ["a3"]),
        ("(mediaId: 1)", ["a2"]),
        ("(type: TEXT)", ["a5", "a1"]),
        ("(type: MEDIA_LIST)", ["a6", "a2"]),
        ("(type_in: [ANIME_LIST, MESSAGE])", ["a3", "a2"]),
        ("(type_not: TEXT)", ["a6", "a3", "a2"]),
        ("(type_not_in: [TEXT, MESSAGE])", ["a6", "a2"]),
        ("(hasReplies: true)", ["a6", "a1"]),
        ("(hasRepliesOrTypeText: true)", ["a6", "a5", "a1"]),
        ("(createdAt: 2000)", ["a2"]),
        ("(createdAt_greater: 2000, createdAt_lesser: 6000)", ["a5", "a3"]),
        ("(id_in: [{a1}, {a2}])", ["a2", "a1"]),
        ("(id_not: {a1}, id_not_in: [{a2}])", ["a6", "a5", "a3"]),
        ("(userId_in: [{bob}, {dave}])", ["a5", "a2"]),
        ("(userId_not: {carol}, userId_not_in: [{dave}])", ["a2", "a1"]),
        ("(messengerId_in: [{alice}])", ["a3"]),
        ("(messengerId_not: {alice})", ["a6", "a5", "a2", "a1"]),
        ("(mediaId_in: [1, 2])", ["a6", "a2"]),
        ("(mediaId_not_in: [1])", ["a6", "a5", "a3", "a1"]),
    ],
)
async def test_page_activities_filters(
    gql: GraphQLClient, social: Social, args: str, expected: list[str]
) -> None:
    ids = await _activity_ids(gql, args.format(**social.users, **social.activities))
    assert ids == [social.activities[k] for k in expected]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["a6", "a5", "a3", "a2", "a1"]),
        ("(sort: ID)", ["a1", "a2", "a3", "a5", "a6"]),
        ("(sort: ID_DESC)", ["a6", "a5", "a3", "a2", "a1"]),
        ("(sort: [PINNED, ID_DESC])", ["a5", "a6", "a3", "a2", "a1"]),
    ],
)
async def test_page_activities_sorts(
    gql: GraphQLClient, social: Social, sort: str, expected: list[str]
) -> None:
    assert await _activity_ids(gql, sort) == [social.activities[k] for k in expected]


async def test_private_message_is_visible_to_its_sender_and_recipient_only(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    secret = social.activities["a4"]
    assert secret not in await _activity_ids(gql, "(type: MESSAGE)")
    for name, sees in (("bob", True), ("carol", True), ("alice", False)):
        headers = await bearer(gql, database, social.users[name])
        assert (secret in await _activity_ids(gql, "(type: MESSAGE)", **headers)) is sees


async def test_is_following_feed_is_the_viewers_follows_and_own_activity(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    status, body = await gql("{ Page { activities(isFollowing: true) { __typename } } }")
    assert status == 401
    assert body["errors"][0]["message"] == "Unauthorized."
    headers = await bearer(gql, database, social.users["alice"])
    ids = await _activity_ids(gql, "(isFollowing: true)", **headers)
    # alice follows bob and carol: their activity and her own, not dave's.
    assert ids == [social.activities[k] for k in ("a6", "a3", "a2", "a1")]


async def test_counters_replies_likes_and_viewer_flags(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    query = f"""{{ Activity(id: {social.activities["a1"]}) {{ ... on TextActivity {{
      replyCount likeCount isLiked isSubscribed siteUrl user {{ name }}
      replies {{ text user {{ name }} likeCount isLiked likes {{ name }} }}
      likes {{ name }} }} }} }}"""
    anonymous = (await gql.data(query))["Activity"]
    assert anonymous["replyCount"] == 2 and anonymous["likeCount"] == 2
    assert anonymous["isLiked"] is False and anonymous["isSubscribed"] is False
    assert anonymous["siteUrl"].endswith(f"/activity/{social.activities['a1']}")
    assert anonymous["user"] == {"name": "alice"}
    assert [(r["text"], r["user"]["name"]) for r in anonymous["replies"]] == [
        ("hey", "bob"),
        ("yo", "carol"),
    ]
    assert anonymous["replies"][0]["likes"] == [{"name": "alice"}]
    assert anonymous["likes"] == [{"name": "bob"}, {"name": "carol"}]
    status, body = await gql(query, None, **await bearer(gql, database, social.users["alice"]))
    assert status == 200, body
    alice = body["data"]["Activity"]
    assert alice["isLiked"] is False and alice["isSubscribed"] is True
    assert [r["isLiked"] for r in alice["replies"]] == [True, False]
    status, body = await gql(query, None, **await bearer(gql, database, social.users["bob"]))
    assert body["data"]["Activity"]["isLiked"] is True
    assert body["data"]["Activity"]["isSubscribed"] is False


async def test_message_recipient_and_messenger(gql: GraphQLClient, social: Social) -> None:
    query = f"""{{ Activity(id: {social.activities["a3"]}) {{ ... on MessageActivity {{
      recipient {{ name }} messenger {{ name }} isPrivate }} }} }}"""
    data = await gql.data(query)
    assert data["Activity"] == {
        "recipient": {"name": "carol"},
        "messenger": {"name": "alice"},
        "isPrivate": False,
    }


@pytest.mark.parametrize("type_name", ["TextActivity", "ListActivity", "MessageActivity"])
async def test_every_activity_field_resolves(
    gql: GraphQLClient, social: Social, type_name: str
) -> None:
    fields = _all_fields(type_name)
    query = f"{{ Page {{ activities {{ __typename ... on {type_name} {{ {fields} }} }} }} }}"
    status, body = await gql(query)
    assert status == 200, body.get("errors")
    assert len(body["data"]["Page"]["activities"]) == 5


async def test_every_reply_field_resolves(gql: GraphQLClient, social: Social) -> None:
    status, body = await gql(
        f"{{ Page {{ activityReplies {{ {_all_fields('ActivityReply')} }} }} }}"
    )
    assert status == 200, body.get("errors")


# --- ActivityReply / Like ---------------------------------------------------------------


async def test_activity_reply_root_and_page(gql: GraphQLClient, social: Social) -> None:
    r, a = social.replies, social.activities
    data = await gql.data(f"{{ ActivityReply(id: {r['r2']}) {{ id activityId userId text }} }}")
    assert data["ActivityReply"] == {
        "id": r["r2"],
        "activityId": a["a1"],
        "userId": social.users["carol"],
        "text": "yo",
    }
    data = await gql.data(f"{{ ActivityReply(activityId: {a['a6']}) {{ id }} }}")
    assert data["ActivityReply"] == {"id": r["r3"]}
    data = await gql.data(
        f"{{ Page(perPage: 1) {{ pageInfo {{ total hasNextPage }} "
        f"activityReplies(activityId: {a['a1']}) {{ id }} }} }}"
    )
    assert data["Page"] == {
        "pageInfo": {"total": 2, "hasNextPage": True},
        "activityReplies": [{"id": r["r1"]}],
    }
    status, _ = await gql("{ ActivityReply(id: 999999) { id } }")
    assert status == 404


async def test_like_root_and_page_likes(gql: GraphQLClient, social: Social) -> None:
    a1 = social.activities["a1"]
    data = await gql.data(f"{{ Like(likeableId: {a1}, type: ACTIVITY) {{ name }} }}")
    assert data["Like"] == {"name": "bob"}
    data = await gql.data(
        f"{{ Page {{ pageInfo {{ total }} likes(likeableId: {a1}, type: ACTIVITY) {{ name }} }} }}"
    )
    assert data["Page"] == {"pageInfo": {"total": 2}, "likes": [{"name": "bob"}, {"name": "carol"}]}
    r1 = social.replies["r1"]
    data = await gql.data(
        f"{{ Page {{ likes(likeableId: {r1}, type: ACTIVITY_REPLY) {{ name }} }} }}"
    )
    assert data["Page"]["likes"] == [{"name": "alice"}]
    status, _ = await gql(f"{{ Like(likeableId: {a1}, type: THREAD) {{ name }} }}")
    assert status == 404


async def test_likes_of_a_private_message_are_hidden_as_the_message_is(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    secret, users = social.activities["a4"], social.users  # bob <- carol, private
    async with database.session() as s:
        reply = ActivityReply(activity_id=secret, user_id=users["bob"], text="shh")
        s.add(reply)
        await s.flush()
        s.add_all(
            [
                Like(user_id=users["bob"], likeable_type=LikeableType.ACTIVITY, likeable_id=secret),
                Like(
                    user_id=users["carol"],
                    likeable_type=LikeableType.ACTIVITY_REPLY,
                    likeable_id=reply.id,
                ),
            ]
        )
    probes = [(secret, "ACTIVITY", "bob"), (reply.id, "ACTIVITY_REPLY", "carol")]
    for name, sees in ((None, False), ("alice", False), ("bob", True), ("carol", True)):
        headers = await bearer(gql, database, users[name]) if name else {}
        for ident, kind, liker in probes:
            status, body = await gql(
                f"{{ Like(likeableId: {ident}, type: {kind}) {{ name }} }}", None, **headers
            )
            assert status == (200 if sees else 404), (name, kind, body)
            status, body = await gql(
                f"{{ Page {{ pageInfo {{ total }} likes(likeableId: {ident}, type: {kind}) "
                "{ name } } }",
                None,
                **headers,
            )
            page = body["data"]["Page"]
            expected = [{"name": liker}] if sees else []
            assert (page["likes"], page["pageInfo"]["total"]) == (expected, len(expected)), name
    # Unfiltered, the anonymous list of likers still leaves the private ones out.
    body = await gql.data("{ Page { likes(type: ACTIVITY) { name } } }")
    assert body["Page"]["likes"] == [{"name": "bob"}, {"name": "carol"}, {"name": "alice"}]


# --- Follows / User ---------------------------------------------------------------------


async def test_follower_and_following_roots_and_pages(gql: GraphQLClient, social: Social) -> None:
    u = social.users
    data = await gql.data(f"{{ Following(userId: {u['alice']}) {{ name }} }}")
    assert data["Following"] == {"name": "bob"}
    data = await gql.data(f"{{ Follower(userId: {u['bob']}) {{ name }} }}")
    assert data["Follower"] == {"name": "alice"}
    data = await gql.data(f"{{ Page {{ following(userId: {u['alice']}) {{ name }} }} }}")
    assert [x["name"] for x in data["Page"]["following"]] == ["bob", "carol"]
    data = await gql.data(
        f"{{ Page {{ followers(userId: {u['bob']}, sort: USERNAME_DESC) {{ name }} }} }}"
    )
    assert [x["name"] for x in data["Page"]["followers"]] == ["carol", "alice"]
    status, _ = await gql(f"{{ Follower(userId: {u['dave']}) {{ name }} }}")
    assert status == 404


async def test_user_relationship_flags_are_the_viewers(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    query = "{ Page { users(sort: ID) { name isFollowing isFollower isBlocked } } }"
    anonymous = (await gql.data(query))["Page"]["users"]
    assert all(not (u["isFollowing"] or u["isFollower"] or u["isBlocked"]) for u in anonymous)
    status, body = await gql(query, None, **await bearer(gql, database, social.users["alice"]))
    assert status == 200, body
    flags = {u["name"]: (u["isFollowing"], u["isFollower"]) for u in body["data"]["Page"]["users"]}
    assert flags == {
        "alice": (False, False),
        "bob": (True, True),
        "carol": (True, False),
        "dave": (False, False),
    }


async def test_AZ_10_unread_notification_count_is_shown_to_its_owner_only(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    query = f"{{ User(id: {social.users['alice']}) {{ unreadNotificationCount }} }}"
    assert (await gql.data(query))["User"] == {"unreadNotificationCount": None}
    _, body = await gql(query, None, **await bearer(gql, database, social.users["alice"]))
    assert body["data"]["User"] == {"unreadNotificationCount": 3}


async def test_user_favourites_connections(gql: GraphQLClient, social: Social) -> None:
    query = f"""{{ User(id: {social.users["alice"]}) {{ favourites {{
      anime {{ nodes {{ id }} edges {{ favouriteOrder node {{ id }} }} pageInfo {{ total }} }}
      manga {{ nodes {{ id }} }}
      characters {{ nodes {{ id }} edges {{ favouriteOrder }} }}
      staff {{ nodes {{ id }} }}
      studios {{ nodes {{ id }} edges {{ isMain favouriteOrder }} }} }} }} }}"""
    fav = (await gql.data(query))["User"]["favourites"]
    assert fav["anime"] == {
        "nodes": [{"id": 1}],
        "edges": [{"favouriteOrder": 0, "node": {"id": 1}}],
        "pageInfo": {"total": 1},
    }
    assert fav["manga"] == {"nodes": [{"id": 2}]}
    assert fav["characters"] == {"nodes": [{"id": 1}], "edges": [{"favouriteOrder": 2}]}
    assert fav["staff"] == {"nodes": [{"id": 1}]}
    assert fav["studios"] == {
        "nodes": [{"id": 1}],
        "edges": [{"isMain": False, "favouriteOrder": 4}],
    }
    empty = f"""{{ User(id: {social.users["bob"]}) {{ favourites {{ anime(page: 2, perPage: 1)
      {{ nodes {{ id }} pageInfo {{ total currentPage perPage }} }} }} }} }}"""
    assert (await gql.data(empty))["User"]["favourites"]["anime"] == {
        "nodes": [],
        "pageInfo": {"total": 0, "currentPage": 2, "perPage": 1},
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("(sort: ID)", ["alice", "bob", "carol", "dave"]),
        ("(sort: ID_DESC)", ["dave", "carol", "bob", "alice"]),
        ("(sort: USERNAME_DESC)", ["dave", "carol", "bob", "alice"]),
        ("(sort: [WATCHED_TIME_DESC, ID])", ["bob", "alice", "carol", "dave"]),
        ("(sort: [CHAPTERS_READ_DESC, ID])", ["carol", "alice", "bob", "dave"]),
        ('(name: "BOB")', ["bob"]),
        ("(isModerator: true)", ["dave"]),
        ("(isModerator: false, sort: ID)", ["alice", "bob", "carol"]),
        ('(search: "aro")', ["carol"]),
        ('(search: "a", sort: SEARCH_MATCH)', ["alice", "carol", "dave"]),
    ],
)
async def test_page_users_filters_and_sorts(
    gql: GraphQLClient, social: Social, args: str, expected: list[str]
) -> None:
    data = await gql.data(f"{{ Page {{ users{args} {{ name }} }} }}")
    names = [u["name"] for u in data["Page"]["users"]]
    if "SEARCH_MATCH" in args:
        assert sorted(names) == sorted(expected) and names[0] == "alice"  # prefix match first
    else:
        assert names == expected


# --- Notifications ----------------------------------------------------------------------

NOTIFICATION_FIELDS = """__typename
  ... on FollowingNotification { id userId context user { name } }
  ... on ActivityReplyNotification { id userId activityId activity { ... on TextActivity { id } } }
  ... on AiringNotification { id animeId episode contexts media { id } }
  ... on MediaDeletionNotification { id deletedMediaTitle reason }"""


@pytest.mark.parametrize(
    "query",
    [
        "{ Page { notifications { __typename } } }",
        "{ Notification { __typename } }",
    ],
)
async def test_notifications_need_a_token(gql: GraphQLClient, social: Social, query: str) -> None:
    status, body = await gql(query)
    assert status == 401
    assert body["errors"][0]["message"] == "Unauthorized."
    assert body["errors"][0]["status"] == 401


async def test_notifications_are_the_viewers_own_with_union_typenames(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    headers = await bearer(gql, database, social.users["alice"])
    status, body = await gql(
        f"{{ Page {{ notifications {{ {NOTIFICATION_FIELDS} }} }} }}", None, **headers
    )
    assert status == 200, body
    notes = body["data"]["Page"]["notifications"]
    n, u = social.notifications, social.users
    assert notes == [
        {
            "__typename": "MediaDeletionNotification",
            "id": n["deleted"],
            "deletedMediaTitle": "Gone",
            "reason": "dupe",
        },
        {
            "__typename": "AiringNotification",
            "id": n["airing"],
            "animeId": 1,
            "episode": 3,
            "contexts": ["Episode ", " of ", " aired."],
            "media": {"id": 1},
        },
        {
            "__typename": "ActivityReplyNotification",
            "id": n["reply"],
            "userId": u["bob"],
            "activityId": social.activities["a1"],
            "activity": {"id": social.activities["a1"]},
        },
        {
            "__typename": "FollowingNotification",
            "id": n["follow"],
            "userId": u["bob"],
            "context": " started following you.",
            "user": {"name": "bob"},
        },
    ]


async def test_notification_type_filters(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    headers = await bearer(gql, database, social.users["alice"])
    status, body = await gql(
        "{ Page { notifications(type: AIRING) { __typename } } }", None, **headers
    )
    assert body["data"]["Page"]["notifications"] == [{"__typename": "AiringNotification"}]
    status, body = await gql(
        "{ Page { notifications(type_in: [FOLLOWING, MEDIA_DELETION]) { __typename } } }",
        None,
        **headers,
    )
    assert [x["__typename"] for x in body["data"]["Page"]["notifications"]] == [
        "MediaDeletionNotification",
        "FollowingNotification",
    ]
    status, body = await gql(
        "{ Notification(type: FOLLOWING) { ... on FollowingNotification { user { name } } } }",
        None,
        **headers,
    )
    assert body["data"]["Notification"] == {"user": {"name": "bob"}}
    status, body = await gql("{ Notification(type: THREAD_LIKE) { __typename } }", None, **headers)
    assert status == 404


async def test_reset_notification_count(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    headers = await bearer(gql, database, social.users["alice"])
    count = "{ Viewer { unreadNotificationCount } }"
    await gql("{ Page { notifications { __typename } } }", None, **headers)
    assert (await gql(count, None, **headers))[1]["data"]["Viewer"]["unreadNotificationCount"] == 3
    await gql(
        "{ Page { notifications(resetNotificationCount: true) { __typename } } }", None, **headers
    )
    assert (await gql(count, None, **headers))[1]["data"]["Viewer"]["unreadNotificationCount"] == 0


# --- Statement budget -------------------------------------------------------------------

BUDGET_QUERY = """query ($n: Int) { Page(perPage: $n) { pageInfo { total }
  activities(sort: ID_DESC) {
    ... on TextActivity { id user { name avatar { large } } replies { text user { name } }
      likes { name } isLiked isSubscribed }
    ... on ListActivity { id user { name avatar { large } } media { id }
      replies { text user { name } } likes { name } isLiked isSubscribed }
    ... on MessageActivity { id recipient { name } messenger { name avatar { large } }
      replies { text user { name } } likes { name } isLiked isSubscribed } } } }"""


async def _bulk_activities(database: Database, social: Social, count: int) -> None:
    """``count`` more activities (text, list, message in turn), each with two replies and a like."""
    from kagami.social.enums import ActivityType, LikeableType
    from kagami.social.models import Activity, ActivityReply, Like

    users = list(social.users.values())
    async with database.session() as s:
        kinds: list[dict[str, Any]] = [
            {"type": ActivityType.TEXT, "text": "post"},
            {"type": ActivityType.ANIME_LIST, "media_id": 1, "status": "watched episode"},
            {"type": ActivityType.MESSAGE, "text": "hi", "messenger_id": users[0]},
        ]
        rows = [
            Activity(user_id=users[i % 4], reply_count=2, like_count=1, **kinds[i % 3])
            for i in range(count)
        ]
        s.add_all(rows)
        await s.flush()
        for i, a in enumerate(rows):
            s.add_all(
                [
                    ActivityReply(activity_id=a.id, user_id=users[(i + 1) % 4], text="r"),
                    ActivityReply(activity_id=a.id, user_id=users[(i + 2) % 4], text="r"),
                    Like(
                        user_id=users[(i + 3) % 4],
                        likeable_type=LikeableType.ACTIVITY,
                        likeable_id=a.id,
                    ),
                ]
            )


async def test_page_activities_statement_budget_is_independent_of_per_page(
    gql: GraphQLClient,
    database: Database,
    social: Social,
    sql_counter: Callable[..., Any],
) -> None:
    """count, activities, users, media, replies, likes (+ isLiked, isSubscribed, token look-ups)."""
    await _bulk_activities(database, social, 60)
    headers = await bearer(gql, database, social.users["alice"])
    counts = []
    for per_page in (3, 10, 50):
        with sql_counter() as counted:
            status, body = await gql(BUDGET_QUERY, {"n": per_page}, **headers)
        assert status == 200, body
        assert len(body["data"]["Page"]["activities"]) == per_page
        counts.append(counted.count)
    print(f"\nPage.activities with a token (perPage 3/10/50): {counts}")
    # The token check adds its own statements; the data part stays flat.
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 9, counts
    with sql_counter() as counted:
        body = await gql.data(BUDGET_QUERY, {"n": 50})
    assert len(body["Page"]["activities"]) == 50
    print(f"Page.activities anonymous perPage 50: {counted.count} statements")
    assert counted.count <= 6, str(counted)
