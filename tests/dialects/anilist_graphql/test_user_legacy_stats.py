"""The deprecated User.stats: values recomputed from the inserted rows, privacy, statement budget.

The list data is test_statistics' (same catalogue, same entries), so both APIs are
checked against one set of hand-written expectations.
"""

from __future__ import annotations

import math
import statistics as pystats
import time
from collections.abc import Callable
from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import MediaGenre
from kagami.db import Database
from kagami.lists.enums import MediaListStatus as S
from kagami.lists.models import ListEntry
from kagami.social.enums import ActivityType
from kagami.social.history import level, window_start
from kagami.social.models import Activity
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.test_statistics import ANIME, ENTRIES, _build, _minutes
from tests.dialects.anilist_graphql.test_viewer import _token
from tests.factories import make_media, make_user, recount_list_totals

DAY = 86_400

STATS = """query ($id: Int) { User(id: $id) { statistics { anime { minutesWatched } }
  stats {
    watchedTime chaptersRead
    animeStatusDistribution { status amount } mangaStatusDistribution { status amount }
    animeScoreDistribution { score amount } mangaScoreDistribution { score amount }
    animeListScores { meanScore standardDeviation } mangaListScores { meanScore standardDeviation }
    favouredGenresOverview { genre amount }
    favouredGenres { genre amount meanScore timeWatched }
    favouredTags { tag { id name } amount meanScore timeWatched }
    favouredActors { staff { id } amount meanScore timeWatched }
    favouredStaff { staff { id } amount meanScore timeWatched }
    favouredStudios { studio { id name } amount meanScore timeWatched }
    favouredYears { year amount meanScore }
    favouredFormats { format amount } } } }"""


def _counted(owner_view: bool, with_planning: bool = False) -> list[tuple[Any, ...]]:
    return [
        e for e in ENTRIES if (with_planning or e[1] != S.PLANNING) and (owner_view or not e[5])
    ]


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _mean_int(entries: list[tuple[Any, ...]]) -> int:
    scores = [e[2] for e in entries if e[2] > 0]
    return _half_up(round(sum(scores) / len(scores), 2)) if scores else 0


def _favoured(
    entries: list[tuple[Any, ...]], keys: Callable[[tuple[Any, ...]], list[Any]]
) -> list[tuple[Any, int, int, int]]:
    """(key, amount, meanScore, timeWatched), count descending then key: what the API orders by."""
    groups: dict[Any, list[tuple[Any, ...]]] = {}
    for e in entries:
        for k in keys(e):
            groups.setdefault(k, []).append(e)
    rows = [(k, len(g), _mean_int(g), sum(map(_minutes, g))) for k, g in groups.items()]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def _rows(items: list[dict[str, Any]], key: str, *fields: str) -> list[tuple[Any, ...]]:
    out = []
    for item in items:
        k = item[key]
        out.append((k["id"] if isinstance(k, dict) else k, *(item[f] for f in fields)))
    return out


def _status_distribution(entries: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    amounts = {s: sum(1 for e in entries if e[1] == s) for s in S}
    return [{"status": s.value, "amount": n} for s, n in amounts.items() if n]


def _score_distribution(entries: list[tuple[Any, ...]]) -> list[dict[str, int]]:
    buckets: dict[int, int] = {}
    for e in entries:
        if e[2]:
            b = min(100, max(10, (e[2] + 5) // 10 * 10))
            buckets[b] = buckets.get(b, 0) + 1
    return [{"score": b, "amount": n} for b, n in sorted(buckets.items())]


def _list_scores(entries: list[tuple[Any, ...]]) -> dict[str, int]:
    scored = [e[2] for e in entries if e[2] > 0]
    return {
        "meanScore": _mean_int(entries),
        "standardDeviation": _half_up(round(pystats.pstdev(scored), 2)),
    }


async def test_legacy_stats_are_derived_from_the_list(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    user_id = await _build(database)
    user = (await gql.data(STATS, {"id": user_id}))["User"]
    stats = user["stats"]
    counted = _counted(owner_view=False)

    assert stats["watchedTime"] == sum(map(_minutes, counted)) == 52 * 24 + 6 * 2
    assert stats["watchedTime"] == user["statistics"]["anime"]["minutesWatched"]
    assert stats["chaptersRead"] == 1100
    # PLANNING counts here (and only here), in MediaListStatus order.
    assert stats["animeStatusDistribution"] == _status_distribution(
        _counted(owner_view=False, with_planning=True)
    )
    assert [d["status"] for d in stats["animeStatusDistribution"]] == [
        "CURRENT",
        "PLANNING",
        "COMPLETED",
        "DROPPED",
    ]
    assert (
        stats["animeScoreDistribution"]
        == _score_distribution(counted)
        == [
            {"score": 40, "amount": 1},
            {"score": 70, "amount": 1},
            {"score": 90, "amount": 1},
        ]
    )
    # (85 + 70 + 42) / 3 = 65.67 -> 66 as an Int.
    assert stats["animeListScores"] == _list_scores(counted)
    assert stats["animeListScores"]["meanScore"] == 66
    assert stats["mangaStatusDistribution"] == [{"status": "CURRENT", "amount": 1}]
    assert stats["mangaScoreDistribution"] == [{"score": 80, "amount": 1}]
    assert stats["mangaListScores"] == {"meanScore": 80, "standardDeviation": 0}

    genres = _favoured(counted, lambda e: ANIME[e[0]]["genres"])
    got = _rows(stats["favouredGenres"], "genre", "amount", "meanScore", "timeWatched")
    assert got == genres
    assert [g[0] for g in genres] == ["Action", "Comedy", "Adventure", "Sci-Fi", "Sports"]
    assert stats["favouredGenresOverview"] == [
        {"genre": g, "amount": n} for g, n, _, _ in genres[:5]
    ]

    def check(field: str, key: str, keys: Callable[[Any], list[Any]], *fields: str) -> None:
        expected = [r[: 1 + len(fields)] for r in _favoured(counted, keys)]
        assert _rows(stats[field], key, *fields) == expected, field

    timed = ("amount", "meanScore", "timeWatched")
    check("favouredTags", "tag", lambda e: ANIME[e[0]]["tags"], *timed)
    check("favouredActors", "staff", lambda e: list(ANIME[e[0]]["vas"]), *timed)
    check("favouredStaff", "staff", lambda e: ANIME[e[0]]["staff"], *timed)
    check("favouredStudios", "studio", lambda e: ANIME[e[0]]["studios"], *timed)
    check("favouredYears", "year", lambda e: [ANIME[e[0]]["year"]], "amount", "meanScore")
    check("favouredFormats", "format", lambda e: [ANIME[e[0]]["format"]], "amount")
    assert [s["studio"]["name"] for s in stats["favouredStudios"]] == [
        "Sunrise",
        "Toei Animation",
    ]
    assert [t["tag"]["name"] for t in stats["favouredTags"]] == ["Space", "Tennis"]


async def test_private_entries_count_only_for_their_owner(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    user_id = await _build(database)
    query = """query ($id: Int) { User(id: $id) { stats { watchedTime
      animeStatusDistribution { status amount } animeListScores { meanScore }
      favouredYears { year } } } }"""

    def expected(owner_view: bool) -> dict[str, Any]:
        counted = _counted(owner_view)
        return {
            "watchedTime": sum(map(_minutes, counted)),
            "animeStatusDistribution": _status_distribution(_counted(owner_view, True)),
            "animeListScores": {"meanScore": _mean_int(counted)},
            "favouredYears": [
                {"year": y} for y, *_ in _favoured(counted, lambda e: [ANIME[e[0]]["year"]])
            ],
        }

    public = (await gql.data(query, {"id": user_id}))["User"]["stats"]
    assert public == expected(owner_view=False)
    assert 2020 not in [y["year"] for y in public["favouredYears"]]  # 901 is private

    token = await _token(gql, database, user_id)
    status, body = await gql(query, {"id": user_id}, Authorization=f"Bearer {token}")
    assert status == 200, body
    owner = body["data"]["User"]["stats"]
    assert owner == expected(owner_view=True)
    # The private entry: 3 episodes of 25 minutes, CURRENT, scored 100.
    assert owner["watchedTime"] == public["watchedTime"] + 75
    assert owner["animeListScores"]["meanScore"] > public["animeListScores"]["meanScore"]


async def test_overview_is_the_top_genres_by_count(gql: GraphQLClient, database: Database) -> None:
    # Genre G<i> is on i + 1 of the seven media: counts 1..7, so the overview is G6..G2.
    names = [f"G{i}" for i in range(7)]
    async with database.session() as s:
        user = await make_user(s)
        for n in range(7):
            media = await make_media(s, episodes=1, duration=10)
            s.add_all(
                MediaGenre(media_id=media.id, genre=g, position=i) for i, g in enumerate(names[n:])
            )
            s.add(
                ListEntry(
                    user_id=user.id,
                    media_id=media.id,
                    media_type=MediaType.ANIME,
                    status=S.COMPLETED,
                    progress=1,
                )
            )
        await recount_list_totals(s)
    query = """query ($id: Int) { User(id: $id) { stats {
      favouredGenresOverview { genre amount timeWatched } favouredGenres { genre amount } } } }"""
    stats = (await gql.data(query, {"id": user.id}))["User"]["stats"]
    amounts = [(g, i + 1) for i, g in enumerate(names)][::-1]
    assert [(g["genre"], g["amount"]) for g in stats["favouredGenres"]] == amounts
    assert stats["favouredGenresOverview"] == [
        {"genre": g, "amount": n, "timeWatched": 10 * n} for g, n in amounts[:5]
    ]


async def test_activity_history_counts_own_activity_per_utc_day(
    gql: GraphQLClient, database: Database
) -> None:
    now = int(time.time())
    today = now - now % DAY

    def at(days_ago: int, hour: int) -> int:
        return today - days_ago * DAY + hour * 3600

    async with database.session() as s:
        user = await make_user(s)
        other = await make_user(s)

        def add(kind: ActivityType, created_at: int, **kw: Any) -> None:
            kw.setdefault("user_id", user.id)
            s.add(Activity(type=kind, created_at=created_at, text="x", **kw))

        for hour in (0, 5, 12, 23):  # busiest day: 4
            add(ActivityType.TEXT if hour % 2 else ActivityType.ANIME_LIST, at(3, hour))
        add(ActivityType.TEXT, at(10, 1))
        add(ActivityType.MANGA_LIST, at(10, 22))
        add(ActivityType.TEXT, at(100, 9))
        add(ActivityType.TEXT, at(300, 9))  # outside the six-month window
        # Messages: received (lives on the user's profile) and sent; neither is "own" activity.
        add(ActivityType.MESSAGE, at(3, 1), messenger_id=other.id)
        add(ActivityType.MESSAGE, at(3, 2), user_id=other.id, messenger_id=user.id)
        add(ActivityType.TEXT, at(3, 4), user_id=other.id)  # someone else's
    query = """query ($id: Int) { User(id: $id) { stats {
      activityHistory { date amount level } } } }"""
    history = (await gql.data(query, {"id": user.id}))["User"]["stats"]["activityHistory"]
    busiest = 4
    expected = [(100, 1), (10, 2), (3, 4)]
    assert history == [
        {"date": today - d * DAY, "amount": n, "level": math.ceil(10 * n / busiest)}
        for d, n in expected
    ]
    assert [h["level"] for h in history] == [3, 5, 10]
    assert all(h["date"] % DAY == 0 for h in history)


def test_history_window_and_levels() -> None:
    now = 1_700_000_123
    start = window_start(now)
    assert start % DAY == 0 and (now - start) // DAY == 26 * 7 - 1
    assert [level(n, 7) for n in (1, 3, 7)] == [2, 5, 10]
    assert level(1, 1000) == 1  # any active day is visible
    assert level(0, 5) == 0


async def test_user_without_anything_has_empty_legacy_stats(
    gql: GraphQLClient, database: Database
) -> None:
    async with database.session() as s:
        user = await make_user(s)
    query = """query ($id: Int) { User(id: $id) { stats { watchedTime chaptersRead
      activityHistory { date } animeStatusDistribution { status }
      animeScoreDistribution { score } animeListScores { meanScore standardDeviation }
      favouredGenres { genre } favouredFormats { format } } } }"""
    stats = (await gql.data(query, {"id": user.id}))["User"]["stats"]
    assert stats == {
        "watchedTime": 0,
        "chaptersRead": 0,
        "activityHistory": [],
        "animeStatusDistribution": [],
        "animeScoreDistribution": [],
        "animeListScores": {"meanScore": 0, "standardDeviation": 0},
        "favouredGenres": [],
        "favouredFormats": [],
    }


BUDGET = """query ($n: Int) { Page(perPage: $n) { users {
  stats { watchedTime favouredGenres { genre } activityHistory { date } } } } }"""


async def test_page_of_legacy_stats_runs_a_fixed_number_of_statements(
    gql: GraphQLClient, catalogue: Catalogue, database: Database, sql_counter: Callable[..., Any]
) -> None:
    now = int(time.time())
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
            s.add_all(
                Activity(
                    type=ActivityType.TEXT, user_id=user.id, text="x", created_at=now - d * DAY
                )
                for d in range(i % 3 + 1)
            )
        await recount_list_totals(s)
    counts = []
    for per_page in (1, 5, 20):
        with sql_counter() as counted:
            body = await gql.data(BUDGET, {"n": per_page})
        users = body["Page"]["users"]
        assert len(users) == per_page
        assert all(u["stats"]["activityHistory"] for u in users)
        counts.append(counted.count)
    print(f"\nPage.users stats: {counts} statements")
    assert len(set(counts)) == 1, counts
    # Page + its total, totals, genre breakdown, activity history.
    assert counts[0] <= 5, counts
