"""End-to-end OAuth flows per dialect over real HTTP, and cross-dialect token use."""

from __future__ import annotations

import httpx

from kagami.db import Database
from tests.auth_support import REDIRECT, get_code, make_client, register


async def test_anilist_code_flow_issues_one_year_jwt_usable_on_mal(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c)
    r = await app_client.post(
        "/api/v2/oauth/token",
        json={
            "grant_type": "authorization_code",
            "client_id": c.id,
            "client_secret": c.secret,
            "redirect_uri": REDIRECT,
            "code": code,
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 31536000
    import jwt

    assert jwt.decode(body["access_token"], options={"verify_signature": False})["sub"] == "1"
    me = await app_client.get(
        "/v2/users/@me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200 and me.json()["name"] == "alice"
    assert me.json()["joined_at"].endswith("+00:00")


async def test_v1_code_flow_returns_seed_001_fields(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c, "v1")
    r = await app_client.post(
        "/api/auth/access_token",
        data={
            "grant_type": "authorization_code",
            "client_id": c.id,
            "client_secret": c.secret,
            "redirect_uri": REDIRECT,
            "code": code,
        },
    )
    body = r.json()
    assert r.status_code == 200, body
    assert set(body) == {"access_token", "token_type", "expires", "expires_in", "refresh_token"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    user = await app_client.get(
        "/api/user", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert user.status_code == 200 and user.json()["display_name"] == "alice"


async def test_mal_pkce_s256_flow_and_rotating_refresh(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    from kagami.oauth.codes import s256

    await register(app_client)
    c = await make_client(database, client_type="android")  # public: PKCE, no secret
    verifier = "v" * 64
    code = await get_code(
        app_client, c, "mal", code_challenge=s256(verifier), code_challenge_method="S256"
    )
    r = await app_client.post(
        "/v1/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "client_id": c.mal_id,
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
    )
    body = r.json()
    assert r.status_code == 200, body
    assert set(body) == {"token_type", "expires_in", "access_token", "refresh_token"}
    r2 = await app_client.post(
        "/v1/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": c.mal_id,
            "refresh_token": body["refresh_token"],
        },
    )
    assert r2.status_code == 200 and r2.json()["refresh_token"] != body["refresh_token"]


async def test_builtin_seed_002_client_password_grant_works_out_of_the_box(
    app_client: httpx.AsyncClient,
) -> None:
    await register(app_client)
    r = await app_client.post(
        "/v0.21/auth/token",
        data={
            "client_id": "6114d00ca681b7701d1e15fe11a4987e",
            "grant_type": "password",
            "username": "ALICE",
            "password": "correct horse battery",
        },
    )
    assert r.status_code == 200, r.text
    me = await app_client.get(
        "/v2/users/@me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.status_code == 200
