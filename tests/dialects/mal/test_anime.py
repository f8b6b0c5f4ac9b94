"""MAL v2 anime reads: search, details, ranking, seasonal; paging, fields, nsfw, errors."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.mal.conftest import BASE_URL, MalClient
from tests.factories import make_media

FULL_DETAIL = (
    "id,title,main_picture,alternative_titles,start_date,end_date,synopsis,mean,rank,popularity,"
    "num_list_users,num_scoring_users,nsfw,created_at,updated_at,media_type,status,genres,"
    "my_list_status,num_episodes,start_season,broadcast,source,average_episode_duration,rating,"
    "pictures,background,related_anime,related_manga,recommendations,studios,statistics"
)


async def test_search_finds_by_title_with_default_fields(
    mal: MalClient, catalogue: Catalogue
) -> None:
    r = await mal.get("/v2/anime", params={"q": "cowboy bebop"})
    assert r.status_code == 200, r.text
    first = r.json()["data"][0]["node"]
    assert first == {
        "id": 1,
        "title": "Cowboy Bebop",
        "main_picture": {
            "medium": "https://img.example/bebop.jpg",
            "large": "https://img.example/bebop.jpg",
        },
    }


@pytest.mark.parametrize("q", [None, "", "ab"])
async def test_search_without_a_3_character_q_is_400(
    mal: MalClient, catalogue: Catalogue, q: str | None
) -> None:
    r = await mal.get("/v2/anime", params={} if q is None else {"q": q})
    assert r.status_code == 400
    assert r.json() == {"error": "invalid_parameters", "message": "invalid q"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "0"}, "invalid limit"),
        ({"limit": "-3"}, "invalid limit"),
        ({"limit": "ten"}, "invalid limit"),
        ({"offset": "-1"}, "invalid offset"),
        ({"offset": "1e9"}, "invalid offset"),
        ({"fields": "genres{"}, "invalid fields"),
        ({"nsfw": "maybe"}, "invalid nsfw"),
    ],
)
async def test_bad_parameters_are_mals_400(
    mal: MalClient, catalogue: Catalogue, params: dict[str, str], message: str
) -> None:
    r = await mal.get("/v2/anime/ranking", params={"ranking_type": "all", **params})
    assert r.status_code == 400
    assert r.json() == {"error": "invalid_parameters", "message": message}


async def test_paging_links_are_absolute_on_the_public_base_url(
    mal: MalClient, catalogue: Catalogue
) -> None:
    params = {"ranking_type": "all", "limit": "1", "offset": "1", "fields": "mean"}
    body = (await mal.get("/v2/anime/ranking", params=params)).json()
    assert len(body["data"]) == 1
    nxt, prev = urlsplit(body["paging"]["next"]), urlsplit(body["paging"]["previous"])
    assert f"{nxt.scheme}://{nxt.netloc}" == BASE_URL and nxt.path == "/v2/anime/ranking"
    assert parse_qs(nxt.query) == {
        "ranking_type": ["all"],
        "limit": ["1"],
        "offset": ["2"],
        "fields": ["mean"],
    }
    assert parse_qs(prev.query)["offset"] == ["0"]
    follow = await mal.get(body["paging"]["next"].removeprefix(BASE_URL))
    assert follow.json()["data"][0]["ranking"]["rank"] == 3


async def test_last_page_has_no_next_and_first_page_no_previous(
    mal: MalClient, catalogue: Catalogue
) -> None:
    body = (await mal.get("/v2/anime/ranking", params={"ranking_type": "all"})).json()
    assert body["paging"] == {}


async def test_limit_above_the_cap_is_clamped(mal: MalClient, catalogue: Catalogue) -> None:
    r = await mal.get("/v2/anime", params={"q": "bebop", "limit": "100000"})
    assert r.status_code == 200


async def test_ranking_all_orders_by_score_with_ranks(mal: MalClient, catalogue: Catalogue) -> None:
    body = (await mal.get("/v2/anime/ranking", params={"ranking_type": "all"})).json()
    assert [i["node"]["id"] for i in body["data"]] == [21, 1, 5, 15125]
    assert [i["ranking"] for i in body["data"]] == [{"rank": n} for n in (1, 2, 3, 4)]


@pytest.mark.parametrize(
    ("kind", "ids"),
    [
        ("airing", [21]),
        ("upcoming", []),
        ("tv", [21, 1, 15125]),
        ("movie", [5]),
        ("ova", []),
        ("special", []),
        ("bypopularity", [21, 1, 5, 15125]),
        ("favorite", [21, 1, 5, 15125]),
    ],
)
async def test_every_ranking_type(
    mal: MalClient, catalogue: Catalogue, kind: str, ids: list[int]
) -> None:
    body = (await mal.get("/v2/anime/ranking", params={"ranking_type": kind})).json()
    got = [i["node"]["id"] for i in body["data"]]
    assert got == ids


@pytest.mark.parametrize("kind", [None, "trend", "manga"])
async def test_unknown_ranking_type_is_400(
    mal: MalClient, catalogue: Catalogue, kind: str | None
) -> None:
    r = await mal.get("/v2/anime/ranking", params={} if kind is None else {"ranking_type": kind})
    assert r.status_code == 400 and r.json()["message"] == "invalid ranking_type"


async def test_seasonal_lists_the_season_and_carry_overs(
    mal: MalClient, catalogue: Catalogue, database: Database
) -> None:
    body = (await mal.get("/v2/anime/season/2012/fall", params={"sort": "anime_score"})).json()
    assert body["season"] == {"year": 2012, "season": "fall"}
    # Teekyuu began that fall; One Piece (1999-, still airing) carries over.
    assert [i["node"]["id"] for i in body["data"]] == [21, 15125]
    body = (await mal.get("/v2/anime/season/1999/fall")).json()
    assert [i["node"]["id"] for i in body["data"]] == [21]


@pytest.mark.parametrize(
    "path",
    [
        "/v2/anime/season/2012/autumn",
        "/v2/anime/season/20x2/fall",
        "/v2/anime/season/2012/fall?sort=title",
    ],
)
async def test_bad_season_or_sort_is_400(mal: MalClient, catalogue: Catalogue, path: str) -> None:
    r = await mal.get(path)
    assert r.status_code == 400 and r.json()["error"] == "invalid_parameters"


async def test_nsfw_works_are_hidden_unless_asked_for(
    mal: MalClient, catalogue: Catalogue, database: Database
) -> None:
    async with database.session() as s:
        await make_media(
            s, id=900, id_mal=900, title_romaji="Adult Bebop", is_adult=True, popularity=5000
        )
    params = {"ranking_type": "bypopularity"}
    hidden = (await mal.get("/v2/anime/ranking", params=params)).json()
    assert 900 not in [i["node"]["id"] for i in hidden["data"]]
    for flag in ("true", "True"):
        shown = (await mal.get("/v2/anime/ranking", params={**params, "nsfw": flag})).json()
        assert shown["data"][0]["node"]["id"] == 900


async def test_detail_default_is_id_title_picture(mal: MalClient, catalogue: Catalogue) -> None:
    assert set((await mal.get("/v2/anime/1")).json()) == {"id", "title", "main_picture"}


async def test_detail_full_field_set(mal: MalClient, catalogue: Catalogue) -> None:
    r = await mal.get("/v2/anime/1", params={"fields": FULL_DETAIL})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["start_date"] == "1998-04-03" and body["end_date"] == "1999-04-24"
    assert body["alternative_titles"] == {
        "synonyms": ["CB"],
        "en": "Cowboy Bebop",
        "ja": "カウボーイビバップ",
    }
    assert body["synopsis"] == "**Space** cowboys."  # tags and script bodies stripped
    assert body["mean"] == 8.6  # no mean score stored: the average score stands in
    assert body["media_type"] == "tv" and body["status"] == "finished_airing"
    assert body["num_episodes"] == 26 and body["average_episode_duration"] == 24 * 60
    assert body["start_season"] == {"year": 1998, "season": "spring"}
    assert body["rank"] == 2 and body["popularity"] == 2
    assert body["nsfw"] == "white"
    assert body["related_anime"] == [
        {
            "node": {"id": 5, "title": "Cowboy Bebop: Tengoku no Tobira"},
            "relation_type": "side_story",
            "relation_type_formatted": "Side story",
        }
    ]
    assert body["genres"] == [{"id": 1, "name": "Action"}, {"id": 24, "name": "Sci-Fi"}]
    assert body["related_manga"] == []
    assert body["statistics"]["status"] == {
        "watching": "0",
        "completed": "0",
        "on_hold": "0",
        "dropped": "0",
        "plan_to_watch": "0",
    }
    assert {s["name"] for s in body["studios"]} >= {"Sunrise"}
    assert body["background"] == "" and body["pictures"] == []
    assert "my_list_status" not in body  # client id only: silently omitted


async def test_detail_only_fields_are_ignored_in_lists(
    mal: MalClient, catalogue: Catalogue
) -> None:
    params = {"q": "cowboy bebop", "fields": "statistics,related_anime,genres"}
    node = (await mal.get("/v2/anime", params=params)).json()["data"][0]["node"]
    assert "statistics" not in node and "related_anime" not in node and "genres" in node


@pytest.mark.parametrize("path", ["/v2/anime/999999", "/v2/anime/13", "/v2/anime/1000000001"])
async def test_unknown_anime_is_404(mal: MalClient, catalogue: Catalogue, path: str) -> None:
    r = await mal.get(path)
    assert r.status_code == 404 and r.json() == {"error": "not_found", "message": ""}


async def test_non_numeric_id_is_400(mal: MalClient, catalogue: Catalogue) -> None:
    assert (await mal.get("/v2/anime/abc")).status_code == 400


async def test_media_without_mal_id_is_addressed_by_its_synthetic_id(
    mal: MalClient, catalogue: Catalogue, database: Database
) -> None:
    async with database.session() as s:
        await make_media(s, id=777, title_romaji="Kagami Original")
    r = await mal.get("/v2/anime/1000000777")
    assert r.status_code == 200 and r.json()["title"] == "Kagami Original"
    assert r.json()["id"] == 1_000_000_777
