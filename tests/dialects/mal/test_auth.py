"""MAL's auth rule on /v2: client id for public reads, Bearer wins, MAL's 400/401/403 bodies."""

from __future__ import annotations

from typing import Any

from kagami.db import Database
from tests.dialects.mal.conftest import MalClient


async def test_neither_header_is_403_forbidden(mal: MalClient) -> None:
    r = await mal.get("/v2/users/@me", headers={})
    assert r.status_code == 403
    assert r.json() == {"message": "", "error": "forbidden"}


async def test_unknown_client_id_is_400(mal: MalClient) -> None:
    r = await mal.get("/v2/users/@me", headers={"X-MAL-CLIENT-ID": "0" * 32})
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid client id", "error": "bad_request"}


async def test_bad_token_is_401_with_www_authenticate(mal: MalClient) -> None:
    r = await mal.get("/v2/users/@me", headers={"Authorization": "Bearer nonsense"})
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_token"
    assert r.headers["www-authenticate"].startswith('Bearer error="invalid_token"')


async def test_client_id_alone_cannot_read_me(mal: MalClient) -> None:
    r = await mal.get("/v2/users/@me")
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_token"


async def test_bearer_wins_when_both_headers_are_sent(
    mal: MalClient, user_headers: dict[str, str]
) -> None:
    both = {**user_headers, "X-MAL-Client-ID": mal.client_id}
    r = await mal.get("/v2/users/@me", headers=both)
    assert r.status_code == 200 and r.json()["name"].startswith("user")


async def test_bad_token_is_refused_even_with_a_valid_client_id(mal: MalClient) -> None:
    both = {"Authorization": "Bearer nonsense", "X-MAL-CLIENT-ID": mal.client_id}
    assert (await mal.get("/v2/users/@me", headers=both)).status_code == 401


async def test_unknown_route_and_method_answer_in_mals_shape(mal: MalClient) -> None:
    r = await mal.get("/v2/no/such/thing")
    assert r.status_code == 404 and r.json() == {"error": "not_found", "message": ""}
    r = await mal.http.delete("/v2/users/@me", headers=mal.public)
    assert r.status_code == 405 and r.json()["error"] == "bad_request"


async def test_v2_docs_serve_the_mal_routes_and_main_docs_stay(
    mal: MalClient, database: Database
) -> None:
    docs = await mal.http.get("/v2/docs")
    assert docs.status_code == 200 and "/v2/openapi.json" in docs.text
    spec = (await mal.http.get("/v2/openapi.json")).json()
    assert {
        "/users/@me",
        "/anime",
        "/anime/{anime_id}",
        "/anime/ranking",
        "/anime/season/{year}/{season}",
        "/anime/suggestions",
        "/anime/{anime_id}/my_list_status",
        "/manga",
        "/manga/{manga_id}",
        "/manga/ranking",
        "/manga/{manga_id}/my_list_status",
        "/users/{user_name}/animelist",
        "/users/{user_name}/mangalist",
        "/forum/boards",
        "/forum/topics",
        "/forum/topic/{topic_id}",
    } <= set(spec["paths"])
    ranking = spec["paths"]["/anime/ranking"]["get"]["parameters"]
    assert {"name": "ranking_type", "required": True}.items() <= ranking[0].items()
    assert (await mal.http.get("/docs")).status_code == 200


async def test_a_known_client_id_is_not_looked_up_again_for_a_while(
    mal: MalClient, sql_counter: Any
) -> None:
    assert (await mal.get("/v2/forum/boards")).status_code == 200
    with sql_counter() as counted:
        r = await mal.get("/v2/forum/boards", headers={"X-MAL-CLIENT-ID": mal.client_id.upper()})
    assert r.status_code == 200
    assert counted.count == 1, str(counted)  # the boards; no client look-up
    unknown = {"X-MAL-CLIENT-ID": "f" * 32}
    for _ in range(2):  # misses are never cached
        assert (await mal.get("/v2/forum/boards", headers=unknown)).status_code == 400
