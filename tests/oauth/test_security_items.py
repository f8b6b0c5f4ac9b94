"""SECURITY.md items (OA, TK, RR, BT), each test named after its id, over real HTTP."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

import httpx
import pytest

from kagami.db import Database
from kagami.oauth.codes import s256
from tests.auth_support import REDIRECT, get_code, make_client, register


def _exchange(c: object, code: str, **extra: str) -> dict[str, object]:
    return {
        "grant_type": "authorization_code",
        "client_id": c.id,
        "client_secret": c.secret,  # type: ignore[attr-defined]
        "redirect_uri": REDIRECT,
        "code": code,
        **extra,
    }


@pytest.mark.parametrize(
    "bad",
    [
        REDIRECT + "/",
        "https://app.example/Callback",
        REDIRECT + "?x=1",
        "https://app.example:444/callback",
        "https://app.example@evil.example/callback",
        "https://app.example/%2e%2e/callback",
        REDIRECT + "#f",
    ],
)
async def test_OA_1_redirect_uri_must_match_exactly(
    app_client: httpx.AsyncClient, database: Database, bad: str
) -> None:
    c = await make_client(database)
    r = await app_client.get(
        "/api/v2/oauth/authorize?"
        + urlencode({"client_id": c.id, "redirect_uri": bad, "response_type": "code"})
    )
    assert (
        r.status_code == 400
        and "location" not in r.headers
        and "text/html" in r.headers["content-type"]
    )


async def test_OA_2_unknown_client_gets_page_not_redirect(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await make_client(database)
    r = await app_client.get(
        "/api/v2/oauth/authorize?"
        + urlencode({"client_id": 999, "redirect_uri": REDIRECT, "response_type": "code"})
    )
    assert r.status_code == 400 and "location" not in r.headers


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"code_challenge": "short"},
        {"code_challenge": "a" * 129},
        {"code_challenge": "a" * 43 + "!"},
        {"code_challenge": "a" * 43, "code_challenge_method": "S512"},
    ],
)
async def test_OA_7_mal_pkce_validation_redirects_invalid_request(
    app_client: httpx.AsyncClient, database: Database, params: dict[str, str]
) -> None:
    c = await make_client(database)
    r = await app_client.get(
        "/v1/oauth2/authorize?"
        + urlencode({"client_id": c.mal_id, "response_type": "code", "state": "s", **params})
    )
    assert r.status_code == 302
    assert "error=invalid_request" in r.headers["location"] and "state=s" in r.headers["location"]


async def test_TK_1_code_is_single_use_and_reuse_revokes_tokens(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c, "v1")
    first = await app_client.post("/api/auth/access_token", data=_exchange(c, code))
    assert first.status_code == 200
    again = await app_client.post("/api/auth/access_token", data=_exchange(c, code))
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    me = await app_client.get(
        "/api/user", headers={"Authorization": f"Bearer {first.json()['access_token']}"}
    )
    assert me.status_code == 401


async def test_TK_1_concurrent_redemptions_exactly_one_wins(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c)
    results = await asyncio.gather(
        *(app_client.post("/api/v2/oauth/token", json=_exchange(c, code)) for _ in range(10))
    )
    assert sorted(r.status_code for r in results) == [200] + [400] * 9


async def test_TK_2_other_client_or_redirect_burns_code(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c, other = await make_client(database), await make_client(database)
    code = await get_code(app_client, c)
    wrong = await app_client.post("/api/v2/oauth/token", json=_exchange(other, code))
    assert wrong.json()["error"] == "invalid_grant"
    assert (
        await app_client.post("/api/v2/oauth/token", json=_exchange(c, code))
    ).status_code == 400
    code2 = await get_code(app_client, c)
    bad = await app_client.post(
        "/api/v2/oauth/token", json=_exchange(c, code2, redirect_uri=REDIRECT + "/")
    )
    assert bad.json()["error"] == "invalid_grant"


async def test_TK_3_pkce_mismatch_and_downgrade_are_invalid_grant(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    verifier = "x" * 50
    code = await get_code(
        app_client, c, "mal", code_challenge=s256(verifier), code_challenge_method="S256"
    )
    r = await app_client.post(
        "/v1/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "client_id": c.mal_id,
            "client_secret": c.secret,
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": "y" * 50,
        },
    )
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant" and "message" in r.json()
    code = await get_code(app_client, c)  # AniList code: no challenge
    r = await app_client.post(
        "/api/v2/oauth/token", json=_exchange(c, code, code_verifier="z" * 50)
    )
    assert r.json()["error"] == "invalid_grant"


async def test_TK_4_bad_secret_is_401_invalid_client_with_basic_challenge(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    r = await app_client.post(
        "/api/auth/access_token",
        data={"grant_type": "client_credentials"},
        auth=(str(c.id), "wrong"),
    )
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    assert r.headers["www-authenticate"].startswith("Basic")


async def test_TK_5_token_responses_are_no_store(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    for data in (
        {"grant_type": "client_credentials", "client_id": c.id, "client_secret": c.secret},
        {"grant_type": "nope"},
    ):
        r = await app_client.post("/api/auth/access_token", data=data)
        assert r.headers["cache-control"] == "no-store" and r.headers["pragma"] == "no-cache"
        assert r.headers["content-type"].startswith("application/json")


async def test_TK_6_client_credentials_token_has_no_user(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    assert (await app_client.post("/api/auth/access_token", data={"grant_type": "bogus"})).json()[
        "error"
    ] == "unsupported_grant_type"
    r = await app_client.post(
        "/api/auth/access_token",
        data={"grant_type": "client_credentials", "client_id": c.id, "client_secret": c.secret},
    )
    assert set(r.json()) == {"access_token", "token_type", "expires", "expires_in"}
    me = await app_client.get(
        "/api/user", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.status_code == 401


async def test_TK_7_password_grant_off_for_other_clients_and_identical_failures(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    r = await app_client.post(
        "/v0.21/auth/token",
        data={
            "client_id": c.mal_id,
            "client_secret": c.secret,
            "grant_type": "password",
            "username": "alice",
            "password": "correct horse battery",
        },
    )
    assert r.json()["error"] == "unauthorized_client"
    builtin = "6114d00ca681b7701d1e15fe11a4987e"
    wrong = await app_client.post(
        "/v0.21/auth/token",
        data={
            "client_id": builtin,
            "grant_type": "password",
            "username": "alice",
            "password": "nope nope",
        },
    )
    unknown = await app_client.post(
        "/v0.21/auth/token",
        data={
            "client_id": builtin,
            "grant_type": "password",
            "username": "bob",
            "password": "nope nope",
        },
    )
    assert (wrong.status_code, wrong.json()) == (unknown.status_code, unknown.json())


async def test_RR_1_refresh_reuse_revokes_family(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    builtin = "6114d00ca681b7701d1e15fe11a4987e"
    first = (
        await app_client.post(
            "/v0.21/auth/token",
            data={
                "client_id": builtin,
                "grant_type": "password",
                "username": "alice",
                "password": "correct horse battery",
            },
        )
    ).json()
    second = (
        await app_client.post(
            "/v1/oauth2/token",
            data={
                "client_id": builtin,
                "grant_type": "refresh_token",
                "refresh_token": first["refresh_token"],
            },
        )
    ).json()
    reuse = await app_client.post(
        "/v1/oauth2/token",
        data={
            "client_id": builtin,
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
        },
    )
    assert reuse.json()["error"] == "invalid_grant"
    newest = await app_client.post(
        "/v1/oauth2/token",
        data={
            "client_id": builtin,
            "grant_type": "refresh_token",
            "refresh_token": second["refresh_token"],
        },
    )
    assert newest.json()["error"] == "invalid_grant"
    me = await app_client.get(
        "/v2/users/@me", headers={"Authorization": f"Bearer {second['access_token']}"}
    )
    assert me.status_code == 401 and me.json()["error"] == "invalid_token"


async def test_RR_4_refresh_token_is_not_a_bearer(app_client: httpx.AsyncClient) -> None:
    await register(app_client)
    tokens = (
        await app_client.post(
            "/v0.21/auth/token",
            data={
                "client_id": "6114d00ca681b7701d1e15fe11a4987e",
                "grant_type": "password",
                "username": "alice",
                "password": "correct horse battery",
            },
        )
    ).json()
    r = await app_client.get(
        "/v2/users/@me", headers={"Authorization": f"Bearer {tokens['refresh_token']}"}
    )
    assert r.status_code == 401


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Basic abc",
        "Bearer " + "a" * 9000,
        "Bearer a.b.c",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
    ],
)
async def test_BT_1_BT_3_bad_tokens_are_401_never_500(
    app_client: httpx.AsyncClient, header: str
) -> None:
    r = await app_client.get("/v2/users/@me", headers={"Authorization": header})
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"
    assert r.headers["www-authenticate"].startswith("Bearer")
    v1 = await app_client.get("/api/user", headers={"Authorization": header})
    assert v1.status_code == 401


async def test_BT_5_client_id_alone_cannot_read_me(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    r = await app_client.get("/v2/users/@me", headers={"X-MAL-CLIENT-ID": c.mal_id})
    assert r.status_code == 401
    unknown = await app_client.get("/v2/users/@me", headers={"X-MAL-CLIENT-ID": "0" * 32})
    assert unknown.status_code == 400 and unknown.json() == {
        "error": "bad_request",
        "message": "Invalid client id",
    }
