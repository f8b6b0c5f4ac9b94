"""Every Query root field and every Page field on the synthetic tiny tier, on both backends.

The tier is seeded once per backend (module scope; the tests only read). Each test picks
its subject with SQL, asks the API over HTTP, and checks the answer against the seeded rows
read independently with SQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.dialects.anilist_graphql.tiny_tier import (
    Template,
    TinyWorld,
    migrated_template,
    seeded_world,
)


@pytest.fixture(scope="module")
def _tiny_template(backend: str, request: pytest.FixtureRequest) -> Template:
    return migrated_template(backend, request)


@pytest.fixture(scope="module")
async def tiny(
    _tiny_template: Template, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[TinyWorld]:
    """The tiny tier seeded once per backend, shared by every (read-only) test here."""
    data_dir: Path = tmp_path_factory.mktemp("tiny-tier")
    async with seeded_world(_tiny_template, data_dir) as world:
        yield world


def _ids(items: list[dict[str, Any]]) -> list[int]:
    return [item["id"] for item in items]


# --- catalogue: Page.media, Media, GenreCollection, MediaTagCollection ---------------------------


async def test_page_media_by_popularity_is_the_sql_top_anime(tiny: TinyWorld) -> None:
    data = await tiny.data(
        "{ Page(perPage: 25) { pageInfo { total hasNextPage }"
        " media(type: ANIME, sort: [POPULARITY_DESC]) { id popularity } } }"
    )
    expected = await tiny.rows(
        "SELECT m.id, count(e.id) AS n FROM media m LEFT JOIN list_entries e ON e.media_id = m.id"
        " WHERE m.type = 'ANIME' GROUP BY m.id ORDER BY n DESC, m.id LIMIT 25"
    )
    page = data["Page"]
    assert [(m["id"], m["popularity"]) for m in page["media"]] == expected
    anime = await tiny.value("SELECT count(*) FROM media WHERE type = 'ANIME'")
    assert page["pageInfo"] == {"total": anime, "hasNextPage": anime > 25}


async def test_page_media_season_and_format_filters_select_what_sql_selects(
    tiny: TinyWorld,
) -> None:
    season, year = await tiny.row(
        "SELECT season, season_year FROM media WHERE type = 'ANIME' AND season IS NOT NULL"
        " GROUP BY season, season_year ORDER BY count(*) DESC, season_year DESC, season LIMIT 1"
    )
    formats = await tiny.column(
        "SELECT format FROM media WHERE type = 'ANIME' GROUP BY format"
        " ORDER BY count(*) DESC, format LIMIT 2"
    )
    data = await tiny.data(
        "query ($s: MediaSeason, $y: Int, $f: [MediaFormat]) { Page { pageInfo { total }"
        " media(season: $s, seasonYear: $y, format_in: $f, sort: [ID]) { id season format } } }",
        {"s": season, "y": year, "f": formats},
    )
    expected = await tiny.column(
        "SELECT id FROM media WHERE season = :s AND season_year = :y AND format IN (:f1, :f2)"
        " ORDER BY id",
        s=season,
        y=year,
        f1=formats[0],
        f2=formats[1],
    )
    assert expected, "the tiny tier should have anime in its busiest season"
    assert _ids(data["Page"]["media"]) == expected[:50]
    assert data["Page"]["pageInfo"]["total"] == len(expected)
    assert {(m["season"], m["format"] in formats) for m in data["Page"]["media"]} == {
        (season, True)
    }


async def test_page_media_genre_in_needs_every_genre_and_genre_not_in_excludes(
    tiny: TinyWorld,
) -> None:
    first, second, third = await tiny.column(
        "SELECT genre FROM media_genres GROUP BY genre ORDER BY count(*) DESC, genre LIMIT 3"
    )
    data = await tiny.data(
        "query ($in: [String], $out: [String]) { Page { pageInfo { total }"
        " media(genre_in: $in, genre_not_in: $out, sort: [ID]) { id genres } } }",
        {"in": [first, second], "out": [third]},
    )
    expected = await tiny.column(
        "SELECT m.id FROM media m"
        " WHERE EXISTS (SELECT 1 FROM media_genres g WHERE g.media_id = m.id AND g.genre = :a)"
        " AND EXISTS (SELECT 1 FROM media_genres g WHERE g.media_id = m.id AND g.genre = :b)"
        " AND NOT EXISTS (SELECT 1 FROM media_genres g WHERE g.media_id = m.id AND g.genre = :c)"
        " ORDER BY m.id",
        a=first,
        b=second,
        c=third,
    )
    assert expected
    assert _ids(data["Page"]["media"]) == expected[:50]
    assert data["Page"]["pageInfo"]["total"] == len(expected)
    for media in data["Page"]["media"]:
        assert {first, second} <= set(media["genres"]) and third not in media["genres"]


async def test_page_media_tag_rank_and_score_filters_sorted_by_score(tiny: TinyWorld) -> None:
    tag = await tiny.value(
        "SELECT t.name FROM media_tag_links l JOIN media_tags t ON t.id = l.tag_id"
        " WHERE l.rank >= 60 GROUP BY t.name ORDER BY count(*) DESC, t.name LIMIT 1"
    )
    data = await tiny.data(
        "query ($t: [String]) { Page(perPage: 20) { pageInfo { total }"
        " media(tag_in: $t, minimumTagRank: 60, averageScore_greater: 60, sort: [SCORE_DESC])"
        " { id averageScore } } }",
        {"t": [tag]},
    )
    expected = await tiny.rows(
        "SELECT m.id, m.average_score FROM media m WHERE m.average_score > 60 AND EXISTS ("
        " SELECT 1 FROM media_tag_links l JOIN media_tags t ON t.id = l.tag_id"
        " WHERE l.media_id = m.id AND t.name = :t AND l.rank >= 60)"
        " ORDER BY m.average_score DESC, m.id",
        t=tag,
    )
    assert expected
    assert [(m["id"], m["averageScore"]) for m in data["Page"]["media"]] == expected[:20]
    assert data["Page"]["pageInfo"]["total"] == len(expected)


async def test_page_media_trending_sort_follows_the_trend_rows(tiny: TinyWorld) -> None:
    data = await tiny.data("{ Page(perPage: 10) { media(sort: [TRENDING_DESC]) { id trending } } }")
    # A media's trending is its newest day's trend row (0 without one).
    expected = await tiny.rows(
        "SELECT m.id, COALESCE(t.trending, 0) AS trending FROM media m"
        " LEFT JOIN media_trends t ON t.media_id = m.id"
        " AND t.date = (SELECT max(date) FROM media_trends)"
        " ORDER BY trending DESC, m.id LIMIT 10"
    )
    assert [(m["id"], m["trending"]) for m in data["Page"]["media"]] == expected
    assert expected[0][1] > 0


async def test_page_media_search_finds_a_title_and_on_list_is_the_viewers_list(
    tiny: TinyWorld,
) -> None:
    media_id, title = await tiny.row(
        "SELECT id, title_romaji FROM media WHERE type = 'MANGA'"
        " ORDER BY popularity DESC, id LIMIT 1"
    )
    data = await tiny.data(
        "query ($q: String) { Page { media(search: $q, type: MANGA) { id type } } }", {"q": title}
    )
    assert media_id in _ids(data["Page"]["media"])
    assert {m["type"] for m in data["Page"]["media"]} == {"MANGA"}

    # A mid-sized list, so that both answers are big; a viewer who hides adult content
    # gets adult media hidden from Page.media.
    user_id, adult = await tiny.row(
        "SELECT u.id, u.display_adult_content FROM users u JOIN list_entries e ON e.user_id = u.id"
        " WHERE e.media_type = 'ANIME' GROUP BY u.id, u.display_adult_content"
        " HAVING count(*) BETWEEN 60 AND 200 ORDER BY count(*) DESC, u.id LIMIT 1"
    )
    on_list = "{ Page(perPage: 5) { pageInfo { total } media(type: ANIME, onList: %s) { id } } }"
    headers = await tiny.bearer(user_id)
    listed = await tiny.data(on_list % "true", headers=headers)
    unlisted = await tiny.data(on_list % "false", headers=headers)
    shown = "m.type = 'ANIME'" + ("" if adult else " AND m.is_adult = false")
    mine = set(
        await tiny.column(
            f"SELECT m.id FROM media m WHERE {shown} AND EXISTS"
            " (SELECT 1 FROM list_entries e WHERE e.user_id = :u AND e.media_id = m.id)",
            u=user_id,
        )
    )
    anime = await tiny.value(f"SELECT count(*) FROM media m WHERE {shown}")
    assert len(mine) >= 60
    assert listed["Page"]["pageInfo"]["total"] == len(mine)
    assert set(_ids(listed["Page"]["media"])) <= mine
    assert unlisted["Page"]["pageInfo"]["total"] == anime - len(mine)
    assert not set(_ids(unlisted["Page"]["media"])) & mine


async def test_media_root_answers_the_seeded_row(tiny: TinyWorld) -> None:
    media_id = await tiny.value(
        "SELECT media_id FROM media_external_links GROUP BY media_id"
        " ORDER BY count(*) DESC, media_id LIMIT 1"
    )
    data = await tiny.data(
        "query ($id: Int) { Media(id: $id) { id type format status title { romaji }"
        " popularity averageScore genres externalLinks { site url siteId type } } }",
        {"id": media_id},
    )
    row = await tiny.row(
        "SELECT type, format, status, title_romaji, average_score FROM media WHERE id = :id",
        id=media_id,
    )
    media = data["Media"]
    assert (media["type"], media["format"], media["status"], media["title"]["romaji"]) == row[:4]
    assert media["averageScore"] == row[4]
    assert media["popularity"] == await tiny.value(
        "SELECT count(*) FROM list_entries WHERE media_id = :id", id=media_id
    )
    assert media["genres"] == await tiny.column(
        "SELECT genre FROM media_genres WHERE media_id = :id ORDER BY position", id=media_id
    )
    links = await tiny.rows(
        "SELECT site, url, site_id, type FROM media_external_links WHERE media_id = :id"
        " ORDER BY id",
        id=media_id,
    )
    assert [(li["site"], li["url"], li["siteId"], li["type"]) for li in media["externalLinks"]] == (
        links
    )

    top_manga = await tiny.value(
        "SELECT id FROM media WHERE type = 'MANGA' ORDER BY popularity DESC, id LIMIT 1"
    )
    data = await tiny.data("{ Media(type: MANGA, sort: [POPULARITY_DESC]) { id } }")
    assert data["Media"] == {"id": top_manga}
    assert await tiny.status("{ Media(id: -1) { id } }") == 404


async def test_genre_and_tag_collections_are_the_catalogues(tiny: TinyWorld) -> None:
    data = await tiny.data("{ GenreCollection MediaTagCollection { id name category } }")
    assert data["GenreCollection"] == await tiny.column(
        "SELECT DISTINCT genre FROM media_genres ORDER BY genre"
    )
    tags = await tiny.rows("SELECT id, name, category FROM media_tags ORDER BY category, name")
    assert [(t["id"], t["name"], t["category"]) for t in data["MediaTagCollection"]] == tags


# --- trends and airing ------------------------------------------------------------------------


async def test_media_trend_root_is_the_newest_day_of_a_media(tiny: TinyWorld) -> None:
    media_id = await tiny.value(
        "SELECT media_id FROM media_trends WHERE releasing = true"
        " ORDER BY date DESC, trending DESC, media_id LIMIT 1"
    )
    data = await tiny.data(
        "query ($m: Int) { MediaTrend(mediaId: $m, sort: [DATE_DESC]) { mediaId date trending"
        " averageScore popularity inProgress releasing episode media { id } } }",
        {"m": media_id},
    )
    row = await tiny.row(
        "SELECT media_id, date, trending, average_score, popularity, in_progress, episode"
        " FROM media_trends WHERE media_id = :m ORDER BY date DESC LIMIT 1",
        m=media_id,
    )
    trend = data["MediaTrend"]
    keys = ("mediaId", "date", "trending", "averageScore", "popularity", "inProgress", "episode")
    assert tuple(trend[k] for k in keys) == row
    assert trend["releasing"] is True and trend["media"] == {"id": media_id}
    assert await tiny.status("{ MediaTrend(mediaId: -1) { date } }") == 404


async def test_page_media_trends_of_one_day_by_trending(tiny: TinyWorld) -> None:
    day = await tiny.value("SELECT max(date) FROM media_trends")
    data = await tiny.data(
        "query ($d: Int) { Page(perPage: 10) { pageInfo { total }"
        " mediaTrends(date: $d, releasing: true, sort: [TRENDING_DESC]) { mediaId trending } } }",
        {"d": day},
    )
    expected = await tiny.rows(
        "SELECT media_id, trending FROM media_trends WHERE date = :d AND releasing = true"
        " ORDER BY trending DESC, id",
        d=day,
    )
    assert expected
    page = data["Page"]
    assert [(t["mediaId"], t["trending"]) for t in page["mediaTrends"]] == expected[:10]
    assert page["pageInfo"]["total"] == len(expected)


async def test_airing_schedule_root_and_page_window(tiny: TinyWorld) -> None:
    media_id, episode, airing_at = await tiny.row(
        "SELECT media_id, episode, airing_at FROM airing_schedules"
        " ORDER BY airing_at DESC, id LIMIT 1"
    )
    data = await tiny.data(
        "query ($m: Int, $e: Int) { AiringSchedule(mediaId: $m, episode: $e)"
        " { mediaId episode airingAt media { id } } }",
        {"m": media_id, "e": episode},
    )
    assert data["AiringSchedule"] == {
        "mediaId": media_id,
        "episode": episode,
        "airingAt": airing_at,
        "media": {"id": media_id},
    }

    start = await tiny.value("SELECT min(airing_at) FROM airing_schedules")
    end = start + 21 * 86_400
    data = await tiny.data(
        "query ($a: Int, $b: Int) { Page { pageInfo { total }"
        " airingSchedules(airingAt_greater: $a, airingAt_lesser: $b, sort: [TIME])"
        " { id airingAt } } }",
        {"a": start, "b": end},
    )
    expected = await tiny.rows(
        "SELECT id, airing_at FROM airing_schedules WHERE airing_at > :a AND airing_at < :b"
        " ORDER BY airing_at, id",
        a=start,
        b=end,
    )
    assert expected
    page = data["Page"]
    assert [(s["id"], s["airingAt"]) for s in page["airingSchedules"]] == expected[:50]
    assert page["pageInfo"]["total"] == len(expected)


# --- people: Character, Staff, Studio and their Page fields -----------------------------------

_PEOPLE = (  # (root, Page field, table, name column, name selection)
    ("Character", "characters", "characters", "name_full", "name { full }"),
    ("Staff", "staff", "staff", "name_full", "name { full }"),
    ("Studio", "studios", "studios", "name", "name"),
)


def _name(item: dict[str, Any]) -> str:
    name = item["name"]
    return name["full"] if isinstance(name, dict) else name


@pytest.mark.parametrize(("root", "field", "table", "column", "name"), _PEOPLE)
async def test_people_by_favourites_and_by_search(
    tiny: TinyWorld, root: str, field: str, table: str, column: str, name: str
) -> None:
    key = {"characters": "character_id", "staff": "staff_id", "studios": "studio_id"}[table]
    expected = await tiny.rows(
        f"SELECT t.id, t.{column}, (SELECT count(*) FROM favourites f WHERE f.{key} = t.id) AS n"
        f" FROM {table} t ORDER BY n DESC, t.id LIMIT 10"
    )
    assert expected[0][2] > 0, f"the tiny tier should have favourite {table}"
    data = await tiny.data(
        f"{{ Page(perPage: 10) {{ pageInfo {{ total }}"
        f" {field}(sort: [FAVOURITES_DESC]) {{ id {name} favourites }} }} }}"
    )
    page = data["Page"]
    assert [(p["id"], _name(p), p["favourites"]) for p in page[field]] == expected
    assert page["pageInfo"]["total"] == await tiny.value(f"SELECT count(*) FROM {table}")

    top_id, top_name, _ = expected[0]
    data = await tiny.data(
        f"query ($id: Int) {{ {root}(id: $id) {{ id {name} }} }}", {"id": top_id}
    )
    assert (data[root]["id"], _name(data[root])) == (top_id, top_name)
    data = await tiny.data(
        f"query ($q: String) {{ Page {{ {field}(search: $q) {{ id {name} }} }} }}", {"q": top_name}
    )
    assert top_id in _ids(data["Page"][field])
    data = await tiny.data(
        f"query ($q: String) {{ {root}(search: $q) {{ id {name} }} }}", {"q": top_name}
    )
    assert _name(data[root]) == top_name  # the best match is the exact name


async def test_studio_media_are_its_seeded_productions(tiny: TinyWorld) -> None:
    studio_id = await tiny.value(
        "SELECT studio_id FROM media_studios GROUP BY studio_id ORDER BY count(*) DESC, studio_id"
        " LIMIT 1"
    )
    data = await tiny.data(
        "query ($id: Int) { Studio(id: $id) { media(perPage: 25) { pageInfo { total }"
        " nodes { id } } } }",
        {"id": studio_id},
    )
    expected = set(
        await tiny.column("SELECT media_id FROM media_studios WHERE studio_id = :s", s=studio_id)
    )
    media = data["Studio"]["media"]
    assert media["pageInfo"]["total"] == len(expected)
    assert set(_ids(media["nodes"])) <= expected and len(media["nodes"]) == min(25, len(expected))


# --- lists: MediaList, Page.mediaList, MediaListCollection -------------------------------------

_PRIVATE_LIST_OWNER = (
    "SELECT user_id FROM list_entries WHERE private = true AND media_type = 'ANIME'"
    " GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1"
)


async def test_media_list_root_answers_public_entries_and_hides_private_ones(
    tiny: TinyWorld,
) -> None:
    user_id = await tiny.value(_PRIVATE_LIST_OWNER)
    entry = await tiny.row(
        "SELECT id, media_id, status, progress, score FROM list_entries"
        " WHERE user_id = :u AND private = false ORDER BY score DESC, id LIMIT 1",
        u=user_id,
    )
    data = await tiny.data(
        "query ($u: Int, $m: Int) { MediaList(userId: $u, mediaId: $m)"
        " { id mediaId status progress score(format: POINT_100) userId } }",
        {"u": user_id, "m": entry[1]},
    )
    found = data["MediaList"]
    assert (found["id"], found["mediaId"], found["status"], found["progress"]) == entry[:4]
    assert (found["score"], found["userId"]) == (entry[4], user_id)

    hidden = await tiny.value(
        "SELECT id FROM list_entries WHERE user_id = :u AND private = true ORDER BY id LIMIT 1",
        u=user_id,
    )
    query = "query ($id: Int) { MediaList(id: $id) { id private } }"
    assert await tiny.status(query, {"id": hidden}) == 404
    own = await tiny.data(query, {"id": hidden}, headers=await tiny.bearer(user_id))
    assert own["MediaList"] == {"id": hidden, "private": True}


async def test_page_media_list_filters_and_sorts_a_users_entries(tiny: TinyWorld) -> None:
    user_id = await tiny.value(_PRIVATE_LIST_OWNER)
    data = await tiny.data(
        "query ($u: Int) { Page(perPage: 20) { pageInfo { total } mediaList(userId: $u,"
        " type: ANIME, status_in: [COMPLETED, REPEATING], sort: [SCORE_DESC])"
        " { id status score(format: POINT_100) } } }",
        {"u": user_id},
    )
    expected = await tiny.rows(
        "SELECT id, status, score FROM list_entries WHERE user_id = :u AND media_type = 'ANIME'"
        " AND status IN ('COMPLETED', 'REPEATING') AND private = false ORDER BY score DESC, id",
        u=user_id,
    )
    assert expected
    page = data["Page"]
    assert [(e["id"], e["status"], e["score"]) for e in page["mediaList"]] == expected[:20]
    assert page["pageInfo"]["total"] == len(expected)


_COLLECTION = """query ($u: Int) {
  MediaListCollection(userId: $u, type: ANIME, forceSingleCompletedList: true) {
    user { id }
    lists { name isCustomList status entries { id status private hiddenFromStatusLists } }
  }
}"""


async def _expected_groups(
    tiny: TinyWorld, user_id: int, *, with_private: bool
) -> tuple[Counter[str], Counter[str]]:
    visible = "" if with_private else " AND e.private = false"
    statuses = await tiny.column(
        "SELECT e.status FROM list_entries e WHERE e.user_id = :u AND e.media_type = 'ANIME'"
        f" AND e.hidden_from_status_lists = false{visible}",
        u=user_id,
    )
    customs = await tiny.column(
        "SELECT c.list_name FROM list_entry_custom_lists c JOIN list_entries e ON e.id = c.entry_id"
        f" WHERE e.user_id = :u AND e.media_type = 'ANIME'{visible}",
        u=user_id,
    )
    return Counter(statuses), Counter(customs)


def _groups(collection: dict[str, Any]) -> tuple[Counter[str], Counter[str]]:
    statuses: Counter[str] = Counter()
    customs: Counter[str] = Counter()
    for group in collection["lists"]:
        if group["isCustomList"]:
            customs[group["name"]] += len(group["entries"])
        else:
            assert {e["status"] for e in group["entries"]} == {group["status"]}
            assert not any(e["hiddenFromStatusLists"] for e in group["entries"])
            statuses[group["status"]] += len(group["entries"])
    return statuses, customs


async def test_media_list_collection_groups_as_sql_counts_respecting_private_entries(
    tiny: TinyWorld,
) -> None:
    user_id = await tiny.value(
        "SELECT e.user_id FROM list_entries e JOIN list_entry_custom_lists c ON c.entry_id = e.id"
        " WHERE e.media_type = 'ANIME' AND EXISTS (SELECT 1 FROM list_entries p"
        "  WHERE p.user_id = e.user_id AND p.private = true AND p.media_type = 'ANIME')"
        " GROUP BY e.user_id ORDER BY count(*) DESC, e.user_id LIMIT 1"
    )
    anonymous = (await tiny.data(_COLLECTION, {"u": user_id}))["MediaListCollection"]
    assert anonymous["user"] == {"id": user_id}
    expected = await _expected_groups(tiny, user_id, with_private=False)
    assert _groups(anonymous) == expected
    assert expected[1], "the subject should have custom lists"
    assert not any(e["private"] for g in anonymous["lists"] for e in g["entries"])

    own = await tiny.data(_COLLECTION, {"u": user_id}, headers=await tiny.bearer(user_id))
    with_private = await _expected_groups(tiny, user_id, with_private=True)
    assert _groups(own["MediaListCollection"]) == with_private
    assert sum(with_private[0].values()) > sum(expected[0].values())


# --- users: User, Page.users, Viewer, AniChartUser, Following/Follower -------------------------


async def test_user_root_and_page_users(tiny: TinyWorld) -> None:
    user_id, name = await tiny.row(
        "SELECT id, name FROM users ORDER BY created_at DESC, id LIMIT 1"
    )
    by_id = await tiny.data("query ($id: Int) { User(id: $id) { id name } }", {"id": user_id})
    assert by_id["User"] == {"id": user_id, "name": name}
    by_name = await tiny.data("query ($n: String) { User(name: $n) { id } }", {"n": name.upper()})
    assert by_name["User"] == {"id": user_id}

    data = await tiny.data(
        "{ Page(perPage: 30) { pageInfo { total lastPage } users(sort: [USERNAME]) { id name } } }"
    )
    expected = await tiny.rows(
        "SELECT id, name FROM users WHERE is_active = true ORDER BY name_lower, id"
    )
    page = data["Page"]
    assert [(u["id"], u["name"]) for u in page["users"]] == expected[:30]
    assert page["pageInfo"] == {"total": len(expected), "lastPage": -(-len(expected) // 30)}
    found = await tiny.data("query ($q: String) { Page { users(search: $q) { id } } }", {"q": name})
    assert user_id in _ids(found["Page"]["users"])


async def test_viewer_and_anichart_user_are_the_token_owner(tiny: TinyWorld) -> None:
    user_id, name = await tiny.row(
        "SELECT u.id, u.name FROM users u JOIN notifications n ON n.user_id = u.id"
        " WHERE n.is_read = false GROUP BY u.id, u.name ORDER BY count(*) DESC, u.id LIMIT 1"
    )
    headers = await tiny.bearer(user_id)
    data = await tiny.data(
        "{ Viewer { id name unreadNotificationCount } AniChartUser { user { id name } } }",
        headers=headers,
    )
    unread = await tiny.value(
        "SELECT count(*) FROM notifications WHERE user_id = :u AND is_read = false", u=user_id
    )
    assert data["Viewer"] == {"id": user_id, "name": name, "unreadNotificationCount": unread}
    assert data["AniChartUser"] == {"user": {"id": user_id, "name": name}}
    assert await tiny.status("{ Viewer { id } }") == 401
    assert await tiny.status("{ AniChartUser { user { id } } }") == 401


_MOST_FOLLOWED = (
    "SELECT followed_id FROM follows GROUP BY followed_id ORDER BY count(*) DESC, followed_id"
    " LIMIT 1"
)
_MOST_FOLLOWING = (
    "SELECT follower_id FROM follows GROUP BY follower_id ORDER BY count(*) DESC, follower_id"
    " LIMIT 1"
)


async def test_followers_are_the_sql_follower_set(tiny: TinyWorld) -> None:
    user_id = await tiny.value(_MOST_FOLLOWED)
    expected = await tiny.column(
        "SELECT u.id FROM follows f JOIN users u ON u.id = f.follower_id"
        " WHERE f.followed_id = :u AND u.is_active = true ORDER BY u.id",
        u=user_id,
    )
    data = await tiny.data(
        "query ($u: Int!) { Follower(userId: $u) { id }"
        " Page(perPage: 50) { pageInfo { total } followers(userId: $u) { id } } }",
        {"u": user_id},
    )
    assert len(expected) > 1
    assert data["Follower"] == {"id": expected[0]}
    assert _ids(data["Page"]["followers"]) == expected[:50]
    assert data["Page"]["pageInfo"]["total"] == len(expected)


async def test_following_is_the_sql_followed_set_in_username_order(tiny: TinyWorld) -> None:
    user_id = await tiny.value(_MOST_FOLLOWING)
    expected = await tiny.column(
        "SELECT u.id FROM follows f JOIN users u ON u.id = f.followed_id"
        " WHERE f.follower_id = :u AND u.is_active = true ORDER BY u.name_lower, u.id",
        u=user_id,
    )
    data = await tiny.data(
        "query ($u: Int!) { Following(userId: $u, sort: [USERNAME]) { id }"
        " Page(perPage: 50) { pageInfo { total }"
        " following(userId: $u, sort: [USERNAME]) { id } } }",
        {"u": user_id},
    )
    assert len(expected) > 1
    assert data["Following"] == {"id": expected[0]}
    assert _ids(data["Page"]["following"]) == expected[:50]
    assert data["Page"]["pageInfo"]["total"] == len(expected)


# --- notifications ----------------------------------------------------------------------------

_NOTIFICATION_TYPES = {
    "ACTIVITY_LIKE": "ActivityLikeNotification",
    "ACTIVITY_MESSAGE": "ActivityMessageNotification",
    "ACTIVITY_REPLY": "ActivityReplyNotification",
    "AIRING": "AiringNotification",
    "FOLLOWING": "FollowingNotification",
    "THREAD_COMMENT_REPLY": "ThreadCommentReplyNotification",
}
_NOTIFICATION = "__typename " + " ".join(
    f"... on {name} {{ id type }}" for name in _NOTIFICATION_TYPES.values()
)


async def test_notifications_are_the_viewers_own_newest_first(tiny: TinyWorld) -> None:
    user_id = await tiny.value(
        "SELECT user_id FROM notifications GROUP BY user_id ORDER BY count(DISTINCT type) DESC,"
        " count(*) DESC, user_id LIMIT 1"
    )
    kinds = await tiny.column(
        "SELECT type FROM notifications WHERE user_id = :u GROUP BY type"
        " ORDER BY count(*) DESC, type LIMIT 2",
        u=user_id,
    )
    assert set(kinds) <= set(_NOTIFICATION_TYPES) and len(kinds) == 2
    headers = await tiny.bearer(user_id)
    data = await tiny.data(
        f"query ($t: [NotificationType]) {{ Page(perPage: 25) {{ pageInfo {{ total }}"
        f" notifications(type_in: $t) {{ {_NOTIFICATION} }} }} }}",
        {"t": kinds},
        headers=headers,
    )
    expected = await tiny.rows(
        "SELECT id, type FROM notifications WHERE user_id = :u AND type IN (:a, :b)"
        " ORDER BY id DESC",
        u=user_id,
        a=kinds[0],
        b=kinds[1],
    )
    page = data["Page"]
    assert [(n["id"], n["type"]) for n in page["notifications"]] == expected[:25]
    assert {n["__typename"] for n in page["notifications"]} == {
        _NOTIFICATION_TYPES[k] for _, k in expected[:25]
    }
    assert page["pageInfo"]["total"] == len(expected)

    newest = await tiny.row(
        "SELECT id, type FROM notifications WHERE user_id = :u AND type = :t"
        " ORDER BY id DESC LIMIT 1",
        u=user_id,
        t=kinds[1],
    )
    single = await tiny.data(
        f"query ($t: NotificationType) {{ Notification(type: $t) {{ {_NOTIFICATION} }} }}",
        {"t": kinds[1]},
        headers=headers,
    )
    assert (single["Notification"]["id"], single["Notification"]["type"]) == newest
    assert await tiny.status("{ Page { notifications { __typename } } }") == 401
    assert await tiny.status("{ Notification { __typename } }") == 401


# --- social: Activity, ActivityReply, Like and their Page fields -------------------------------

_ACTIVITY = (
    "__typename ... on TextActivity { id userId replyCount likeCount }"
    " ... on ListActivity { id userId replyCount likeCount }"
    " ... on MessageActivity { id recipientId messengerId isPrivate }"
)


async def test_activities_of_a_user_newest_first_with_counts_from_rows(tiny: TinyWorld) -> None:
    user_id = await tiny.value(
        "SELECT user_id FROM activities WHERE type <> 'MESSAGE' GROUP BY user_id"
        " ORDER BY count(*) DESC, user_id LIMIT 1"
    )
    expected = await tiny.rows(
        "SELECT a.id, (SELECT count(*) FROM activity_replies r WHERE r.activity_id = a.id),"
        " (SELECT count(*) FROM likes l WHERE l.likeable_type = 'ACTIVITY'"
        "  AND l.likeable_id = a.id)"
        " FROM activities a WHERE a.user_id = :u AND a.type <> 'MESSAGE' ORDER BY a.id DESC",
        u=user_id,
    )
    data = await tiny.data(
        f"query ($u: Int) {{ Activity(userId: $u, type_not: MESSAGE) {{ {_ACTIVITY} }}"
        f" Page(perPage: 20) {{ pageInfo {{ total }}"
        f" activities(userId: $u, type_not: MESSAGE) {{ {_ACTIVITY} }} }} }}",
        {"u": user_id},
    )
    assert data["Activity"]["id"] == expected[0][0]
    page = data["Page"]
    assert [(a["id"], a["replyCount"], a["likeCount"]) for a in page["activities"]] == (
        expected[:20]
    )
    assert {a["userId"] for a in page["activities"]} == {user_id}
    assert page["pageInfo"]["total"] == len(expected)


async def test_private_messages_show_to_their_messenger_only(tiny: TinyWorld) -> None:
    messenger = await tiny.value(
        "SELECT messenger_id FROM activities WHERE type = 'MESSAGE' AND is_private = true"
        " ORDER BY id LIMIT 1"
    )
    query = (
        f"{{ Page {{ pageInfo {{ total }} activities(type: MESSAGE, sort: [ID])"
        f" {{ {_ACTIVITY} }} }} }}"
    )
    public = await tiny.column(
        "SELECT id FROM activities WHERE type = 'MESSAGE' AND is_private = false ORDER BY id"
    )
    mine = await tiny.column(
        "SELECT id FROM activities WHERE type = 'MESSAGE' AND (is_private = false"
        " OR messenger_id = :m OR user_id = :m) ORDER BY id",
        m=messenger,
    )
    anonymous = (await tiny.data(query))["Page"]
    assert _ids(anonymous["activities"]) == public[:50]
    assert anonymous["pageInfo"]["total"] == len(public)
    own = (await tiny.data(query, headers=await tiny.bearer(messenger)))["Page"]
    assert _ids(own["activities"]) == mine[:50]
    assert len(mine) > len(public)


async def test_activity_replies_oldest_first(tiny: TinyWorld) -> None:
    activity_id = await tiny.value(
        "SELECT r.activity_id FROM activity_replies r JOIN activities a ON a.id = r.activity_id"
        " WHERE a.is_private = false GROUP BY r.activity_id ORDER BY count(*) DESC, r.activity_id"
        " LIMIT 1"
    )
    expected = await tiny.rows(
        "SELECT id, user_id FROM activity_replies WHERE activity_id = :a ORDER BY id",
        a=activity_id,
    )
    data = await tiny.data(
        "query ($a: Int) { ActivityReply(activityId: $a) { id activityId userId }"
        " Page { pageInfo { total } activityReplies(activityId: $a) { id userId } } }",
        {"a": activity_id},
    )
    first_id, first_user = expected[0]
    assert data["ActivityReply"] == {
        "id": first_id,
        "activityId": activity_id,
        "userId": first_user,
    }
    assert [(r["id"], r["userId"]) for r in data["Page"]["activityReplies"]] == expected[:50]
    assert data["Page"]["pageInfo"]["total"] == len(expected)


async def test_likes_are_the_likers_in_like_order(tiny: TinyWorld) -> None:
    kind, likeable_id = await tiny.row(
        "SELECT likeable_type, likeable_id FROM likes GROUP BY likeable_type, likeable_id"
        " ORDER BY count(*) DESC, likeable_type, likeable_id LIMIT 1"
    )
    expected = await tiny.column(
        "SELECT user_id FROM likes WHERE likeable_type = :k AND likeable_id = :i ORDER BY id",
        k=kind,
        i=likeable_id,
    )
    data = await tiny.data(
        "query ($i: Int, $k: LikeableType) { Like(likeableId: $i, type: $k) { id }"
        " Page { pageInfo { total } likes(likeableId: $i, type: $k) { id } } }",
        {"i": likeable_id, "k": kind},
    )
    assert len(expected) > 1
    assert data["Like"] == {"id": expected[0]}
    assert _ids(data["Page"]["likes"]) == expected[:50]
    assert data["Page"]["pageInfo"]["total"] == len(expected)


# --- community: Thread, ThreadComment, Review, Recommendation ----------------------------------


async def test_threads_of_a_category_by_reply_count(tiny: TinyWorld) -> None:
    category = await tiny.value(
        "SELECT category_id FROM thread_categories GROUP BY category_id"
        " ORDER BY count(*) DESC, category_id LIMIT 1"
    )
    expected = await tiny.rows(
        "SELECT t.id, (SELECT count(*) FROM thread_comments c WHERE c.thread_id = t.id) AS n"
        " FROM threads t JOIN thread_categories l ON l.thread_id = t.id"
        " WHERE l.category_id = :c AND t.deleted_at IS NULL ORDER BY t.reply_count DESC, t.id",
        c=category,
    )
    data = await tiny.data(
        "query ($c: Int) { Page { pageInfo { total }"
        " threads(categoryId: $c, sort: [REPLY_COUNT_DESC])"
        " { id replyCount categories { id } } } }",
        {"c": category},
    )
    page = data["Page"]
    assert [(t["id"], t["replyCount"]) for t in page["threads"]] == expected[:50]
    assert all({"id": category} in t["categories"] for t in page["threads"])
    assert page["pageInfo"]["total"] == len(expected)

    thread_id, title, user_id = await tiny.row(
        "SELECT id, title, user_id FROM threads WHERE id = :t", t=expected[0][0]
    )
    single = await tiny.data(
        "query ($t: Int) { Thread(id: $t) { id title userId replyCount } }", {"t": thread_id}
    )
    assert single["Thread"] == {
        "id": thread_id,
        "title": title,
        "userId": user_id,
        "replyCount": expected[0][1],
    }


async def test_thread_comments_of_a_thread_and_of_a_user(tiny: TinyWorld) -> None:
    thread_id = await tiny.value(
        "SELECT thread_id FROM thread_comments WHERE parent_id IS NOT NULL GROUP BY thread_id"
        " ORDER BY count(*) DESC, thread_id LIMIT 1"
    )
    top_level = await tiny.column(
        "SELECT id FROM thread_comments WHERE thread_id = :t AND parent_id IS NULL ORDER BY id",
        t=thread_id,
    )
    data = await tiny.data(
        "query ($t: Int) { ThreadComment(threadId: $t) { id threadId } }", {"t": thread_id}
    )
    assert _ids(data["ThreadComment"]) == top_level[:50]
    assert {c["threadId"] for c in data["ThreadComment"]} == {thread_id}

    user_id = await tiny.value(
        "SELECT user_id FROM thread_comments GROUP BY user_id ORDER BY count(*) DESC, user_id"
        " LIMIT 1"
    )
    expected = await tiny.column(
        "SELECT id FROM thread_comments WHERE user_id = :u ORDER BY id", u=user_id
    )
    page = await tiny.data(
        "query ($u: Int) { Page { pageInfo { total } threadComments(userId: $u) { id userId } } }",
        {"u": user_id},
    )
    assert _ids(page["Page"]["threadComments"]) == expected[:50]
    assert page["Page"]["pageInfo"]["total"] == len(expected)


async def test_reviews_by_rating_and_a_reviews_votes(tiny: TinyWorld) -> None:
    expected = await tiny.rows(
        "SELECT id, rating FROM reviews WHERE media_type = 'ANIME' AND private = false"
        " ORDER BY rating DESC, id"
    )
    data = await tiny.data(
        "{ Page { pageInfo { total } reviews(mediaType: ANIME, sort: [RATING_DESC])"
        " { id rating mediaType } } }"
    )
    page = data["Page"]
    assert expected
    assert [(r["id"], r["rating"]) for r in page["reviews"]] == expected[:50]
    assert page["pageInfo"]["total"] == len(expected)

    review_id, media_id, user_id, score = await tiny.row(
        "SELECT id, media_id, user_id, score FROM reviews WHERE id = :r", r=expected[0][0]
    )
    up, votes = await tiny.row(
        "SELECT sum(CASE WHEN rating = 'UP_VOTE' THEN 1 ELSE 0 END), count(*)"
        " FROM review_ratings WHERE review_id = :r",
        r=review_id,
    )
    single = await tiny.data(
        "query ($r: Int) { Review(id: $r) { id mediaId userId score rating ratingAmount } }",
        {"r": review_id},
    )
    assert single["Review"] == {
        "id": review_id,
        "mediaId": media_id,
        "userId": user_id,
        "score": score,
        "rating": up,
        "ratingAmount": votes,
    }
    first_of_media = await tiny.value(
        "SELECT min(id) FROM reviews WHERE media_id = :m AND private = false", m=media_id
    )
    by_media = await tiny.data("query ($m: Int) { Review(mediaId: $m) { id } }", {"m": media_id})
    assert by_media["Review"] == {"id": first_of_media}


async def test_recommendations_by_rating_with_ratings_from_votes(tiny: TinyWorld) -> None:
    expected = await tiny.rows(
        "SELECT r.id, r.media_id, r.media_recommendation_id, COALESCE((SELECT"
        " sum(CASE WHEN v.rating = 'RATE_UP' THEN 1 ELSE -1 END) FROM recommendation_ratings v"
        " WHERE v.recommendation_id = r.id), 0) AS votes"
        " FROM recommendations r ORDER BY votes DESC, r.id"
    )
    data = await tiny.data(
        "{ Page { pageInfo { total } recommendations(sort: [RATING_DESC])"
        " { id media { id } mediaRecommendation { id } rating } } }"
    )
    page = data["Page"]
    got = [
        (r["id"], r["media"]["id"], r["mediaRecommendation"]["id"], r["rating"])
        for r in page["recommendations"]
    ]
    assert got == expected[:50]
    assert page["pageInfo"]["total"] == len(expected)

    _, media_id, other_id, _ = expected[-1]
    rec_id, rating = next(
        (r[0], r[3]) for r in sorted(expected) if (r[1], r[2]) == (media_id, other_id)
    )
    single = await tiny.data(
        "query ($m: Int, $o: Int) { Recommendation(mediaId: $m, mediaRecommendationId: $o)"
        " { id rating } }",
        {"m": media_id, "o": other_id},
    )
    assert single["Recommendation"] == {"id": rec_id, "rating": rating}


# --- site: Markdown, SiteStatistics, ExternalLinkSourceCollection ------------------------------


async def test_markdown_renders_seeded_text(tiny: TinyWorld) -> None:
    name = await tiny.value("SELECT name FROM users ORDER BY id LIMIT 1")
    data = await tiny.data(
        "query ($m: String!) { Markdown(markdown: $m) { html } }",
        {"m": f"**{name}** <script>alert(1)</script>"},
    )
    html = data["Markdown"]["html"]
    assert f"<strong>{name}</strong>" in html and "<script>" not in html


async def test_site_statistics_count_users_and_anime_per_day(tiny: TinyWorld) -> None:
    data = await tiny.data(
        "{ SiteStatistics {"
        " users(sort: [DATE_DESC], perPage: 3) { pageInfo { total } nodes { date count change } }"
        " anime(sort: [DATE_DESC], perPage: 1) { nodes { count } } } }"
    )
    days = await tiny.rows(
        "SELECT created_at / 86400 * 86400 AS day, count(*) FROM users GROUP BY day ORDER BY day"
    )
    totals = []
    running = 0
    for day, amount in days:
        running += amount
        totals.append({"date": day, "count": running, "change": amount})
    users = data["SiteStatistics"]["users"]
    assert users["pageInfo"]["total"] == len(days)
    assert users["nodes"] == totals[::-1][:3]
    anime = await tiny.value("SELECT count(*) FROM media WHERE type = 'ANIME'")
    assert data["SiteStatistics"]["anime"]["nodes"] == [{"count": anime}]


async def test_external_link_sources_filter_by_type_and_media_type(tiny: TinyWorld) -> None:
    everything = await tiny.data("{ ExternalLinkSourceCollection { id site } }")
    assert [(s["id"], s["site"]) for s in everything["ExternalLinkSourceCollection"]] == (
        await tiny.rows(
            "SELECT id, site FROM external_link_sources WHERE is_disabled = false ORDER BY site"
        )
    )
    data = await tiny.data(
        "{ ExternalLinkSourceCollection(type: STREAMING, mediaType: ANIME)"
        " { id site type language color } }"
    )
    expected = await tiny.rows(
        "SELECT id, site, type, language, color FROM external_link_sources"
        " WHERE type = 'STREAMING' AND media_type = 'ANIME' AND is_disabled = false ORDER BY site"
    )
    assert len(expected) > 1
    assert [
        (s["id"], s["site"], s["type"], s["language"], s["color"])
        for s in data["ExternalLinkSourceCollection"]
    ] == expected
