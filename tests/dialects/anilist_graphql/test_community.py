"""Community read side: reviews, recommendations, forum, media stats/trends, site statistics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from kagami.catalogue.stats import score_bucket
from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.anilist_graphql.community_data import (
    D1,
    D2,
    D3,
    Community,
    bearer,
    build_community,
    build_stats,
    build_trends,
)
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.test_every_field import _all_fields
from tests.factories import make_user


@pytest.fixture
async def community(catalogue: Catalogue, database: Database) -> Community:
    return await build_community(database)


async def _viewer(
    gql: GraphQLClient,
    query: str,
    headers: dict[str, str],
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    status, body = await gql(query, variables, **headers)
    assert status == 200 and "errors" not in body, body
    return body["data"]


def _ids(rows: list[dict[str, Any]]) -> list[int]:
    return [r["id"] for r in rows]


# --- Reviews ------------------------------------------------------------------------------


async def test_review_root_finds_by_filters_and_404s_when_none(
    gql: GraphQLClient, community: Community
) -> None:
    data = await gql.data(
        "{ Review(mediaId: 30013) { id mediaType score summary siteUrl user { name } "
        "media { id } } }"
    )
    review = data["Review"]
    assert review["id"] == community.reviews["r3"]
    assert review["mediaType"] == "MANGA" and review["score"] == 80
    assert review["user"] == {"name": "cat"} and review["media"] == {"id": 30013}
    assert review["siteUrl"].endswith(f"/review/{community.reviews['r3']}")
    status, body = await gql("{ Review(mediaId: 21) { id } }")
    assert status == 404 and body["data"] == {"Review": None}


async def test_page_reviews_filters_sorts_and_hides_private_drafts(
    gql: GraphQLClient, community: Community, database: Database
) -> None:
    r = community.reviews
    data = await gql.data("{ Page { reviews(mediaId: 1, sort: RATING_DESC) { id } } }")
    assert _ids(data["Page"]["reviews"]) == [r["r1"], r["r2"]]  # r4 is dan's private draft
    data = await gql.data("{ Page { reviews(mediaType: MANGA) { id } } }")
    assert _ids(data["Page"]["reviews"]) == [r["r3"]]
    data = await gql.data(
        "query ($u: Int) { Page { reviews(userId: $u) { id } } }", {"u": community.users["ben"]}
    )
    assert _ids(data["Page"]["reviews"]) == [r["r2"]]
    data = await gql.data("{ Page { reviews(sort: SCORE) { id score } } }")
    assert [x["score"] for x in data["Page"]["reviews"]] == [70, 80, 90]
    data = await gql.data("{ Page { reviews(sort: [UPDATED_AT_DESC, ID]) { id } } }")
    assert _ids(data["Page"]["reviews"]) == [r["r1"], r["r2"], r["r3"]]
    dan = await bearer(gql, database, community.users["dan"])
    data = await _viewer(gql, "{ Page { reviews(mediaId: 1) { id private } } }", dan)
    assert _ids(data["Page"]["reviews"]) == [r["r1"], r["r2"], r["r4"]]


async def test_review_body_as_html_and_viewer_rating(
    gql: GraphQLClient, community: Community, database: Database
) -> None:
    query = """query ($id: Int) { Review(id: $id) { body html: body(asHtml: true)
      rating ratingAmount userRating } }"""
    anon = await gql.data(query, {"id": community.reviews["r1"]})
    assert anon["Review"]["body"] == "**Space** jazz"
    assert anon["Review"]["html"] == "<p><strong>Space</strong> jazz</p>"
    assert anon["Review"]["userRating"] is None
    assert (anon["Review"]["rating"], anon["Review"]["ratingAmount"]) == (10, 12)
    ben = await bearer(gql, database, community.users["ben"])
    r1 = {"id": community.reviews["r1"]}
    assert (await _viewer(gql, query, ben, r1))["Review"]["userRating"] == "UP_VOTE"
    cat = await bearer(gql, database, community.users["cat"])
    assert (await _viewer(gql, query, cat, r1))["Review"]["userRating"] == "NO_VOTE"


async def test_media_reviews_connection_pages_and_sorts(
    gql: GraphQLClient, community: Community
) -> None:
    r = community.reviews
    data = await gql.data(
        """{ Page { media(id_in: [1, 21], sort: ID) { id
          reviews(sort: SCORE, perPage: 1, page: 2) { nodes { id } edges { node { id } }
            pageInfo { total hasNextPage currentPage } } } } }"""
    )
    bebop, one_piece = data["Page"]["media"]
    assert _ids(bebop["reviews"]["nodes"]) == [r["r1"]]
    assert bebop["reviews"]["edges"] == [{"node": {"id": r["r1"]}}]
    assert bebop["reviews"]["pageInfo"] == {"total": 2, "hasNextPage": False, "currentPage": 2}
    assert one_piece["reviews"]["nodes"] == []
    data = await gql.data("{ Media(id: 1) { reviews(limit: 1, sort: ID_DESC) { nodes { id } } } }")
    assert _ids(data["Media"]["reviews"]["nodes"]) == [r["r2"]]


# --- Recommendations ----------------------------------------------------------------------


async def test_recommendation_filters_and_sorts(gql: GraphQLClient, community: Community) -> None:
    k = community.recs

    async def page(args: str) -> list[int]:
        data = await gql.data(f"{{ Page {{ recommendations({args}) {{ id }} }} }}")
        return _ids(data["Page"]["recommendations"])

    assert await page("mediaId: 1, sort: RATING") == [k["k2"], k["k1"]]
    assert await page("mediaRecommendationId: 1") == [k["k3"], k["k4"]]
    assert await page("rating_greater: 0, rating_lesser: 10") == [k["k2"]]
    assert await page("rating: -2") == [k["k3"]]
    assert await page(f"userId: {community.users['cat']}") == [k["k3"]]
    assert await page("sort: RATING_DESC") == [k["k1"], k["k2"], k["k4"], k["k3"]]
    data = await gql.data(
        "{ Recommendation(mediaId: 15125) { id rating user { id } media { id } "
        "mediaRecommendation { id title { romaji } } } }"
    )
    assert data["Recommendation"] == {
        "id": k["k4"],
        "rating": 0,
        "user": None,
        "media": {"id": 15125},
        "mediaRecommendation": {"id": 1, "title": {"romaji": "Cowboy Bebop"}},
    }
    status, _ = await gql("{ Recommendation(mediaId: 5) { id } }")
    assert status == 404


async def test_recommendation_on_list_and_user_rating_follow_the_viewer(
    gql: GraphQLClient, community: Community, database: Database
) -> None:
    k = community.recs
    ann = await bearer(gql, database, community.users["ann"])
    query = "{ Page { recommendations(onList: %s) { id userRating } } }"
    on = await _viewer(gql, query % "true", ann)  # ann's list holds Bebop (id 1)
    assert on["Page"]["recommendations"] == [
        {"id": k["k1"], "userRating": "NO_RATING"},
        {"id": k["k2"], "userRating": "RATE_UP"},
    ]
    off = await _viewer(gql, query % "false", ann)
    assert _ids(off["Page"]["recommendations"]) == [k["k3"], k["k4"]]
    anon = await gql.data(query % "true")  # no viewer: onList cannot apply
    assert len(anon["Page"]["recommendations"]) == 4
    assert {r["userRating"] for r in anon["Page"]["recommendations"]} == {None}


async def test_media_recommendations_connection(gql: GraphQLClient, community: Community) -> None:
    data = await gql.data(
        """{ Page { media(id_in: [1, 21], sort: ID) { id recommendations(sort: RATING_DESC) {
          nodes { rating mediaRecommendation { id } } pageInfo { total } } } } }"""
    )
    bebop, one_piece = data["Page"]["media"]
    assert bebop["recommendations"]["nodes"] == [
        {"rating": 10, "mediaRecommendation": {"id": 5}},
        {"rating": 3, "mediaRecommendation": {"id": 21}},
    ]
    assert one_piece["recommendations"]["pageInfo"]["total"] == 1


# --- Forum --------------------------------------------------------------------------------


async def test_thread_filters(gql: GraphQLClient, community: Community, database: Database) -> None:
    t, u, cats = community.threads, community.users, community.categories

    async def page(args: str, headers: dict[str, str] | None = None) -> list[int]:
        query = f"{{ Page {{ threads{f'({args})' if args else ''} {{ id }} }} }}"
        data = await (_viewer(gql, query, headers) if headers else gql.data(query))
        return _ids(data["Page"]["threads"])

    assert await page("") == [t["t1"], t["t2"], t["t3"]]  # t4 is deleted
    assert await page(f"categoryId: {cats['manga']}") == [t["t2"]]
    assert await page(f"categoryId: {cats['anime']}") == [t["t1"], t["t2"]]
    assert await page("mediaCategoryId: 30013") == [t["t2"]]
    assert await page('search: "BEBOP"') == [t["t1"]]
    assert await page('search: "bebop+rewatch"') == [t["t1"]]  # as URL-encoding clients send it
    assert await page('search: "Rewatch, BEBOP!"') == [t["t1"]]  # every word, in any order
    assert await page('search: "chapter 1000%"') == [t["t2"]]  # % is punctuation, not a wildcard
    assert await page(f"userId: {u['ann']}") == [t["t1"]]
    assert await page(f"replyUserId: {u['ann']}") == [t["t2"]]
    assert await page(f"id_in: [{t['t3']}, {t['t1']}]") == [t["t1"], t["t3"]]
    assert await page("subscribed: true") == []
    ann = await bearer(gql, database, u["ann"])
    assert await page("subscribed: true", ann) == [t["t2"]]
    data = await gql.data(f"{{ Thread(id: {t['t3']}) {{ title }} }}")
    assert data["Thread"] == {"title": "General chat"}
    status, _ = await gql(f"{{ Thread(id: {t['t4']}) {{ id }} }}")
    assert status == 404


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("IS_STICKY", ["t2", "t1", "t3"]),
        ("REPLIED_AT_DESC", ["t1", "t2", "t3"]),
        ("REPLIED_AT", ["t2", "t1", "t3"]),
        ("VIEW_COUNT", ["t3", "t2", "t1"]),
        ("VIEW_COUNT_DESC", ["t1", "t2", "t3"]),
        ("REPLY_COUNT_DESC", ["t1", "t2", "t3"]),
        ("TITLE", ["t1", "t3", "t2"]),
        ("ID_DESC", ["t3", "t2", "t1"]),
        ("[IS_STICKY, CREATED_AT_DESC]", ["t2", "t3", "t1"]),
    ],
)
async def test_thread_sorts(
    gql: GraphQLClient, community: Community, sort: str, expected: list[str]
) -> None:
    data = await gql.data(f"{{ Page {{ threads(sort: {sort}) {{ id }} }} }}")
    assert _ids(data["Page"]["threads"]) == [community.threads[n] for n in expected]


async def test_thread_fields_and_viewer_flags(
    gql: GraphQLClient, community: Community, database: Database
) -> None:
    t, u = community.threads, community.users
    query = f"""{{ Thread(id: {t["t1"]}) {{ title body html: body(asHtml: true) replyCount
      viewCount isSticky likeCount isLiked isSubscribed repliedAt siteUrl
      user {{ name }} replyUser {{ name }} likes {{ name }}
      categories {{ id name }} mediaCategories {{ id }} }} }}"""
    thread = (await gql.data(query))["Thread"]
    assert thread["html"] == "<p><em>Let's</em> watch</p>"
    assert thread["user"] == {"name": "ann"} and thread["replyUser"] == {"name": "ben"}
    assert thread["likes"] == [{"name": "ann"}, {"name": "ben"}]
    assert thread["categories"] == [{"id": community.categories["anime"], "name": "Anime"}]
    assert thread["mediaCategories"] == [{"id": 1}]
    assert (thread["isLiked"], thread["isSubscribed"]) == (False, False)
    assert thread["siteUrl"].endswith(f"/forum/thread/{t['t1']}")
    ann = await bearer(gql, database, u["ann"])
    data = await _viewer(
        gql, "{ Page { threads(sort: ID) { isLiked isSubscribed mediaCategories { id } } } }", ann
    )
    assert data["Page"]["threads"] == [
        {"isLiked": True, "isSubscribed": False, "mediaCategories": [{"id": 1}]},
        {"isLiked": False, "isSubscribed": True, "mediaCategories": [{"id": 21}, {"id": 30013}]},
        {"isLiked": False, "isSubscribed": False, "mediaCategories": []},
    ]


async def test_thread_comments_nest_replies_as_json(
    gql: GraphQLClient, community: Community, database: Database
) -> None:
    c, t = community.comments, community.threads
    query = f"""{{ ThreadComment(threadId: {t["t1"]}) {{ id comment user {{ name }}
      thread {{ title }} isLiked childComments }} }}"""
    roots = (await gql.data(query))["ThreadComment"]
    assert _ids(roots) == [c["c1"], c["c4"]]
    assert roots[0]["thread"] == {"title": "Bebop rewatch"}
    tree = roots[0]["childComments"]
    assert [n["id"] for n in tree] == [c["c2"], c["c5"]]
    assert tree[0]["comment"] == "reply to *first*"
    assert tree[0]["user"]["name"] == "cat" and tree[0]["user"]["avatar"]["large"]
    assert [n["id"] for n in tree[0]["childComments"]] == [c["c3"]]
    assert tree[0]["childComments"][0]["childComments"] is None
    assert tree[1]["childComments"] is None
    assert roots[1]["childComments"] is None
    assert {n["isLiked"] for n in tree} == {False}
    ann = await bearer(gql, database, community.users["ann"])
    tree = (await _viewer(gql, query, ann))["ThreadComment"][0]["childComments"]
    assert [n["isLiked"] for n in tree] == [True, False]


async def test_page_thread_comments_filter_and_sort(
    gql: GraphQLClient, community: Community
) -> None:
    c = community.comments
    data = await gql.data(
        f"""{{ Page(perPage: 2) {{ pageInfo {{ total hasNextPage }}
          threadComments(userId: {community.users["ann"]}, sort: ID_DESC) {{ id threadId }} }} }}"""
    )
    assert _ids(data["Page"]["threadComments"]) == [c["c6"], c["c5"]]
    assert data["Page"]["pageInfo"] == {"total": 3, "hasNextPage": True}
    data = await gql.data(
        f"{{ Page {{ threadComments(id: {c['c3']}) {{ id comment(asHtml: true) likeCount }} }} }}"
    )
    assert data["Page"]["threadComments"] == [
        {"id": c["c3"], "comment": "<p>deeper</p>", "likeCount": 0}
    ]


# --- Media stats and trends -----------------------------------------------------------------


async def test_media_stats_match_independent_counts(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    entries = await build_stats(database)
    data = await gql.data(
        """{ Page { media(id_in: [1, 21, 5], sort: ID) { id stats {
          scoreDistribution { score amount } statusDistribution { status amount } } } } }"""
    )
    bebop, movie, one_piece = data["Page"]["media"]
    statuses = Counter(status.value for status, _ in entries)
    assert {d["status"]: d["amount"] for d in bebop["stats"]["statusDistribution"]} == statuses
    buckets = Counter(score_bucket(score) for _, score in entries if score)
    assert {d["score"]: d["amount"] for d in bebop["stats"]["scoreDistribution"]} == buckets
    assert {d["score"] for d in bebop["stats"]["scoreDistribution"]} <= set(range(10, 101, 10))
    assert one_piece["stats"] == {
        "scoreDistribution": [{"score": 40, "amount": 1}],
        "statusDistribution": [{"status": "CURRENT", "amount": 1}],
    }
    assert movie["stats"] == {"scoreDistribution": [], "statusDistribution": []}


@pytest.mark.parametrize(
    ("score", "bucket"), [(1, 10), (5, 10), (14, 10), (15, 20), (84, 80), (86, 90), (100, 100)]
)
def test_score_buckets_round_to_the_nearest_ten(score: int, bucket: int) -> None:
    assert score_bucket(score) == bucket


async def test_media_trend_root_and_page_filters(
    gql: GraphQLClient, catalogue: Catalogue, database: Database
) -> None:
    await build_trends(database)

    async def page(args: str) -> list[tuple[int, int]]:
        data = await gql.data(f"{{ Page {{ mediaTrends({args}) {{ mediaId date }} }} }}")
        return [(r["mediaId"], r["date"]) for r in data["Page"]["mediaTrends"]]

    assert await page("mediaId: 1, sort: DATE_DESC") == [(1, D3), (1, D2), (1, D1)]
    assert await page("releasing: true, sort: TRENDING_DESC") == [(21, D2), (1, D2), (1, D3)]
    assert await page(f"date: {D2}, sort: POPULARITY") == [(1, D2), (21, D2)]
    assert await page("averageScore_greater: 81, averageScore_lesser: 88") == [(1, D2), (1, D3)]
    assert await page("trending_not: 5, mediaId_not: 21") == [(1, D2), (1, D3)]
    assert await page("episode_greater: 1, sort: EPISODE_DESC") == [(21, D2), (1, D3)]
    assert await page(f"mediaId_in: [21], date_greater: {D1}") == [(21, D2)]
    data = await gql.data(
        "{ MediaTrend(mediaId: 1, sort: SCORE_DESC) { date averageScore popularity episode "
        "releasing media { id } } }"
    )
    assert data["MediaTrend"] == {
        "date": D3,
        "averageScore": 85,
        "popularity": 120,
        "episode": 2,
        "releasing": True,
        "media": {"id": 1},
    }
    status, _ = await gql("{ MediaTrend(mediaId: 5) { date } }")
    assert status == 404


# --- Site statistics and AniChart ----------------------------------------------------------


async def test_site_statistics_count_rows_per_day(gql: GraphQLClient, community: Community) -> None:
    data = await gql.data(
        """{ SiteStatistics {
          users(sort: DATE) { nodes { date count change } pageInfo { total } }
          reviews(sort: CHANGE_DESC, perPage: 1) { nodes { date count change }
            pageInfo { total hasNextPage } }
          latest: users(perPage: 1) { nodes { date count } }
          anime { nodes { count } } } }"""
    )
    stats = data["SiteStatistics"]
    assert stats["users"]["nodes"] == [
        {"date": D1, "count": 2, "change": 2},
        {"date": D2, "count": 3, "change": 1},
        {"date": D3, "count": 4, "change": 1},
    ]
    assert stats["reviews"]["nodes"] == [{"date": D2, "count": 3, "change": 2}]
    assert stats["reviews"]["pageInfo"] == {"total": 3, "hasNextPage": True}
    assert stats["latest"]["nodes"] == [{"date": D3, "count": 4}]  # newest day by default
    assert sum(n["count"] > 0 for n in stats["anime"]["nodes"]) >= 1


async def test_anichart_user_is_the_viewer(gql: GraphQLClient, database: Database) -> None:
    status, _ = await gql("{ AniChartUser { user { id } } }")
    assert status == 401
    async with database.session() as s:
        user = await make_user(s, name="Chartist")
    headers = await bearer(gql, database, user.id)
    data = await _viewer(gql, "{ AniChartUser { user { name } settings highlights } }", headers)
    assert data["AniChartUser"] == {"user": {"name": "Chartist"}, "settings": {}, "highlights": {}}


# --- Every field, statement budgets ---------------------------------------------------------


@pytest.mark.parametrize(
    ("root", "type_name"),
    [
        ("Review(mediaId: 1)", "Review"),
        ("Recommendation(mediaId: 1)", "Recommendation"),
        ("Thread(id: 1)", "Thread"),
        ("ThreadComment(threadId: 1)", "ThreadComment"),
        ("Media(id: 1)", "Media"),
        ("SiteStatistics", "SiteStatistics"),
    ],
)
async def test_every_community_field_resolves(
    gql: GraphQLClient, community: Community, database: Database, root: str, type_name: str
) -> None:
    await build_trends(database)
    query = f"{{ {root} {{ {_all_fields(type_name)} }} }}"
    status, body = await gql(query)
    assert status == 200, body.get("errors")
    ann = await bearer(gql, database, community.users["ann"])
    status, body = await gql(query, None, **ann)
    assert status == 200, body.get("errors")


REVIEWS_BUDGET = """{ Page(perPage: 50) { reviews(sort: ID) { id summary userRating
  user { name avatar { large } } media { title { romaji } } } } }"""


async def _many_reviews(database: Database, catalogue: Catalogue, count: int) -> int:
    from kagami.community.models import Review

    async with database.session() as s:
        users = [await make_user(s) for _ in range(count)]
        s.add_all(
            Review(
                user_id=u.id,
                media_id=(1, 5, 21, 15125)[i % 4],
                media_type="ANIME",
                summary=f"Review {i}",
                body="x",
            )
            for i, u in enumerate(users)
        )
    return users[0].id


async def test_page_reviews_statement_budget(
    gql: GraphQLClient,
    catalogue: Catalogue,
    database: Database,
    sql_counter: Callable[..., Any],
) -> None:
    """count + reviews + users + media: 4 statements for 50 reviews (+1 for the viewer's votes)."""
    first_user = await _many_reviews(database, catalogue, 60)
    counts = []
    for per_page in (1, 10, 50):
        with sql_counter() as counted:
            data = await gql.data(REVIEWS_BUDGET.replace("perPage: 50", f"perPage: {per_page}"))
        assert len(data["Page"]["reviews"]) == per_page
        counts.append(counted.count)
    print(f"\nPage.reviews budget: {counts} statements")
    assert counts == [4, 4, 4], counts
    headers = await bearer(gql, database, first_user)
    with sql_counter() as counted:
        await _viewer(gql, REVIEWS_BUDGET, headers)
    assert counted.count <= 4 + 1 + 2, str(counted)  # + votes, + token check


async def test_forum_statement_budget(
    gql: GraphQLClient, community: Community, sql_counter: Callable[..., Any]
) -> None:
    """Threads with categories, media, users and comment trees: one statement per level."""
    query = """{ Page { threads { id user { name } categories { name } mediaCategories { id }
      likes { name } } } }"""
    with sql_counter() as counted:
        await gql.data(query)
    assert counted.count == 2 + 4, str(counted)
    query = f"""{{ Page {{ threadComments(threadId: {community.threads["t1"]}) {{ id
      user {{ name }} childComments }} }} }}"""
    with sql_counter() as counted:
        await gql.data(query)
    assert counted.count == 2 + 2, str(counted)
    with sql_counter() as counted:
        await gql.data("{ Page { media { stats { statusDistribution { amount } } } } }")
    assert counted.count == 2 + 1, str(counted)
