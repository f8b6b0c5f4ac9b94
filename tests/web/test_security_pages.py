"""SECURITY.md items for pages and accounts (RR-5, PW, WP), over real HTTP."""

from __future__ import annotations

import re

import httpx

from kagami.db import Database
from tests.auth_support import PASSWORD, csrf_of, get_code, make_client, register


async def test_RR_5_revoke_app_kills_one_year_token_immediately(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c)
    token = (
        await app_client.post(
            "/api/v2/oauth/token",
            json={
                "grant_type": "authorization_code",
                "client_id": c.id,
                "client_secret": c.secret,
                "redirect_uri": "https://app.example/callback",
                "code": code,
            },
        )
    ).json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert (await app_client.get("/v2/users/@me", headers=auth)).status_code == 200
    page = await app_client.get("/account")
    assert "Test app" in page.text
    r = await app_client.post(
        f"/account/apps/{c.id}/revoke", data={"csrf_token": csrf_of(page.text)}
    )
    assert r.status_code == 303
    assert (await app_client.get("/v2/users/@me", headers=auth)).status_code == 401


async def test_PW_1_hashes_are_argon2id_with_owasp_parameters() -> None:
    from kagami.accounts.passwords import Passwords

    stored = await Passwords().hash("a long passphrase")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4")


async def test_PW_6_names_unique_after_nfkc_casefold(app_client: httpx.AsyncClient) -> None:
    assert (await register(app_client, "admin")).status_code == 303
    app_client.cookies.clear()
    for name in ("Admin", "ａｄｍｉｎ"):
        r = await register(app_client, name)
        assert r.status_code == 400 and "taken" in r.text


async def test_PW_7_logout_invalidates_replayed_cookie(app_client: httpx.AsyncClient) -> None:
    await register(app_client)
    cookie = dict(app_client.cookies)
    page = await app_client.get("/account")
    await app_client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    app_client.cookies.clear()
    app_client.cookies.update(cookie)
    r = await app_client.get("/account")
    assert r.status_code == 302 and r.headers["location"].startswith("/login")


async def test_WP_1_forms_refuse_missing_or_foreign_csrf(app_client: httpx.AsyncClient) -> None:
    await register(app_client)
    r = await app_client.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": "another long one"}
    )
    assert r.status_code == 403
    r = await app_client.post(
        "/account/password",
        data={
            "csrf_token": "forged",
            "current_password": PASSWORD,
            "new_password": "another long one",
        },
    )
    assert r.status_code == 403


async def test_WP_3_pages_refuse_framing(app_client: httpx.AsyncClient) -> None:
    r = await app_client.get("/login")
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


async def test_OA_4_login_next_never_leaves_the_site(app_client: httpx.AsyncClient) -> None:
    await register(app_client)
    page = await app_client.get("/account")
    await app_client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    for bad in ("https://evil.example", "//evil.example", "/\\evil.example"):
        login = await app_client.get("/login", params={"next": bad})
        assert re.search(r'name="next" value="/"', login.text)
