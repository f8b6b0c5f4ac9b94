"""UpdateUser over HTTP: every option is written, read back, and changes what reads return."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.social_data import bearer
from tests.factories import make_media, make_user

USER_FIELDS = """id about
    options { titleLanguage staffNameLanguage profileColor timezone activityMergeTime
      displayAdultContent airingNotifications restrictMessagesToFollowing
      notificationOptions { type enabled } disabledListActivity { type disabled } }
    mediaListOptions { scoreFormat rowOrder
      animeList { customLists sectionOrder splitCompletedSectionByFormat advancedScoring
        advancedScoringEnabled theme }
      mangaList { customLists } }"""
UPDATE_ALL = (
    """mutation {
  UpdateUser(about: "Hi there", titleLanguage: ENGLISH, staffNameLanguage: NATIVE,
    scoreFormat: POINT_100, rowOrder: "title", profileColor: "#00ff99", timezone: "Asia/Tokyo",
    activityMergeTime: 60, displayAdultContent: true, airingNotifications: false,
    restrictMessagesToFollowing: true,
    notificationOptions: [{type: FOLLOWING, enabled: false}],
    disabledListActivity: [{type: PLANNING, disabled: true}],
    animeListOptions: {customLists: ["Comfy", "Owned"], sectionOrder: ["Comfy", "Watching"],
      splitCompletedSectionByFormat: true, advancedScoring: ["Story"],
      advancedScoringEnabled: true, theme: "{\\"accent\\": \\"red\\"}"},
    mangaListOptions: {customLists: ["Owned"]}) { """
    + USER_FIELDS
    + " } }"
)
READ_USER = "query ($id: Int) { User(id: $id) { " + USER_FIELDS + " } }"


@dataclass
class Account:
    user_id: int
    headers: dict[str, str]
    show: int
    adult: int


@pytest.fixture
async def account(gql: GraphQLClient, database: Database) -> Account:
    async with database.session() as s:
        user = await make_user(s)
        show = await make_media(s, title_romaji="Shingeki", title_english="Attack", episodes=25)
        adult = await make_media(s, title_romaji="Secret", is_adult=True)
        s.add(
            ListEntry(
                user_id=user.id,
                media_id=show.id,
                media_type=show.type,
                status=MediaListStatus.COMPLETED,
                score=85,
            )
        )
    return Account(user.id, await bearer(gql, database, user.id), show.id, adult.id)


async def test_update_user_writes_every_option_and_reads_it_back(
    gql: GraphQLClient, account: Account
) -> None:
    status, body = await gql(UPDATE_ALL, None, **account.headers)
    assert status == 200, body
    # Read back as the user: others see only the public options (timezone etc. are null).
    user = (await gql.data(READ_USER, {"id": account.user_id}, **account.headers))["User"]
    assert user == body["data"]["UpdateUser"]
    options = user["options"]
    assert (options["titleLanguage"], options["staffNameLanguage"]) == ("ENGLISH", "NATIVE")
    assert (options["profileColor"], options["timezone"]) == ("#00ff99", "Asia/Tokyo")
    assert options["activityMergeTime"] == 60 and options["displayAdultContent"] is True
    assert options["airingNotifications"] is False
    assert options["restrictMessagesToFollowing"] is True
    assert {"type": "FOLLOWING", "enabled": False} in options["notificationOptions"]
    assert options["disabledListActivity"] == [{"type": "PLANNING", "disabled": True}]
    lists = user["mediaListOptions"]
    assert (lists["scoreFormat"], lists["rowOrder"]) == ("POINT_100", "title")
    assert lists["animeList"] == {
        "customLists": ["Comfy", "Owned"],
        "sectionOrder": ["Comfy", "Watching"],
        "splitCompletedSectionByFormat": True,
        "advancedScoring": ["Story"],
        "advancedScoringEnabled": True,
        "theme": {"accent": "red"},
    }
    assert lists["mangaList"] == {"customLists": ["Owned"]}
    assert user["about"] == "Hi there"


async def _update(
    gql: GraphQLClient, account: Account, arguments: str
) -> tuple[int, dict[str, Any]]:
    return await gql(f"mutation {{ UpdateUser({arguments}) {{ id }} }}", None, **account.headers)


async def test_title_language_changes_user_preferred_titles(
    gql: GraphQLClient, account: Account
) -> None:
    query = "query ($id: Int) { Media(id: $id) { title { userPreferred } } }"
    read = lambda: gql(query, {"id": account.show}, **account.headers)  # noqa: E731
    assert (await read())[1]["data"]["Media"]["title"]["userPreferred"] == "Shingeki"
    assert (await _update(gql, account, "titleLanguage: ENGLISH"))[0] == 200
    assert (await read())[1]["data"]["Media"]["title"]["userPreferred"] == "Attack"


async def test_score_format_changes_how_list_scores_read(
    gql: GraphQLClient, account: Account
) -> None:
    query = "query ($u: Int, $m: Int) { MediaList(userId: $u, mediaId: $m) { score } }"
    variables = {"u": account.user_id, "m": account.show}
    assert (await gql.data(query, variables))["MediaList"]["score"] == 8.5  # POINT_10_DECIMAL
    assert (await _update(gql, account, "scoreFormat: POINT_5"))[0] == 200
    assert (await gql.data(query, variables))["MediaList"]["score"] == 4
    assert (await _update(gql, account, "scoreFormat: POINT_100"))[0] == 200
    assert (await gql.data(query, variables))["MediaList"]["score"] == 85


async def test_display_adult_content_shows_adult_media_in_page_media(
    gql: GraphQLClient, account: Account
) -> None:
    query = "{ Page { media(sort: ID) { id } } }"
    ids = lambda body: [m["id"] for m in body["data"]["Page"]["media"]]  # noqa: E731
    assert ids((await gql(query, None, **account.headers))[1]) == [account.show]
    assert (await _update(gql, account, "displayAdultContent: true"))[0] == 200
    assert ids((await gql(query, None, **account.headers))[1]) == [account.show, account.adult]


async def test_invalid_options_are_named_and_nothing_is_written(
    gql: GraphQLClient, account: Account
) -> None:
    status, body = await _update(
        gql,
        account,
        'about: "ok", rowOrder: "sideways", profileColor: "mauve", timezone: "Mars/Olympus", '
        'activityMergeTime: -1, donatorBadge: "Rich", '
        'animeListOptions: {customLists: ["A", "A"], theme: "not json"}',
    )
    assert status == 400 and body["data"] == {"UpdateUser": None}
    error = body["errors"][0]
    assert error["message"] == "validation"
    assert sorted(error["validation"]) == ["animeListOptions.theme"]  # malformed input first
    status, body = await _update(
        gql,
        account,
        'about: "ok", rowOrder: "sideways", profileColor: "mauve", timezone: "Mars/Olympus", '
        'activityMergeTime: -1, donatorBadge: "Rich", animeListOptions: {customLists: ["A", "A"]}',
    )
    assert status == 400
    assert sorted(body["errors"][0]["validation"]) == [
        "activityMergeTime",
        "animeListOptions.customLists",
        "donatorBadge",
        "profileColor",
        "rowOrder",
        "timezone",
    ]
    user = (await gql.data(READ_USER, {"id": account.user_id}))["User"]
    assert user["about"] is None and user["mediaListOptions"]["rowOrder"] == "score"


async def test_removing_a_custom_list_takes_entries_off_it(
    gql: GraphQLClient, account: Account
) -> None:
    await _update(gql, account, 'animeListOptions: {customLists: ["Comfy", "Owned"]}')
    save = """mutation ($m: Int) { SaveMediaListEntry(mediaId: $m, customLists: ["Comfy", "Owned"])
      { customLists } }"""
    status, body = await gql(save, {"m": account.show}, **account.headers)
    assert status == 200
    assert body["data"]["SaveMediaListEntry"]["customLists"] == {"Comfy": True, "Owned": True}
    await _update(gql, account, 'animeListOptions: {customLists: ["Owned"]}')
    query = "query ($u: Int, $m: Int) { MediaList(userId: $u, mediaId: $m) { customLists } }"
    read = await gql.data(query, {"u": account.user_id, "m": account.show})
    assert read["MediaList"]["customLists"] == {"Owned": True}


async def test_update_user_runs_a_bounded_number_of_statements(
    gql: GraphQLClient, account: Account, sql_counter: Callable[..., Any]
) -> None:
    """Token, user, both list options rows (select + insert), custom-list cleanup, flush."""
    with sql_counter() as counted:
        status, body = await gql(UPDATE_ALL, None, **account.headers)
    assert status == 200, body
    print(f"\nUpdateUser statements: {counted.count}")
    assert counted.count <= 14, str(counted)


async def test_concurrent_option_updates_each_keep_the_others_changes(
    gql: GraphQLClient, account: Account
) -> None:
    # Each request merges one notification type into the stored options: were the user's
    # row read before the others committed, the last writer would drop their changes.
    types = ["FOLLOWING", "ACTIVITY_MESSAGE", "ACTIVITY_REPLY", "ACTIVITY_MENTION",
             "ACTIVITY_LIKE", "THREAD_COMMENT_REPLY", "THREAD_LIKE", "AIRING"]  # fmt: skip
    updates = [
        gql(
            f"mutation {{ UpdateUser(notificationOptions: [{{type: {t}, enabled: false}}]) "
            "{ id } }",
            None,
            **account.headers,
        )
        for t in types
    ]
    answers = await asyncio.gather(*updates)
    assert all(status == 200 for status, _ in answers), answers
    _status, body = await gql(READ_USER, {"id": account.user_id}, **account.headers)
    options = body["data"]["User"]["options"]["notificationOptions"]
    disabled = {o["type"] for o in options if o["enabled"] is False}
    assert disabled == set(types)
