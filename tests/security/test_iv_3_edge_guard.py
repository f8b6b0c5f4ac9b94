"""IV-3: a NUL, a lone surrogate or an oversized value anywhere is a clean 400 in each format.

One edge guard (kagami.http.edge_guard) answers for every dialect, on both backends
(PostgreSQL would otherwise refuse the text and the request would end in a 500).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from kagami.http.edge_guard import NUL_MESSAGE, SURROGATE_MESSAGE, too_long_message
from kagami.lists.models import ListEntry
from tests.factories import make_media, make_user
from tests.security.conftest import Dialects

LIMIT = 20_000  # Settings.max_value_chars is 100 000; URLs that long do not fit httpx
NUL, LONE, LONG = "a\x00b", "a\ud800b", "x" * (LIMIT + 1)
SEARCH = "query ($s: String) { Page { media(search: $s) { id } } }"


@pytest.fixture
def settings_update() -> dict[str, Any]:
    """A value limit that a URL can exceed."""
    return {"max_value_chars": LIMIT}


def _json(value: Any, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """A JSON body as the stdlib writes it (escapes lone surrogates, which httpx cannot)."""
    headers = {"Content-Type": "application/json", **(headers or {})}
    return {"content": json.dumps(value).encode(), "headers": headers}


def _graphql(r: httpx.Response, message: str) -> None:
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["data"] is None and body["errors"][0]["status"] == 400, body
    assert body["errors"][0]["message"].endswith(message), body


def _v1(r: httpx.Response, message: str) -> None:
    assert r.status_code == 422, r.text  # v1's validation status (Laravel)
    body = r.json()
    assert body["error"] == "invalid_request" and message in body["error_description"], body


def _mal_v2(r: httpx.Response, message: str) -> None:
    assert (r.status_code, r.json()) == (400, {"error": "invalid_parameters", "message": message})


def _mal_legacy(r: httpx.Response, message: str) -> None:
    assert (r.status_code, r.json()) == (400, {"message": message, "error": "bad_request"})


def _mal_token(r: httpx.Response, message: str) -> None:
    assert (r.status_code, r.json()) == (400, {"error": "invalid_request", "message": message})


def _oauth(r: httpx.Response, message: str) -> None:
    body = {"error": "invalid_request", "error_description": message}
    assert (r.status_code, r.json()) == (400, body)


def _passport(r: httpx.Response, message: str) -> None:
    body = {"error": "invalid_request", "error_description": message, "message": message}
    assert (r.status_code, r.json()) == (400, body)


def _page(r: httpx.Response, message: str) -> None:
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html"), r.text
    assert message in r.text and "Content-Security-Policy" in r.headers


def _multipart(name: str, value: str) -> dict[str, Any]:
    body = (
        f'--B\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n--B--\r\n'
    ).encode()
    return {"content": body, "headers": {"Content-Type": "multipart/form-data; boundary=B"}}


Check = Callable[[httpx.Response, str], None]
CASES: list[tuple[str, str, str, dict[str, Any], str, Check]] = [
    # (id, method, path, request kwargs, expected message, format check)
    (
        "gql-variable-nul",
        "POST",
        "/",
        {"json": {"query": SEARCH, "variables": {"s": NUL}}},
        NUL_MESSAGE,
        _graphql,
    ),
    (
        "gql-variable-surrogate",
        "POST",
        "/graphql",
        _json({"query": SEARCH, "variables": {"s": LONE}}),
        SURROGATE_MESSAGE,
        _graphql,
    ),
    (
        "gql-variable-too-long",
        "POST",
        "/",
        {"json": {"query": SEARCH, "variables": {"s": LONG}}},
        too_long_message(LIMIT),
        _graphql,
    ),
    (
        "gql-nested-variable-nul",
        "POST",
        "/",
        {
            "json": {
                "query": "query ($g: [String]) { Page { media(genre_in: $g) { id } } }",
                "variables": {"g": ["x", "\x00"]},
            }
        },
        NUL_MESSAGE,
        _graphql,
    ),
    (
        "gql-literal-nul",
        "POST",
        "/",
        {"json": {"query": '{ Page { media(search: "a\\u0000b") { id } } }'}},
        NUL_MESSAGE,
        _graphql,
    ),
    (
        "gql-get-variables-nul",
        "GET",
        "/graphql",
        {"params": {"query": SEARCH, "variables": '{"s": "\\u0000"}'}},
        NUL_MESSAGE,
        _graphql,
    ),
    (
        "gql-get-query-nul",
        "GET",
        "/graphql",
        {"params": {"query": "{ Page { media { id } } }\x00"}},
        NUL_MESSAGE,
        _graphql,
    ),
    ("v1-path-nul", "GET", "/api/user/a%00b", {}, NUL_MESSAGE, _v1),
    ("v1-search-nul", "GET", "/api/user/search/a%00b", {}, NUL_MESSAGE, _v1),
    ("v1-list-path-nul", "GET", "/api/user/a%00b/animelist", {}, NUL_MESSAGE, _v1),
    ("v1-query-key-nul", "GET", "/api/user/search/x", {"params": {"q\x00": "1"}}, NUL_MESSAGE, _v1),
    (
        "v1-form-nul",
        "POST",
        "/api/user/activity",
        {"data": {"text": "hello\x00world"}},
        NUL_MESSAGE,
        _v1,
    ),
    (
        "v1-json-surrogate",
        "POST",
        "/api/user/activity",
        _json({"text": LONE}),
        SURROGATE_MESSAGE,
        _v1,
    ),
    (
        "v1-json-key-nul",
        "POST",
        "/api/user/activity",
        {"json": {"text\x00": "hi"}},
        NUL_MESSAGE,
        _v1,
    ),
    ("v1-multipart-nul", "POST", "/api/user/activity", _multipart("text", NUL), NUL_MESSAGE, _v1),
    (
        "v1-query-too-long",
        "GET",
        "/api/user/search/x",
        {"params": {"page": LONG}},
        too_long_message(LIMIT),
        _v1,
    ),
    ("mal-path-nul", "GET", "/v2/users/a%00b/animelist", {}, NUL_MESSAGE, _mal_v2),
    (
        "mal-forum-q-nul",
        "GET",
        "/v2/forum/topics",
        {"params": {"q": "ab\x00c"}},
        NUL_MESSAGE,
        _mal_v2,
    ),
    (
        "mal-forum-user-nul",
        "GET",
        "/v2/forum/topics",
        {"params": {"user_name": "x\x00"}},
        NUL_MESSAGE,
        _mal_v2,
    ),
    ("mal-search-nul", "GET", "/v2/anime", {"params": {"q": "abc\x00def"}}, NUL_MESSAGE, _mal_v2),
    (
        "mal-search-too-long",
        "GET",
        "/v2/anime",
        {"params": {"q": LONG}},
        too_long_message(LIMIT),
        _mal_v2,
    ),
    (
        "mal-form-nul",
        "PATCH",
        "/v2/anime/1/my_list_status",
        {"data": {"comments": NUL}},
        NUL_MESSAGE,
        _mal_v2,
    ),
    (
        "legacy-search-nul",
        "GET",
        "/v0.21/anime",
        {"params": {"q": "bebop\x00"}},
        NUL_MESSAGE,
        _mal_legacy,
    ),
    (
        "legacy-status-nul",
        "GET",
        "/v0.21/anime/search",
        {"params": {"status": "\x00"}},
        NUL_MESSAGE,
        _mal_legacy,
    ),
    (
        "legacy-form-key-nul",
        "PUT",
        "/v0.21/anime/1/my_list_status",
        {"data": {"a\x00": "1"}},
        NUL_MESSAGE,
        _mal_legacy,
    ),
    (
        "anilist-token-nul",
        "POST",
        "/api/v2/oauth/token",
        {"data": {"grant_type": "authorization_code", "code": NUL}},
        NUL_MESSAGE,
        _passport,
    ),
    (
        "v1-token-nul",
        "POST",
        "/api/auth/access_token",
        {"data": {"grant_type": "authorization_pin", "code": NUL}},
        NUL_MESSAGE,
        _oauth,
    ),
    (
        "mal-token-nul",
        "POST",
        "/v1/oauth2/token",
        {"data": {"grant_type": "authorization_code", "code": NUL}},
        NUL_MESSAGE,
        _mal_token,
    ),
    (
        "legacy-token-nul",
        "POST",
        "/v0.21/auth/token",
        {"data": {"grant_type": "password", "username": NUL}},
        NUL_MESSAGE,
        _mal_legacy,
    ),
    ("revoke-nul", "POST", "/oauth/revoke", {"data": {"token": NUL}}, NUL_MESSAGE, _oauth),
    (
        "authorize-page-nul",
        "GET",
        "/api/v2/oauth/authorize",
        {"params": {"client_id": NUL}},
        NUL_MESSAGE,
        _page,
    ),
    (
        "mal-authorize-page-nul",
        "GET",
        "/v1/oauth2/authorize",
        {"params": {"state": NUL}},
        NUL_MESSAGE,
        _page,
    ),
    (
        "register-form-nul",
        "POST",
        "/register",
        {"data": {"name": NUL, "password": "x"}},
        NUL_MESSAGE,
        _page,
    ),
    ("profile-page-nul", "GET", "/user/a%00b", {}, NUL_MESSAGE, _page),
]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "message", "check"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
async def test_IV_3_nul_surrogate_or_oversized_value_is_a_400_in_the_dialects_format(
    dialects: Dialects,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    message: str,
    check: Check,
) -> None:
    async with dialects.database.session() as s:
        user = await make_user(s)
    kwargs = {**kwargs, "headers": {**kwargs.get("headers", {}), **await dialects.v1_auth(user.id)}}
    if path.startswith(("/v2/", "/v0.21/anime")):
        kwargs["headers"].update({**dialects.mal.public, **await dialects.mal_auth(user.id)})
    check(await dialects.http.request(method, path, **kwargs), message)


async def test_IV_3_refused_value_writes_nothing_in_any_dialect(dialects: Dialects) -> None:
    async with dialects.database.session() as s:
        anime = await make_media(s, id=1, episodes=12)
        user = await make_user(s)
    mutation = "mutation ($n: String) { SaveMediaListEntry(mediaId: 1, notes: $n) { id } }"
    mal = {**dialects.mal.public, **await dialects.mal_auth(user.id)}
    http = dialects.http
    answers = [
        await http.post(
            "/",
            **_json({"query": mutation, "variables": {"n": LONE}}, await dialects.anilist(user.id)),
        ),
        await http.post(
            "/api/animelist",
            **_json(
                {"id": anime.id, "list_status": "watching", "notes": LONE},
                await dialects.v1_auth(user.id),
            ),
        ),
        await http.patch(
            "/v2/anime/1/my_list_status", data={"status": "watching", "comments": NUL}, headers=mal
        ),
        await http.put(
            "/v0.21/anime/1/my_list_status", data={"status": "1", "comments": NUL}, headers=mal
        ),
    ]
    assert [r.status_code for r in answers] == [400, 422, 400, 400], [r.text for r in answers]
    async with dialects.database.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(ListEntry)) == 0
