"""ToggleFollow, ToggleFavourite and UpdateFavouriteOrder through the GraphQL endpoint."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.catalogue.models import Character, Media
from kagami.db import Database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.mutations_social.support import (
    NEWEST_NOTIFICATION,
    UNREAD,
    Caller,
    caller,
    error_of,
    new_callers,
)
from tests.dialects.anilist_graphql.social_data import Social
from tests.factories import make_character, make_user

FOLLOW = "mutation ($id: Int) { ToggleFollow(userId: $id) { id name isFollowing } }"


async def _unread(who: Caller) -> int:
    return int((await who.data(UNREAD))["Viewer"]["unreadNotificationCount"])


async def test_toggle_follow_follows_then_unfollows_and_notifies_once(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    bob = await caller(gql, database, social, "bob")
    before = await _unread(bob)
    followed = await dave.data(FOLLOW, {"id": bob.user_id})
    assert followed["ToggleFollow"] == {"id": bob.user_id, "name": "bob", "isFollowing": True}
    page = await gql.data(
        "query ($id: Int!) { Page { followers(userId: $id) { name } } }", {"id": bob.user_id}
    )
    assert {"name": "dave"} in page["Page"]["followers"]
    assert await _unread(bob) == before + 1
    assert (await bob.data(NEWEST_NOTIFICATION))["Notification"] == {
        "__typename": "FollowingNotification",
        "userId": dave.user_id,
        "context": " started following you.",
    }

    unfollowed = await dave.data(FOLLOW, {"id": bob.user_id})
    assert unfollowed["ToggleFollow"]["isFollowing"] is False
    page = await gql.data(
        "query ($id: Int!) { Page { followers(userId: $id) { name } } }", {"id": bob.user_id}
    )
    assert {"name": "dave"} not in page["Page"]["followers"]
    assert await _unread(bob) == before + 1  # unfollowing tells nobody


async def test_toggle_follow_without_a_user_or_of_yourself_is_a_validation_error(
    dave: Caller,
) -> None:
    status, body = await dave(FOLLOW)
    assert status == 400
    assert error_of(body) == {
        "message": "validation",
        "status": 400,
        "validation": {"userId": ["The user id field is required."]},
    }
    status, body = await dave(FOLLOW, {"id": dave.user_id})
    assert status == 400 and error_of(body)["validation"] == {
        "userId": ["You cannot follow yourself."]
    }


async def test_toggle_follow_of_an_unknown_user_is_404_and_writes_nothing(
    gql: GraphQLClient, dave: Caller
) -> None:
    status, body = await dave(FOLLOW, {"id": 999999})
    assert status == 404 and error_of(body) == {"message": "Not Found.", "status": 404}
    page = await gql.data(
        "query ($id: Int!) { Page { following(userId: $id) { id } } }", {"id": dave.user_id}
    )
    assert page["Page"]["following"] == []


async def test_toggle_follow_respects_the_followed_users_notification_options(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    async with database.session() as s:
        quiet = await make_user(s, name="quiet", notification_options={"FOLLOWING": False})
    await dave.data(FOLLOW, {"id": quiet.id})
    async with database.session() as s:
        assert (
            await s.scalar(sa.select(User.unread_notification_count).where(User.id == quiet.id))
            == 0
        )


async def test_toggle_follow_statement_budget(
    gql: GraphQLClient, social: Social, dave: Caller, sql_counter: Callable[..., Any]
) -> None:
    with sql_counter() as counted:
        await dave.data(FOLLOW, {"id": social.users["bob"]})
    print(f"\nToggleFollow: {counted.count} statements")
    assert counted.count <= 12, str(counted)


# --- favourites --------------------------------------------------------------------------

FAVOURITE = """mutation ($anime: Int, $manga: Int, $character: Int, $staff: Int, $studio: Int) {
  ToggleFavourite(animeId: $anime, mangaId: $manga, characterId: $character, staffId: $staff,
                  studioId: $studio) {
    anime { nodes { id favourites } } manga { nodes { id } } characters { nodes { id } }
    staff { nodes { id } } studios { nodes { id } } } }"""


async def _favourite_counts(database: Database) -> dict[str, int]:
    async with database.session() as s:
        media = dict((await s.execute(sa.select(Media.id, Media.favourites))).all())
        chars = dict((await s.execute(sa.select(Character.id, Character.favourites))).all())
    return {**{f"m{k}": v for k, v in media.items()}, **{f"c{k}": v for k, v in chars.items()}}


async def test_toggle_favourite_adds_last_and_removes_keeping_the_counter_exact(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    anime_id = (await gql.data("{ Media(type: ANIME) { id } }"))["Media"]["id"]
    added = await dave.data(FAVOURITE, {"anime": anime_id})
    assert added["ToggleFavourite"]["anime"]["nodes"] == [{"id": anime_id, "favourites": 1}]
    assert added["ToggleFavourite"]["characters"]["nodes"] == []
    read = await gql.data(
        "query ($id: Int) { User(id: $id) { favourites { anime { nodes { id } } } } }",
        {"id": dave.user_id},
    )
    assert read["User"]["favourites"]["anime"]["nodes"] == [{"id": anime_id}]
    assert (await _favourite_counts(database))[f"m{anime_id}"] == 1

    removed = await dave.data(FAVOURITE, {"anime": anime_id})
    assert removed["ToggleFavourite"]["anime"]["nodes"] == []
    assert (await _favourite_counts(database))[f"m{anime_id}"] == 0


async def test_toggle_favourite_appends_after_existing_favourites(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    alice = await caller(gql, database, social, "alice")
    async with database.session() as s:
        extra = await make_character(s)
    body = await alice.data(
        "mutation ($c: Int) { ToggleFavourite(characterId: $c) "
        "{ characters { edges { favouriteOrder node { id } } } } }",
        {"c": extra.id},
    )
    edges = body["ToggleFavourite"]["characters"]["edges"]
    assert [e["node"]["id"] for e in edges][-1] == extra.id
    assert edges[-1]["favouriteOrder"] > edges[0]["favouriteOrder"]


async def test_toggle_favourite_needs_exactly_one_target(dave: Caller) -> None:
    status, body = await dave(FAVOURITE)
    assert status == 400 and error_of(body)["message"] == "validation"
    assert "animeId" in error_of(body)["validation"]
    status, _ = await dave(FAVOURITE, {"anime": 1, "character": 1})
    assert status == 400


async def test_toggle_favourite_of_a_missing_or_wrong_type_target_is_404(
    gql: GraphQLClient, database: Database, dave: Caller
) -> None:
    manga_id = (await gql.data("{ Media(type: MANGA) { id } }"))["Media"]["id"]
    for variables in ({"anime": manga_id}, {"staff": 999999}):
        status, body = await dave(FAVOURITE, variables)
        assert status == 404, body
    assert all(v == 0 for v in (await _favourite_counts(database)).values())


async def test_DU_9_concurrent_favourites_by_many_users_keep_the_counter_exact(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    callers = await new_callers(gql, database, 12)
    character_id = (await gql.data("{ Character { id } }"))["Character"]["id"]
    before = (await _favourite_counts(database))[f"c{character_id}"]
    results = await asyncio.gather(*(c(FAVOURITE, {"character": character_id}) for c in callers))
    assert all(status == 200 for status, _ in results), results
    counts = await _favourite_counts(database)
    assert counts[f"c{character_id}"] == before + 12


REORDER = """mutation ($ids: [Int], $order: [Int]) {
  UpdateFavouriteOrder(characterIds: $ids, characterOrder: $order) {
    characters { edges { favouriteOrder node { id } } } } }"""


async def test_update_favourite_order_reorders_the_callers_favourites(
    gql: GraphQLClient, database: Database, social: Social
) -> None:
    alice = await caller(gql, database, social, "alice")
    async with database.session() as s:
        extra = await make_character(s)
    await alice.data(FAVOURITE, {"character": extra.id})
    first = (await gql.data("{ Character(sort: ID) { id } }"))["Character"]["id"]
    body = await alice.data(REORDER, {"ids": [extra.id, first], "order": [1, 2]})
    edges = body["UpdateFavouriteOrder"]["characters"]["edges"]
    assert [(e["node"]["id"], e["favouriteOrder"]) for e in edges] == [(extra.id, 1), (first, 2)]
    read = await gql.data(
        "query ($id: Int) { User(id: $id) { favourites { characters { nodes { id } } } } }",
        {"id": alice.user_id},
    )
    assert read["User"]["favourites"]["characters"]["nodes"] == [{"id": extra.id}, {"id": first}]


async def test_update_favourite_order_never_touches_someone_elses_favourites(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    first = (await gql.data("{ Character(sort: ID) { id } }"))["Character"]["id"]
    await dave.data(REORDER, {"ids": [first], "order": [99]})
    read = await gql.data(
        "query ($id: Int) { User(id: $id) "
        "{ favourites { characters { edges { favouriteOrder } } } } }",
        {"id": social.users["alice"]},
    )
    assert read["User"]["favourites"]["characters"]["edges"] == [{"favouriteOrder": 2}]


async def test_update_favourite_order_with_mismatched_lists_is_a_validation_error(
    dave: Caller,
) -> None:
    status, body = await dave(REORDER, {"ids": [1, 2], "order": [1]})
    assert status == 400
    assert error_of(body)["validation"] == {
        "characterIds": ["The ids and their order must have the same length."]
    }


async def test_following_again_and_again_tells_the_user_once(
    gql: GraphQLClient, database: Database, social: Social, dave: Caller
) -> None:
    bob = await caller(gql, database, social, "bob")
    before = await _unread(bob)
    for _ in range(3):  # follow, unfollow, follow
        await dave.data(FOLLOW, {"id": bob.user_id})
    assert await _unread(bob) == before + 1
