"""Viewer-aware fields: anonymous answers vs the token user's list, favourites and options."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.accounts.enums import UserStaffNameLanguage, UserTitleLanguage
from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.lists.enums import MediaListStatus, ScoreFormat
from kagami.lists.models import ListEntry
from kagami.social.enums import FavouriteKind
from kagami.social.models import Favourite, Follow
from tests.dialects.anilist_graphql.catalogue import Catalogue, build_bulk
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.test_viewer import _token
from tests.factories import make_media, make_user


def _entry(user_id: int, media_id: int, **kw: Any) -> ListEntry:
    kw.setdefault("status", MediaListStatus.CURRENT)
    return ListEntry(user_id=user_id, media_id=media_id, media_type=MediaType.ANIME, **kw)


async def _viewer(database: Database, **kw: Any) -> User:
    async with database.session() as s:
        return await make_user(s, **kw)


async def _auth(gql: GraphQLClient, database: Database, user_id: int) -> dict[str, str]:
    return {"Authorization": f"Bearer {await _token(gql, database, user_id)}"}


async def _data(gql: GraphQLClient, query: str, headers: dict[str, str], **variables: Any) -> Any:
    status, body = await gql(query, variables, **headers)
    assert status == 200 and "errors" not in body, body
    return body["data"]


MEDIA_FIELDS = """query ($id: Int) { Media(id: $id) {
  mediaListEntry { status score progress } isFavourite isFavouriteBlocked } }"""


async def test_media_list_entry_and_is_favourite_are_anonymous_without_a_token(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    viewer = await _viewer(database)
    async with database.session() as s:
        s.add(_entry(viewer.id, catalogue.bebop, score=80))
        s.add(Favourite(user_id=viewer.id, kind=FavouriteKind.ANIME, media_id=catalogue.bebop))
    body = await gql.data(MEDIA_FIELDS, {"id": catalogue.bebop})
    assert body["Media"] == {
        "mediaListEntry": None,
        "isFavourite": False,
        "isFavouriteBlocked": False,
    }


async def test_media_list_entry_and_is_favourite_are_the_viewers_with_a_token(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    viewer = await _viewer(database, score_format=ScoreFormat.POINT_10)
    other = await _viewer(database)
    async with database.session() as s:
        s.add(_entry(viewer.id, catalogue.bebop, score=80, progress=3))
        s.add(_entry(other.id, catalogue.one_piece, score=90))
        s.add(Favourite(user_id=viewer.id, kind=FavouriteKind.ANIME, media_id=catalogue.bebop))
        await s.execute(
            sa.update(Media)
            .where(Media.id == catalogue.one_piece)
            .values(is_favourite_blocked=True)
        )
    headers = await _auth(gql, database, viewer.id)
    mine = await _data(gql, MEDIA_FIELDS, headers, id=catalogue.bebop)
    assert mine["Media"] == {
        "mediaListEntry": {"status": "CURRENT", "score": 8.0, "progress": 3},
        "isFavourite": True,
        "isFavouriteBlocked": False,
    }
    theirs = await _data(gql, MEDIA_FIELDS, headers, id=catalogue.one_piece)
    assert theirs["Media"] == {
        "mediaListEntry": None,
        "isFavourite": False,
        "isFavouriteBlocked": True,
    }


async def test_character_staff_and_studio_is_favourite_follow_the_viewer(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    viewer = await _viewer(database)
    async with database.session() as s:
        s.add_all(
            [
                Favourite(
                    user_id=viewer.id, kind=FavouriteKind.CHARACTER, character_id=catalogue.spike
                ),
                Favourite(user_id=viewer.id, kind=FavouriteKind.STAFF, staff_id=95),
                Favourite(
                    user_id=viewer.id, kind=FavouriteKind.STUDIO, studio_id=catalogue.sunrise
                ),
            ]
        )
    query = """query ($id: Int) { Media(id: $id) {
      characters { nodes { id isFavourite } }
      studios { nodes { id isFavourite } }
      staff { nodes { id isFavourite } } } }"""
    headers = await _auth(gql, database, viewer.id)
    media = (await _data(gql, query, headers, id=catalogue.bebop))["Media"]
    chars = {n["id"]: n["isFavourite"] for n in media["characters"]["nodes"]}
    assert chars == {catalogue.spike: True, catalogue.faye: False, catalogue.ein: False}
    studios = {n["id"]: n["isFavourite"] for n in media["studios"]["nodes"]}
    assert studios == {catalogue.sunrise: True, catalogue.bandai: False}
    assert media["staff"]["nodes"] == [{"id": 98, "isFavourite": False}]
    staff = await _data(gql, "{ Staff(id: 95) { isFavourite } }", headers)
    assert staff == {"Staff": {"isFavourite": True}}
    anonymous = await gql.data(query, {"id": catalogue.bebop})
    assert not any(n["isFavourite"] for n in anonymous["Media"]["characters"]["nodes"])


TITLE = "query ($id: Int) { Media(id: $id) { title { userPreferred } } }"


@pytest.mark.parametrize(
    ("language", "bebop", "one_piece"),
    [
        (UserTitleLanguage.ROMAJI, "Cowboy Bebop", "ONE PIECE"),
        (UserTitleLanguage.ENGLISH, "Cowboy Bebop", "ONE PIECE"),  # no English: romaji
        (UserTitleLanguage.ENGLISH_STYLISED, "Cowboy Bebop", "ONE PIECE"),
        (UserTitleLanguage.NATIVE, "カウボーイビバップ", "ONE PIECE"),
        (UserTitleLanguage.NATIVE_STYLISED, "カウボーイビバップ", "ONE PIECE"),
    ],
)
async def test_user_preferred_title_follows_the_viewers_title_language(
    gql: GraphQLClient,
    catalogue: Catalogue,
    database: Database,
    language: UserTitleLanguage,
    bebop: str,
    one_piece: str,
) -> None:
    viewer = await _viewer(database, title_language=language)
    headers = await _auth(gql, database, viewer.id)
    got = await _data(gql, TITLE, headers, id=catalogue.bebop)
    assert got["Media"]["title"]["userPreferred"] == bebop
    got = await _data(gql, TITLE, headers, id=catalogue.one_piece)
    assert got["Media"]["title"]["userPreferred"] == one_piece


async def test_user_preferred_title_english_and_anonymous_romaji(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    viewer = await _viewer(database, title_language=UserTitleLanguage.ENGLISH)
    headers = await _auth(gql, database, viewer.id)
    got = await _data(gql, TITLE, headers, id=catalogue.bebop_movie)
    assert got["Media"]["title"]["userPreferred"] == "Cowboy Bebop: The Movie"
    anonymous = await gql.data(TITLE, {"id": catalogue.bebop_movie})
    assert anonymous["Media"]["title"]["userPreferred"] == "Cowboy Bebop: Tengoku no Tobira"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (UserStaffNameLanguage.ROMAJI_WESTERN, "Spike Spiegel"),
        (UserStaffNameLanguage.ROMAJI, "Spiegel Spike"),
        (UserStaffNameLanguage.NATIVE, "スパイク・スピーゲル"),
        (None, "Spike Spiegel"),  # anonymous
    ],
)
async def test_user_preferred_name_follows_the_viewers_staff_name_language(
    gql: GraphQLClient,
    catalogue: Catalogue,
    database: Database,
    language: UserStaffNameLanguage | None,
    expected: str,
) -> None:
    headers: dict[str, str] = {}
    if language is not None:
        viewer = await _viewer(database, staff_name_language=language)
        headers = await _auth(gql, database, viewer.id)
    query = (
        "{ Character(id: 1) { name { userPreferred } } Staff(id: 95) { name { userPreferred } } }"
    )
    got = await _data(gql, query, headers)
    assert got["Character"]["name"]["userPreferred"] == expected
    # Only a full name stored: every language falls back to it.
    assert got["Staff"]["name"]["userPreferred"] == "Kouichi Yamadera"


PAGE_ON_LIST = (
    """query ($on: Boolean) { Page { media(onList: $on, type: ANIME, sort: ID) { id } } }"""
)


async def test_page_media_on_list_keeps_media_on_or_off_the_viewers_list(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    viewer = await _viewer(database)
    async with database.session() as s:
        s.add(_entry(viewer.id, catalogue.bebop))
        s.add(_entry(viewer.id, catalogue.teekyuu, private=True))
    headers = await _auth(gql, database, viewer.id)
    on = await _data(gql, PAGE_ON_LIST, headers, on=True)
    assert [m["id"] for m in on["Page"]["media"]] == [catalogue.bebop, catalogue.teekyuu]
    off = await _data(gql, PAGE_ON_LIST, headers, on=False)
    assert [m["id"] for m in off["Page"]["media"]] == [catalogue.bebop_movie, catalogue.one_piece]
    anonymous = await gql.data(PAGE_ON_LIST, {"on": True})
    assert len(anonymous["Page"]["media"]) == 4  # ignored without a token


async def test_nested_media_connections_honour_on_list(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    viewer = await _viewer(database)
    async with database.session() as s:
        s.add(_entry(viewer.id, catalogue.bebop_movie))
    headers = await _auth(gql, database, viewer.id)
    query = """{ Character(id: 1) { media(onList: true) { nodes { id } } }
      Studio(id: 14) { media(onList: false) { nodes { id } } } }"""
    got = await _data(gql, query, headers)
    assert got["Character"]["media"]["nodes"] == [{"id": catalogue.bebop_movie}]
    assert got["Studio"]["media"]["nodes"] == [{"id": catalogue.bebop}]
    anonymous = await gql.data(query)
    assert len(anonymous["Character"]["media"]["nodes"]) == 2


async def test_adult_media_are_hidden_from_a_viewer_without_adult_content(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    async with database.session() as s:
        await make_media(s, id=9001, title_romaji="Adult", is_adult=True)
    prude = await _viewer(database, display_adult_content=False)
    adult = await _viewer(database, display_adult_content=True)
    query = "query ($a: Boolean) { Page { media(type: ANIME, isAdult: $a) { id } } }"

    async def ids(headers: dict[str, str], **variables: Any) -> set[int]:
        return {m["id"] for m in (await _data(gql, query, headers, **variables))["Page"]["media"]}

    assert 9001 in await ids({})  # anonymous: AniList does not filter
    assert 9001 not in await ids(await _auth(gql, database, prude.id))
    assert 9001 in await ids(await _auth(gql, database, adult.id))
    assert await ids(await _auth(gql, database, prude.id), a=True) == {9001}  # explicit wins


LIST_PAGE = """{ Page { mediaList(%s, sort: MEDIA_ID) { mediaId userId } } }"""


async def _list_page(gql: GraphQLClient, args: str, headers: dict[str, str]) -> list[int]:
    body = await _data(gql, LIST_PAGE % args, headers)
    return [e["mediaId"] for e in body["Page"]["mediaList"]]


async def test_media_list_date_and_notes_filters(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    user = await _viewer(database)
    async with database.session() as s:
        s.add_all(
            [
                _entry(
                    user.id, catalogue.bebop, started_year=2020, started_month=1, notes="#rewatch"
                ),
                _entry(
                    user.id,
                    catalogue.bebop_movie,
                    started_year=2021,
                    completed_year=2021,
                    completed_month=6,
                    completed_day=2,
                ),
                _entry(user.id, catalogue.one_piece),
            ]
        )
    u = f"userId: {user.id}"
    assert await _list_page(gql, f"{u}, startedAt_greater: 20200000", {}) == [1, 5]
    assert await _list_page(gql, f"{u}, startedAt_greater: 20200200", {}) == [5]
    assert await _list_page(gql, f"{u}, startedAt_lesser: 20210000", {}) == [1]
    assert await _list_page(gql, f'{u}, startedAt_like: "2020%"', {}) == [1]
    assert await _list_page(gql, f"{u}, startedAt: 20200100", {}) == [1]
    assert await _list_page(gql, f"{u}, completedAt: 20210602", {}) == [5]
    assert await _list_page(gql, f'{u}, completedAt_like: "202106%"', {}) == [5]
    assert await _list_page(gql, f"{u}, completedAt_lesser: 20300000", {}) == [5]
    assert await _list_page(gql, f'{u}, notes_like: "rewatch"', {}) == [1]
    assert await _list_page(gql, f'{u}, notes: "#rewatch"', {}) == [1]


async def test_media_list_compare_with_auth_list_and_is_following(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    viewer = await _viewer(database)
    friend = await _viewer(database)
    stranger = await _viewer(database)
    async with database.session() as s:
        s.add_all(
            [
                _entry(viewer.id, catalogue.bebop),
                _entry(friend.id, catalogue.bebop),
                _entry(friend.id, catalogue.one_piece),
                _entry(stranger.id, catalogue.teekyuu),
                Follow(follower_id=viewer.id, followed_id=friend.id),
            ]
        )
    headers = await _auth(gql, database, viewer.id)
    compare = f"userId: {friend.id}, compareWithAuthList: true"
    assert await _list_page(gql, compare, headers) == [catalogue.bebop]
    assert await _list_page(gql, compare, {}) == [catalogue.bebop, catalogue.one_piece]
    following = await _data(
        gql, LIST_PAGE % "isFollowing: true", headers
    )  # the viewer's own entries are not a followed user's
    assert {e["userId"] for e in following["Page"]["mediaList"]} == {friend.id}
    status, body = await gql(LIST_PAGE % "isFollowing: true")
    assert status == 401, body


async def test_collection_entries_answer_viewer_fields(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    """Inside MediaListCollection (the compiled fast path) the fields stay viewer-aware."""
    owner = await _viewer(database, title_language=UserTitleLanguage.NATIVE)
    viewer = await _viewer(database, score_format=ScoreFormat.POINT_10)
    async with database.session() as s:
        s.add_all(
            [
                _entry(owner.id, catalogue.bebop, score=60),
                _entry(owner.id, catalogue.teekyuu, score=40),
                _entry(viewer.id, catalogue.bebop, score=90, status=MediaListStatus.COMPLETED),
                Favourite(user_id=viewer.id, kind=FavouriteKind.ANIME, media_id=catalogue.teekyuu),
            ]
        )
    query = """query ($id: Int) { MediaListCollection(userId: $id, type: ANIME) { lists {
      entries { score media { id isFavourite title { userPreferred }
        mediaListEntry { status score } } } } } }"""

    async def media(user_id: int, headers: dict[str, str]) -> dict[int, Any]:
        body = await _data(gql, query, headers, id=user_id)
        return {
            e["media"]["id"]: e["media"]
            for group in body["MediaListCollection"]["lists"]
            for e in group["entries"]
        }

    headers = await _auth(gql, database, viewer.id)
    seen = await media(owner.id, headers)
    assert seen[catalogue.bebop] == {
        "id": catalogue.bebop,
        "isFavourite": False,
        "title": {"userPreferred": "Cowboy Bebop"},  # the viewer's language, not the owner's
        "mediaListEntry": {"status": "COMPLETED", "score": 9.0},
    }
    assert seen[catalogue.teekyuu]["isFavourite"] is True
    assert seen[catalogue.teekyuu]["mediaListEntry"] is None
    own = await media(owner.id, await _auth(gql, database, owner.id))
    assert own[catalogue.bebop]["mediaListEntry"] == {"status": "CURRENT", "score": 6.0}
    assert own[catalogue.teekyuu]["title"]["userPreferred"] == "てーきゅう"
    anonymous = await media(owner.id, {})
    assert anonymous[catalogue.bebop]["mediaListEntry"] is None
    assert anonymous[catalogue.teekyuu]["title"]["userPreferred"] == "Teekyuu"


BUDGET = """{ Page(perPage: 50) { media(sort: ID) {
  mediaListEntry { status score } isFavourite title { userPreferred } } } }"""


async def test_viewer_fields_run_a_bounded_number_of_statements(
    gql: GraphQLClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    """Token check + viewer + count + media + entries + favourites, whatever perPage is."""
    await build_bulk(database, media=60, characters_per_media=0)
    viewer = await _viewer(database)
    async with database.session() as s:
        s.add_all(_entry(viewer.id, 10_000 + m, score=m) for m in range(0, 60, 2))
        s.add_all(
            Favourite(user_id=viewer.id, kind=FavouriteKind.ANIME, media_id=10_000 + m)
            for m in range(0, 60, 3)
        )
    headers = await _auth(gql, database, viewer.id)
    counts = []
    for per_page in (50, 10, 1):
        with sql_counter() as counted:
            body = await _data(gql, BUDGET.replace("perPage: 50", f"perPage: {per_page}"), headers)
        rows = body["Page"]["media"]
        assert len(rows) == per_page
        assert rows[0] == {
            "mediaListEntry": {"status": "CURRENT", "score": 0.0},
            "isFavourite": True,
            "title": {"userPreferred": "Media 10000"},
        }
        counts.append(counted.count)
        print(f"\nviewer fields, perPage {per_page}: {counted}")
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 6, counts


OPTIONS = """query ($id: Int) { User(id: $id) { options { titleLanguage displayAdultContent
  profileColor airingNotifications timezone activityMergeTime staffNameLanguage
  restrictMessagesToFollowing notificationOptions { type enabled }
  disabledListActivity { type disabled } } } }"""
PRIVATE_OPTIONS = {
    "airingNotifications": None,
    "timezone": None,
    "activityMergeTime": None,
    "staffNameLanguage": None,
    "restrictMessagesToFollowing": None,
    "notificationOptions": None,
    "disabledListActivity": None,
}


async def test_user_options_show_others_only_the_public_fields(
    gql: GraphQLClient, database: Database
) -> None:
    owner = await _viewer(
        database,
        profile_color="pink",
        display_adult_content=True,
        timezone="+09:00",
        restrict_messages_to_following=True,
        notification_options={"ACTIVITY_LIKE": False},
        disabled_list_activity={"CURRENT": True},
    )
    other = await _viewer(database)
    public = {"titleLanguage": "ROMAJI", "displayAdultContent": True, "profileColor": "pink"}
    for headers in ({}, await _auth(gql, database, other.id)):
        data = await _data(gql, OPTIONS, headers, id=owner.id)
        assert data["User"]["options"] == {**public, **PRIVATE_OPTIONS}
    own = (await _data(gql, OPTIONS, await _auth(gql, database, owner.id), id=owner.id))["User"]
    assert own["options"]["timezone"] == "+09:00"
    assert own["options"]["restrictMessagesToFollowing"] is True
    assert own["options"]["notificationOptions"] == [{"type": "ACTIVITY_LIKE", "enabled": False}]
    assert own["options"]["disabledListActivity"] == [{"type": "CURRENT", "disabled": True}]
    assert own["options"]["airingNotifications"] is True
