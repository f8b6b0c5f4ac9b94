"""Arguments that must filter for real: MediaListCollection's filters, characterMedia(onList).

A static "every SDL argument is referenced" check was not practical: range arguments are
built from stems (``f"{arg}_greater"``) and common names (``type``, ``sort``) occur
everywhere, so a name search proves nothing. These run the arguments against data instead.
"""

from __future__ import annotations

from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import MediaCharacterVoiceActor
from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.test_viewer import _token
from tests.factories import make_user


def _entry(user_id: int, media_id: int, **kw: Any) -> ListEntry:
    kw.setdefault("status", MediaListStatus.CURRENT)
    return ListEntry(user_id=user_id, media_id=media_id, media_type=MediaType.ANIME, **kw)


COLLECTION = """{ MediaListCollection(userId: %d, type: ANIME%s) {
  lists { entries { mediaId } } } }"""


def _media_ids(body: dict[str, Any]) -> list[int]:
    lists = body["MediaListCollection"]["lists"]
    return sorted(e["mediaId"] for group in lists for e in group["entries"])


async def _collection(gql: GraphQLClient, user_id: int, args: str = "") -> list[int]:
    return _media_ids(await gql.data(COLLECTION % (user_id, f", {args}" if args else "")))


async def test_media_list_collection_filters_dates_notes_and_statuses(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    async with database.session() as s:
        user = await make_user(s)
        s.add_all(
            [
                _entry(
                    user.id, catalogue.bebop, started_year=2020, started_month=1, notes="#rewatch"
                ),
                _entry(
                    user.id,
                    catalogue.bebop_movie,
                    status=MediaListStatus.COMPLETED,
                    started_year=2021,
                    completed_year=2021,
                    completed_month=6,
                    completed_day=2,
                ),
                _entry(user.id, catalogue.one_piece, status=MediaListStatus.PLANNING),
            ]
        )
    bebop, movie, one_piece = catalogue.bebop, catalogue.bebop_movie, catalogue.one_piece
    cases = {
        "": [bebop, movie, one_piece],
        "startedAt_greater: 20200000": [bebop, movie],
        "startedAt_greater: 20200200": [movie],
        "startedAt_lesser: 20210000": [bebop],
        'startedAt_like: "2020%"': [bebop],
        "startedAt: 20200100": [bebop],
        "completedAt: 20210602": [movie],
        "completedAt_greater: 20210601": [movie],
        "completedAt_greater: 20210602": [],
        "completedAt_lesser: 20300000": [movie],
        'completedAt_like: "202106%"': [movie],
        'notes_like: "rewatch"': [bebop],
        'notes: "#rewatch"': [bebop],
        "status: PLANNING": [one_piece],
        "status_in: [CURRENT, COMPLETED]": [bebop, movie],
        "status_not: CURRENT": [movie, one_piece],
        "status_not_in: [CURRENT, PLANNING]": [movie],
        "startedAt_greater: 20200000, status_not: COMPLETED": [bebop],
    }
    for args, expected in cases.items():
        assert await _collection(gql, user.id, args) == expected, args
    by_name = """query ($name: String) {
      MediaListCollection(userName: $name, type: ANIME, completedAt_like: "2021%") {
        lists { entries { mediaId } } } }"""
    assert _media_ids(await gql.data(by_name, {"name": user.name})) == [movie]


async def test_media_list_collection_date_filters_use_variables(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    """Wide fields cache coerced arguments per variable values: each value must filter anew."""
    async with database.session() as s:
        user = await make_user(s)
        s.add_all(
            [
                _entry(user.id, catalogue.bebop, started_year=2019),
                _entry(user.id, catalogue.bebop_movie, started_year=2022),
            ]
        )
    query = """query ($id: Int, $after: FuzzyDateInt) {
      MediaListCollection(userId: $id, type: ANIME, startedAt_greater: $after) {
        lists { entries { mediaId } } } }"""

    async def ids(after: int | None) -> list[int]:
        return _media_ids(await gql.data(query, {"id": user.id, "after": after}))

    assert await ids(20200000) == [catalogue.bebop_movie]
    assert await ids(20100000) == [catalogue.bebop, catalogue.bebop_movie]
    assert await ids(None) == [catalogue.bebop, catalogue.bebop_movie]


CHARACTER_MEDIA = """query ($on: Boolean) { Staff(id: 95) {
  characterMedia(onList: $on, sort: ID) { pageInfo { total } nodes { id } } } }"""


async def test_staff_character_media_honours_on_list(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    async with database.session() as s:
        # Yamadera (95) voices Spike in the series (edge 1, fixture) and the movie (edge 4).
        s.add(MediaCharacterVoiceActor(media_character_id=4, staff_id=95, language="Japanese"))
        viewer = await make_user(s)
        s.add(_entry(viewer.id, catalogue.bebop_movie, private=True))  # private still counts
    headers = {"Authorization": f"Bearer {await _token(gql, database, viewer.id)}"}

    async def got(on: bool | None, **h: str) -> tuple[int, list[int]]:
        status, body = await gql(CHARACTER_MEDIA, {"on": on}, **h)
        assert status == 200 and "errors" not in body, body
        found = body["data"]["Staff"]["characterMedia"]
        return found["pageInfo"]["total"], [n["id"] for n in found["nodes"]]

    both = (2, [catalogue.bebop, catalogue.bebop_movie])
    assert await got(None, **headers) == both
    assert await got(True, **headers) == (1, [catalogue.bebop_movie])
    assert await got(False, **headers) == (1, [catalogue.bebop])
    assert await got(True) == both  # AniList ignores onList without a token


async def test_character_media_on_list_batches_per_argument(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    """Aliased characterMedia with different onList values do not share one batch."""
    async with database.session() as s:
        s.add(MediaCharacterVoiceActor(media_character_id=4, staff_id=95, language="Japanese"))
        viewer = await make_user(s)
        s.add(_entry(viewer.id, catalogue.bebop))
    headers = {"Authorization": f"Bearer {await _token(gql, database, viewer.id)}"}
    query = """{ Staff(id: 95) {
      on: characterMedia(onList: true) { nodes { id } }
      off: characterMedia(onList: false) { nodes { id } }
      all: characterMedia { nodes { id } } } }"""
    status, body = await gql(query, None, **headers)
    assert status == 200 and "errors" not in body, body
    staff = body["data"]["Staff"]
    assert staff["on"]["nodes"] == [{"id": catalogue.bebop}]
    assert staff["off"]["nodes"] == [{"id": catalogue.bebop_movie}]
    both = [catalogue.bebop, catalogue.bebop_movie]
    assert sorted(n["id"] for n in staff["all"]["nodes"]) == both
