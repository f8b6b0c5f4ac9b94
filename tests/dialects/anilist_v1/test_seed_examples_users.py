"""Seed 001's User and User Lists requests, verbatim, and what client credentials may call."""

from __future__ import annotations

import pytest

from kagami.catalogue.enums import MediaStatus, MediaType
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_media, make_user

# Every GET of the two sections, with {id || displayname} as id and as display name.
SEED_GETS = [
    "user/{id}",
    "user/{name}",
    "user",
    "user/{id}/activity",
    "user/activity",
    "user/notifications",
    "user/notifications/count",
    "user/{id}/following",
    "user/{name}/followers",
    "user/{id}/favourites",
    "user/airing",
    "user/search/{name}",
    "user/{id}/animelist",
    "user/{name}/animelist/raw",
    "user/{id}/mangalist",
    "user/{name}/mangalist/raw",
]
# Seed 001: client credentials cannot read the current user, following / followed by,
# favourites, airing, notifications, nor write anything.
USER_ONLY = [
    ("GET", "user"),
    ("GET", "user/{id}/following"),
    ("GET", "user/{id}/followers"),
    ("GET", "user/{id}/favourites"),
    ("GET", "user/airing"),
    ("GET", "user/activity"),
    ("GET", "user/notifications"),
    ("GET", "user/notifications/count"),
    ("POST", "user/activity"),
    ("DELETE", "user/activity"),
    ("DELETE", "user/activity/reply"),
    ("POST", "user/follow"),
    ("POST", "animelist"),
    ("PUT", "animelist"),
    ("POST", "mangalist"),
    ("PUT", "mangalist"),
    ("DELETE", "animelist/1"),
    ("DELETE", "mangalist/2"),
]


@pytest.fixture
async def josh(v1: V1Client) -> int:
    async with v1.database.session() as s:
        await make_media(s, status=MediaStatus.RELEASING)
        await make_media(s, type=MediaType.MANGA)
        user = await make_user(s, name="Josh")
    return user.id


async def test_every_seed_get_answers_with_a_user_token(v1: V1Client, josh: int) -> None:
    headers = await v1.auth(josh)  # "Authorization: Bearer access_token"
    for path in SEED_GETS:
        r = await v1.http.get("/api/" + path.format(id=josh, name="Josh"), headers=headers)
        assert r.status_code == 200, (path, r.text)


async def test_client_credentials_read_public_user_data(v1: V1Client, josh: int) -> None:
    token = await v1.token(None)
    public = [p for p in SEED_GETS if ("GET", p.replace("{name}", "{id}")) not in USER_ONLY]
    for path in public:
        # "as a "access_token" header or url parameter"
        url = "/api/" + path.format(id=josh, name="Josh")
        r = await v1.http.get(url, params={"access_token": token})
        assert r.status_code == 200, (path, r.text)
        r = await v1.http.get(url, headers={"access_token": token})
        assert r.status_code == 200, (path, r.text)


@pytest.mark.parametrize(("method", "path"), USER_ONLY)
async def test_client_credentials_cannot_call_user_routes(
    v1: V1Client, josh: int, method: str, path: str
) -> None:
    headers = {
        **(await v1.auth(None)),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    r = await v1.http.request(
        method, "/api/" + path.format(id=josh), headers=headers, content=b"id=1"
    )
    assert r.status_code == 401, r.text
    assert r.json()["error"] == "unauthorized"


async def test_seed_animelist_payload_as_url_encoded_body(v1: V1Client, josh: int) -> None:
    body = (
        b"id=1&list_status=plan+to+watch&score=0&score_raw=0&episodes_watched=0&rewatched=0"
        b"&notes=&advanced_rating_scores=&custom_lists=&hidden_default=0"
    )
    headers = {**(await v1.auth(josh)), "Content-Type": "application/x-www-form-urlencoded"}
    r = await v1.http.post("/api/animelist", headers=headers, content=body)
    assert r.status_code == 200, r.text
    assert r.json()["list_status"] == "plan to watch"
    r = await v1.http.delete("/api/animelist/1", headers=headers)
    assert r.status_code == 200
