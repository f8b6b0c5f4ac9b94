"""RFC 6749 / RFC 9700 strictness (issue #10, item 6): fragments, duplicate parameters,
Basic-versus-body credentials, introspection fields, revoke/introspect error shape, 429 code."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx
import pytest

from kagami.db import Database
from kagami.oauth.codes import s256
from tests.auth_support import Client, get_code, make_client, register

LOOPBACK = "http://127.0.0.1/cb"
TOKEN_PATHS = [
    "/api/v2/oauth/token",
    "/api/auth/access_token",
    "/v1/oauth2/token",
    "/v0.21/auth/token",
]


@pytest.mark.parametrize(
    "path", ["/api/v2/oauth/authorize", "/api/auth/authorize", "/v1/oauth2/authorize"]
)
@pytest.mark.parametrize(
    "presented", ["http://127.0.0.1:9999/cb#x", "http://127.0.0.1/cb#", "http://127.0.0.1:80/cb#"]
)
async def test_loopback_redirect_with_a_fragment_is_refused(
    app_client: httpx.AsyncClient, database: Database, path: str, presented: str
) -> None:
    await register(app_client)
    c = await make_client(database, [LOOPBACK])
    query = {
        "client_id": c.mal_id if path.startswith("/v1") else c.id,
        "redirect_uri": presented,
        "response_type": "code",
        "code_challenge": "c" * 43,
    }
    r = await app_client.get(f"{path}?{urlencode(query)}")
    assert r.status_code == 400 and "location" not in r.headers
    assert "Redirect URI mismatch" in r.text


def _form(pairs: list[tuple[str, str]]) -> dict[str, object]:
    return {
        "content": urlencode(pairs).encode(),
        "headers": {"content-type": "application/x-www-form-urlencoded"},
    }


@pytest.mark.parametrize("path", TOKEN_PATHS)
async def test_duplicated_token_request_parameters_are_refused(
    app_client: httpx.AsyncClient, database: Database, path: str
) -> None:
    c = await make_client(database, grants=["client_credentials", "password"])
    pairs = [
        ("grant_type", "client_credentials"),
        ("client_id", str(c.id)),
        ("client_secret", "wrong"),
        ("client_secret", str(c.secret)),
    ]
    r = await app_client.post(path, **_form(pairs))  # type: ignore[arg-type]
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_request"
    assert r.headers["cache-control"] == "no-store"


async def test_duplicated_json_keys_are_refused(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    body = (
        f'{{"grant_type": "authorization_code", "client_id": {c.id}, "client_id": 2,'
        f' "client_secret": "{c.secret}", "code": "x"}}'
    )
    r = await app_client.post(
        "/api/v2/oauth/token", content=body, headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"


async def test_v1_parameter_in_both_query_and_body_is_refused(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    r = await app_client.post(
        f"/api/auth/access_token?client_secret={c.secret}",
        data={"grant_type": "client_credentials", "client_id": c.id, "client_secret": "x"},
    )
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"


@pytest.mark.parametrize("path", ["/api/auth/access_token", "/oauth/revoke", "/oauth/introspect"])
async def test_basic_credentials_must_match_the_body_client_id(
    app_client: httpx.AsyncClient, database: Database, path: str
) -> None:
    a, b = await make_client(database), await make_client(database)
    r = await app_client.post(
        path,
        data={"grant_type": "client_credentials", "client_id": b.id, "token": "t"},
        auth=(str(a.id), str(a.secret)),
    )
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "invalid_request"
    same = await app_client.post(
        path,
        data={"grant_type": "client_credentials", "client_id": a.id, "token": "t"},
        auth=(str(a.id), str(a.secret)),
    )
    assert same.status_code == 200, same.text


async def _mal_tokens(http: httpx.AsyncClient, c: Client) -> dict[str, str]:
    verifier = "q" * 50
    code = await get_code(
        http, c, "mal", code_challenge=s256(verifier), code_challenge_method="S256"
    )
    r = await http.post(
        "/v1/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "client_id": c.mal_id,
            "client_secret": str(c.secret),
            "code": code,
            "redirect_uri": "https://app.example/callback",
            "code_verifier": verifier,
        },
    )
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_introspection_of_an_access_token_answers_exp_and_scope(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    tokens = await _mal_tokens(app_client, c)
    auth = (str(c.id), str(c.secret))
    for token_type in ("access_token", "refresh_token"):
        r = await app_client.post(
            "/oauth/introspect", data={"token": tokens[token_type]}, auth=auth
        )
        body = r.json()
        assert body["active"] is True and body["token_type"] == token_type
        assert isinstance(body["exp"], int) and body["exp"] > 0
        assert body["scope"] == ""


@pytest.mark.parametrize("path", ["/oauth/revoke", "/oauth/introspect"])
async def test_revoke_and_introspect_errors_use_error_description(
    app_client: httpx.AsyncClient, database: Database, path: str
) -> None:
    c = await make_client(database)
    r = await app_client.post(path, data={"token": "t"}, auth=(str(c.id), "wrong"))
    assert r.status_code == 401
    body = r.json()
    assert body["error"] == "invalid_client" and body["error_description"]
    assert "message" not in body


async def test_throttled_token_endpoint_answers_429_temporarily_unavailable(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    statuses = []
    for _ in range(60):
        r = await app_client.post(
            "/api/auth/access_token",
            data={
                "grant_type": "authorization_code",
                "client_id": c.id,
                "client_secret": str(c.secret),
                "code": "guess",
                "redirect_uri": "https://app.example/callback",
            },
        )
        statuses.append(r.status_code)
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    assert r.json()["error"] == "temporarily_unavailable"
