"""User.statistics: totals and breakdowns, expected values recomputed from the inserted rows."""

from __future__ import annotations

import statistics as pystats
from collections.abc import Callable
from typing import Any

import pytest

from kagami.catalogue.enums import MediaFormat, MediaType
from kagami.db import Database
from kagami.dialects.anilist_graphql import fastpath
from kagami.dialects.anilist_graphql.resolvers import statistics as statistics_resolvers
from kagami.lists.enums import MediaListStatus as S
from kagami.lists.models import ListEntry
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.test_viewer import _token
from tests.factories import make_media, make_user, recount_list_totals

# What catalogue.py (plus two media added here) says about each anime: the test's own copy.
ANIME: dict[int, dict[str, Any]] = {
    1: {
        "format": "TV",
        "eps": 26,
        "dur": 24,
        "year": 1998,
        "genres": ["Action", "Sci-Fi"],
        "studios": [14],
        "staff": [98],
        "vas": {95: [1], 97: [2]},
        "tags": [1],
    },
    5: {
        "format": "MOVIE",
        "eps": 1,
        "dur": None,
        "year": 2001,
        "genres": ["Action"],
        "studios": [14],
        "staff": [],
        "vas": {},
        "tags": [],
    },
    21: {
        "format": "TV",
        "eps": None,
        "dur": None,
        "year": 1999,
        "genres": ["Action", "Adventure", "Comedy"],
        "studios": [18],
        "staff": [],
        "vas": {},
        "tags": [],
    },
    15125: {
        "format": "TV_SHORT",
        "eps": 12,
        "dur": 2,
        "year": 2012,
        "genres": ["Comedy", "Sports"],
        "studios": [],
        "staff": [],
        "vas": {},
        "tags": [2],
    },
    900: {
        "format": "OVA",
        "eps": 3,
        "dur": 30,
        "year": 2005,
        "genres": [],
        "studios": [],
        "staff": [],
        "vas": {},
        "tags": [],
    },
    901: {
        "format": "TV",
        "eps": 12,
        "dur": 25,
        "year": 2020,
        "genres": [],
        "studios": [],
        "staff": [],
        "vas": {},
        "tags": [],
    },
}
# (media, status, score, progress, repeat, private, started_year)
ENTRIES = [
    (1, S.COMPLETED, 85, 26, 1, False, 2020),
    (5, S.COMPLETED, 70, 1, 0, False, 2020),
    (21, S.CURRENT, 0, 100, 0, False, 2021),
    (15125, S.DROPPED, 42, 6, 0, False, None),
    (900, S.PLANNING, 0, 0, 0, False, None),
    (901, S.CURRENT, 100, 3, 0, True, 2021),
]


async def _build(database: Database) -> int:
    async with database.session() as s:
        await make_media(
            s, id=900, format=MediaFormat.OVA, episodes=3, duration=30, start_year=2005
        )
        await make_media(
            s, id=901, format=MediaFormat.TV, episodes=12, duration=25, start_year=2020
        )
        user = await make_user(s, name="Stat")
        s.add_all(
            ListEntry(
                user_id=user.id,
                media_id=m,
                media_type=MediaType.ANIME,
                status=st,
                score=sc,
                progress=p,
                repeat=r,
                private=priv,
                started_year=y,
            )
            for m, st, sc, p, r, priv, y in ENTRIES
        )
        s.add(
            ListEntry(
                user_id=user.id,
                media_id=30013,
                media_type=MediaType.MANGA,
                status=S.CURRENT,
                score=80,
                progress=1100,
                progress_volumes=100,
            )
        )
        await recount_list_totals(s)
        return user.id


def _counted(owner_view: bool) -> list[tuple[Any, ...]]:
    return [e for e in ENTRIES if e[1] != S.PLANNING and (owner_view or not e[5])]


def _minutes(e: tuple[Any, ...]) -> int:
    m = ANIME[e[0]]
    return (e[3] + e[4] * (m["eps"] or 0)) * (m["dur"] or 0)


def _mean(entries: list[tuple[Any, ...]]) -> float:
    scores = [e[2] for e in entries if e[2] > 0]
    return round(sum(scores) / len(scores), 2) if scores else 0.0


def _expected_buckets(entries: list[tuple[Any, ...]], keys: Callable[[Any], list[Any]]) -> dict:
    groups: dict[Any, list[tuple[Any, ...]]] = {}
    for e in entries:
        for k in keys(e):
            groups.setdefault(k, []).append(e)
    return {
        k: {
            "count": len(g),
            "meanScore": _mean(g),
            "minutesWatched": sum(map(_minutes, g)),
            "mediaIds": sorted(e[0] for e in g),
        }
        for k, g in groups.items()
    }


FIELDS = "count meanScore minutesWatched mediaIds"
QUERY = f"""query ($id: Int) {{ User(id: $id) {{ statistics {{
  anime {{ count meanScore standardDeviation minutesWatched episodesWatched chaptersRead
    formats {{ format {FIELDS} }} statuses {{ status {FIELDS} }} scores {{ score {FIELDS} }}
    lengths {{ length {FIELDS} }} releaseYears {{ releaseYear {FIELDS} }}
    startYears {{ startYear {FIELDS} }} genres {{ genre {FIELDS} }}
    tags {{ tag {{ id name }} {FIELDS} }}
    voiceActors {{ voiceActor {{ id }} characterIds {FIELDS} }} staff {{ staff {{ id }} {FIELDS} }}
    studios {{ studio {{ id name }} {FIELDS} }} }}
  manga {{ count meanScore chaptersRead volumesRead minutesWatched
    statuses {{ status count chaptersRead }} }} }} }} }}"""


def _as_map(items: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    out = {}
    for item in items:
        k = item.pop(key)
        out[k["id"] if isinstance(k, dict) else k] = item
    return out


def _length(eps: int | None) -> list[str]:
    if eps is None:
        return []
    for top, label in ((1, "1"), (6, "2-6"), (16, "7-16"), (28, "17-28"), (55, "29-55")):
        if eps <= top:
            return [label]
    return ["56-100"] if eps <= 100 else ["101+"]


async def test_anime_totals_and_breakdowns_match_the_entries(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    user_id = await _build(database)
    body = await gql.data(QUERY, {"id": user_id})
    anime = body["User"]["statistics"]["anime"]
    counted = _counted(owner_view=False)
    scored = [e[2] for e in counted if e[2] > 0]
    assert anime["count"] == len(counted) == 4
    assert anime["meanScore"] == _mean(counted)
    assert anime["standardDeviation"] == round(pystats.pstdev(scored), 2)
    assert anime["minutesWatched"] == sum(map(_minutes, counted)) == 52 * 24 + 6 * 2
    assert anime["episodesWatched"] == sum(e[3] + e[4] * (ANIME[e[0]]["eps"] or 0) for e in counted)
    assert anime["chaptersRead"] == 0

    def check(field: str, key: str, keys: Callable[[Any], list[Any]], base: Any = None) -> None:
        got = _as_map([dict(i, **{}) for i in anime[field]], key)
        for item in got.values():
            item.pop("characterIds", None)
        assert got == _expected_buckets(base if base is not None else counted, keys), field

    check("formats", "format", lambda e: [ANIME[e[0]]["format"]])
    with_planning = [e for e in ENTRIES if not e[5]]
    check("statuses", "status", lambda e: [e[1].value], with_planning)
    check("scores", "score", lambda e: [min(100, max(10, (e[2] + 5) // 10 * 10))] if e[2] else [])
    check("lengths", "length", lambda e: _length(ANIME[e[0]]["eps"]))
    check("releaseYears", "releaseYear", lambda e: [ANIME[e[0]]["year"]])
    check("startYears", "startYear", lambda e: [e[6]] if e[6] else [])
    check("genres", "genre", lambda e: ANIME[e[0]]["genres"])
    check("tags", "tag", lambda e: ANIME[e[0]]["tags"])
    check("staff", "staff", lambda e: ANIME[e[0]]["staff"])
    check("studios", "studio", lambda e: ANIME[e[0]]["studios"])
    check("voiceActors", "voiceActor", lambda e: list(ANIME[e[0]]["vas"]))  # Japanese only
    vas = {i["voiceActor"]["id"]: i["characterIds"] for i in anime["voiceActors"]}
    assert vas == {95: [1], 97: [2]}
    assert {t["tag"]["name"] for t in anime["tags"]} == {"Space", "Tennis"}

    manga = body["User"]["statistics"]["manga"]
    assert manga == {
        "count": 1,
        "meanScore": 80.0,
        "chaptersRead": 1100,
        "volumesRead": 100,
        "minutesWatched": 0,
        "statuses": [{"status": "CURRENT", "count": 1, "chaptersRead": 1100}],
    }


async def test_breakdown_sort_and_limit(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    user_id = await _build(database)
    query = """query ($id: Int) { User(id: $id) { statistics { anime {
      byCount: genres(sort: [COUNT_DESC, ID]) { genre count }
      top: genres(sort: COUNT_DESC, limit: 1) { genre }
      byId: genres(sort: ID_DESC) { genre }
      byMean: formats(sort: MEAN_SCORE_DESC) { format meanScore }
      byProgress: formats(sort: PROGRESS_DESC, limit: 2) { format minutesWatched } } } } }"""
    anime = (await gql.data(query, {"id": user_id}))["User"]["statistics"]["anime"]
    # Action: 1, 5, 21; Comedy: 21, 15125; Adventure, Sci-Fi, Sports: one each.
    assert [(g["genre"], g["count"]) for g in anime["byCount"]] == [
        ("Action", 3),
        ("Comedy", 2),
        ("Adventure", 1),
        ("Sci-Fi", 1),
        ("Sports", 1),
    ]
    assert anime["top"] == [{"genre": "Action"}]
    assert [g["genre"] for g in anime["byId"]] == [
        "Sports",
        "Sci-Fi",
        "Comedy",
        "Adventure",
        "Action",
    ]
    # TV: 85 (1; 21 unscored); MOVIE: 70; TV_SHORT: 42.
    assert [f["format"] for f in anime["byMean"]] == ["TV", "MOVIE", "TV_SHORT"]
    assert anime["byProgress"] == [
        {"format": "TV", "minutesWatched": 1248},
        {"format": "TV_SHORT", "minutesWatched": 12},
    ]


async def test_owner_sees_private_entries_in_own_statistics(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    user_id = await _build(database)
    token = await _token(gql, database, user_id)
    query = "query ($id: Int) { User(id: $id) { statistics { anime { count meanScore } } } }"
    status, body = await gql(query, {"id": user_id}, Authorization=f"Bearer {token}")
    assert status == 200, body
    owner = _counted(owner_view=True)
    assert body["data"]["User"]["statistics"]["anime"] == {
        "count": len(owner),
        "meanScore": _mean(owner),
    }
    public = await gql.data(query, {"id": user_id})
    assert public["User"]["statistics"]["anime"]["count"] == len(owner) - 1


async def test_user_without_entries_has_zero_statistics(
    gql: GraphQLClient, database: Database
) -> None:
    async with database.session() as s:
        user = await make_user(s)
    query = """query ($id: Int) { User(id: $id) { statistics { anime {
        count meanScore standardDeviation minutesWatched genres { genre } } } } }"""
    body = await gql.data(query, {"id": user.id})
    assert body["User"]["statistics"]["anime"] == {
        "count": 0,
        "meanScore": 0.0,
        "standardDeviation": 0.0,
        "minutesWatched": 0,
        "genres": [],
    }


BUDGET = """query ($n: Int) { Page(perPage: $n) { users { statistics { anime {
  count meanScore genres { genre count } formats { format count } } } } } }"""


async def test_page_of_user_statistics_runs_a_fixed_number_of_statements(
    gql: GraphQLClient, catalogue: Catalogue, database: Database, sql_counter: Callable[..., Any]
) -> None:
    async with database.session() as s:
        for i in range(25):
            user = await make_user(s)
            s.add_all(
                ListEntry(
                    user_id=user.id,
                    media_id=m,
                    media_type=MediaType.ANIME,
                    status=S.COMPLETED,
                    score=(i * 7 + m) % 100,
                    progress=1,
                )
                for m in (1, 5, 21, 15125)[: 1 + i % 4]
            )
        await recount_list_totals(s)
    counts = []
    for per_page in (1, 5, 20):
        with sql_counter() as counted:
            body = await gql.data(BUDGET, {"n": per_page})
        assert len(body["Page"]["users"]) == per_page
        counts.append(counted.count)
    print(f"\nPage.users statistics: {counts} statements")
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 5, counts


async def test_long_breakdowns_are_completed_by_a_plan_byte_for_byte_as_graphql_core(
    gql: GraphQLClient, catalogue: Catalogue, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thousands of buckets (a long list's staff) skip graphql-core's per-field completion;
    # every breakdown is planned here (no minimum length), for a stranger and the owner.
    user_id = await _build(database)
    token = await _token(gql, database, user_id)
    monkeypatch.setattr(statistics_resolvers, "_PLANNED", 0)
    planned = 0

    def counting(info: Any, items: list[Any], plans: dict[Any, Any]) -> Any:
        nonlocal planned
        result = fastpath.precomplete(info, items, plans)
        planned += isinstance(result, fastpath.Precompleted)
        return result

    for headers in ({}, {"Authorization": f"Bearer {token}"}):
        answers = []
        for complete in (counting, lambda _info, items, _plans: items):
            monkeypatch.setattr(statistics_resolvers, "precomplete", complete)
            answer = await gql.http.post(
                "/", json={"query": QUERY, "variables": {"id": user_id}}, headers=headers
            )
            assert answer.status_code == 200 and b'"errors"' not in answer.content, answer.text
            answers.append(answer.content)
        assert answers[0] == answers[1]
    assert planned == 2 * 12  # every breakdown of the query, both times
