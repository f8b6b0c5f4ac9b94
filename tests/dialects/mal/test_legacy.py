"""MAL v0.21 (seed 002): its example requests verbatim, its paging, fields and error object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.accounts.passwords import Passwords
from kagami.accounts.service import register_user
from kagami.catalogue.enums import MediaFormat, MediaStatus
from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID
from tests.dialects.mal.conftest import BASE_URL, MalClient
from tests.factories import make_media, make_user

# The seed's example request headers, minus Authorization (added per test).
SEED_HEADERS = {
    "Accept": "application/json",
    "User-Agent": "NineAnimator/2 CFNetwork/976 Darwin/18.2.0",
    "X-MAL-Client-ID": BUILTIN_MAL_CLIENT_ID,
}
SEED_SEARCH = "/v0.21/anime/search?status=not_yet_aired&limit=1&offset=0&fields=alternative_titles"
COVER = "https://img.example/anime/1797/93459"
PASSWORD = "xxxxxx-yyyyyy-zzzzzz"  # the seed's


async def _not_yet_aired(database: Database) -> list[int]:
    """Two upcoming shows (OPM 2 the more popular) and one finished show; their ids."""
    async with database.session() as s:
        opm = await make_media(
            s,
            id_mal=34134,
            title_romaji="One Punch Man Season 2",
            title_native="ワンパンマン 2",
            synonyms=["One Punch-Man 2", "One-Punch Man 2", "OPM 2"],
            status=MediaStatus.NOT_YET_RELEASED,
            format=MediaFormat.TV,
            cover_medium=f"{COVER}.jpg",
            cover_large=f"{COVER}l.jpg",
            popularity=500,
        )
        other = await make_media(s, status=MediaStatus.NOT_YET_RELEASED, popularity=10)
        await make_media(s, status=MediaStatus.FINISHED, popularity=900)
        await s.commit()
    return [opm.id, other.id]


async def test_seed_example_request_answers_the_seed_example_response(
    mal: MalClient, database: Database, user_headers: dict[str, str]
) -> None:
    await _not_yet_aired(database)
    r = await mal.http.get(SEED_SEARCH, headers={**SEED_HEADERS, **user_headers})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == {
        "data": [
            {
                "node": {
                    "id": 34134,
                    "title": "One Punch Man Season 2",
                    "main_picture": {"medium": f"{COVER}.jpg", "large": f"{COVER}l.jpg"},
                    "alternative_titles": {
                        "synonyms": ["One Punch-Man 2", "One-Punch Man 2", "OPM 2"],
                        "en": "",
                        "ja": "ワンパンマン 2",
                    },
                }
            }
        ],
        "paging": {
            "next": f"{BASE_URL}/v0.21/anime/search?status=not_yet_aired&limit=1"
            "&fields=alternative_titles&offset=1"
        },
    }


async def test_following_paging_next_reaches_the_last_page(
    mal: MalClient, database: Database
) -> None:
    _, other = await _not_yet_aired(database)
    first = (await mal.http.get(SEED_SEARCH, headers=SEED_HEADERS)).json()
    following = first["paging"]["next"].removeprefix(BASE_URL)
    second = (await mal.http.get(following, headers=SEED_HEADERS)).json()
    assert [item["node"]["id"] for item in second["data"]] == [1_000_000_000 + other]
    assert "next" not in second["paging"]
    assert second["paging"]["previous"].endswith("offset=0")


async def test_airing_status_listing_shows_only_that_status(
    mal: MalClient, database: Database
) -> None:
    await _not_yet_aired(database)
    r = await mal.http.get("/v0.21/anime/search?status=finished_airing", headers=SEED_HEADERS)
    assert r.status_code == 200
    assert [item["node"]["title"] for item in r.json()["data"]] == ["Media 3"]


async def test_seed_paging_example_searches_titles(mal: MalClient, database: Database) -> None:
    async with database.session() as s:
        for n in range(1, 8):
            await make_media(s, title_romaji=f"An Anime Title {n}")
        await make_media(s, title_romaji="Something Else")
        await s.commit()
    url = "/v0.21/anime?q=An+Anime+Title&limit=5&offset=0"
    r = await mal.http.get(url, headers=SEED_HEADERS)
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["data"]) == 5
    assert all(item["node"]["title"].startswith("An Anime Title") for item in body["data"])
    assert body["paging"] == {"next": f"{BASE_URL}/v0.21/anime?q=An+Anime+Title&limit=5&offset=5"}


async def _bebop_on_a_list(database: Database) -> tuple[int, int]:
    async with database.session() as s:
        bebop = await make_media(
            s, id_mal=1, title_romaji="Cowboy Bebop", format=MediaFormat.TV, episodes=26
        )
        user = await make_user(s)
        s.add(
            ListEntry(
                user_id=user.id,
                media_id=bebop.id,
                media_type=bebop.type,
                status=MediaListStatus.REPEATING,
                score=80,
                progress=5,
                started_year=2024,
                started_month=3,
                started_day=9,
                updated_at=1_700_000_000,
            )
        )
        await s.commit()
    return bebop.id, user.id


SEED_FIELDS = (
    "/v0.21/anime?q=Cowboy+Bebop"
    "&fields=alternative_titles,media_type,my_list_status{start_date,finish_date}"
)


async def test_seed_fields_example_adds_list_status_sub_fields_to_the_core(
    mal: MalClient, database: Database
) -> None:
    _, user_id = await _bebop_on_a_list(database)
    token = await mal.token_for(database, user_id)
    r = await mal.http.get(SEED_FIELDS, headers={**SEED_HEADERS, **token})
    assert r.status_code == 200, r.text
    assert r.json()["data"] == [
        {
            "node": {
                "id": 1,
                "title": "Cowboy Bebop",
                "alternative_titles": {"synonyms": [], "en": "", "ja": ""},
                "media_type": "tv",
                "my_list_status": {
                    "status": "watching",
                    "score": 8,
                    "num_episodes_watched": 5,
                    "is_rewatching": True,
                    "updated_at": "2023-11-14T22:13:20+00:00",
                    "start_date": "2024-03-09",
                },
            }
        }
    ]


async def test_my_list_status_needs_a_user_token(mal: MalClient, database: Database) -> None:
    await _bebop_on_a_list(database)
    r = await mal.http.get(SEED_FIELDS, headers=SEED_HEADERS)
    assert r.status_code == 200
    assert "my_list_status" not in r.json()["data"][0]["node"]


async def test_adult_anime_show_only_with_nsfw_true(mal: MalClient, database: Database) -> None:
    async with database.session() as s:
        await make_media(s, title_romaji="Adult Show Alpha", is_adult=True)
        await make_media(s, title_romaji="Adult Show Beta", age_rating="r+")
        await s.commit()
    hidden = await mal.http.get("/v0.21/anime?q=Adult+Show", headers=SEED_HEADERS)
    shown = await mal.http.get("/v0.21/anime?q=Adult+Show&nsfw=True", headers=SEED_HEADERS)
    assert hidden.json()["data"] == []
    assert len(shown.json()["data"]) == 2


async def _error(mal: MalClient, url: str, headers: dict[str, str] | None = None) -> Any:
    r = await mal.http.get(url, headers=SEED_HEADERS if headers is None else headers)
    return r.status_code, r.json()


async def test_too_short_q_answers_the_seed_error_object(mal: MalClient) -> None:
    assert await _error(mal, "/v0.21/anime?q=ab") == (
        400,
        {"message": "invalid q", "error": "bad_request"},
    )
    assert (await _error(mal, "/v0.21/anime"))[1]["message"] == "invalid q"
    assert (await _error(mal, "/v0.21/anime?q=" + "x" * 65))[1]["message"] == "invalid q"


async def test_bad_parameters_are_400_bad_request(mal: MalClient) -> None:
    for url in (
        "/v0.21/anime/search?status=airing",
        "/v0.21/anime/search",
        "/v0.21/anime?q=bebop&limit=0",
        "/v0.21/anime?q=bebop&offset=-1",
        "/v0.21/anime?q=bebop&fields=a{",
    ):
        status, body = await _error(mal, url)
        assert (status, body["error"]) == (400, "bad_request"), url


async def test_requests_without_client_id_or_token_are_refused(mal: MalClient) -> None:
    assert await _error(mal, SEED_SEARCH, headers={}) == (
        403,
        {"message": "", "error": "forbidden"},
    )
    status, body = await _error(mal, SEED_SEARCH, headers={"Authorization": "Bearer junk"})
    assert (status, body["error"]) == (401, "invalid_token")


async def test_unknown_v021_path_is_404_in_mals_shape(mal: MalClient) -> None:
    assert await _error(mal, "/v0.21/no/such/thing") == (
        404,
        {"message": "", "error": "not_found"},
    )


async def test_seed_password_grant_then_the_seed_search_with_its_token(
    mal: MalClient, database: Database
) -> None:
    async with database.session() as s:
        passwords = Passwords("cheapest", 1)
        await register_user(
            s, passwords, name="abcdefghij", email="a@example.org", password=PASSWORD
        )
        await s.commit()
    await _not_yet_aired(database)
    body = f"client_id={BUILTIN_MAL_CLIENT_ID}&grant_type=password&password={PASSWORD}"
    body += "&username=abcdefghij"
    grant = await mal.http.post(
        "/v0.21/auth/token",
        content=body,
        headers={**SEED_HEADERS, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert grant.status_code == 200, grant.text
    token = grant.json()
    assert token["token_type"] == "Bearer" and token["refresh_token"]
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    r = await mal.http.get(SEED_SEARCH, headers={**SEED_HEADERS, **auth})
    assert r.status_code == 200 and r.json()["data"][0]["node"]["id"] == 34134
    me = await mal.http.get("/v0.21/users/@me", headers={**SEED_HEADERS, **auth})
    assert me.status_code == 200 and me.json()["name"] == "abcdefghij"


async def test_a_page_with_list_statuses_costs_the_same_statements_for_3_or_30_anime(
    mal: MalClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    async with database.session() as s:
        user = await make_user(s)
        for n in range(30):
            media = await make_media(s, title_romaji=f"Budget Show {n}")
            s.add(ListEntry(user_id=user.id, media_id=media.id, media_type=media.type, progress=n))
        await s.commit()
    headers = {**SEED_HEADERS, **await mal.token_for(database, user.id)}
    counts = []
    for limit in (3, 30):
        url = f"/v0.21/anime?q=Budget+Show&limit={limit}&fields=media_type,my_list_status"
        with sql_counter() as counted:
            r = await mal.http.get(url, headers=headers)
        assert r.status_code == 200 and len(r.json()["data"]) == limit
        assert all("my_list_status" in item["node"] for item in r.json()["data"])
        counts.append(len(counted.statements))
    assert counts[0] == counts[1] <= 4, counts
