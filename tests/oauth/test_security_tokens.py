"""SECURITY.md token-endpoint and refresh/revocation items (TK-8/9/10, RR-2/3/8) over HTTP."""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid

import httpx
import jwt
import pytest
import sqlalchemy as sa

from kagami.db import Database
from kagami.oauth.clients import delete_client, regenerate_secret
from kagami.oauth.codes import s256
from kagami.oauth.keys import ALGORITHM
from kagami.oauth.models import OAuthAccessToken, OAuthClient, OAuthRefreshToken
from kagami.oauth.tokens import purge_expired
from tests.auth_support import PASSWORD, REDIRECT, Client, csrf_of, get_code, make_client, register

VERIFIER = "v" * 64


def _code_body(c: Client, code: str) -> dict[str, object]:
    return {
        "grant_type": "authorization_code",
        "client_id": c.id,
        "client_secret": c.secret,
        "redirect_uri": REDIRECT,
        "code": code,
    }


def _secret_of(c: Client) -> dict[str, str]:
    """A confidential client's secret, which MAL's token endpoint needs on every request."""
    return {"client_secret": c.secret} if c.secret else {}


async def _mal_tokens(http: httpx.AsyncClient, c: Client) -> dict[str, object]:
    """Run MAL's PKCE code flow for ``c`` and return the token response."""
    code = await get_code(
        http, c, "mal", code_challenge=s256(VERIFIER), code_challenge_method="S256"
    )
    r = await http.post(
        "/v1/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "client_id": c.mal_id,
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": VERIFIER,
            **_secret_of(c),
        },
    )
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def _mal_refresh(http: httpx.AsyncClient, c: Client, token: object) -> httpx.Response:
    return await http.post(
        "/v1/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": c.mal_id,
            "refresh_token": str(token),
            **_secret_of(c),
        },
    )


async def _v1_tokens(http: httpx.AsyncClient, c: Client) -> dict[str, object]:
    code = await get_code(http, c, "v1")
    r = await http.post("/api/auth/access_token", data=_code_body(c, code))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def _al2_token(http: httpx.AsyncClient, c: Client) -> str:
    code = await get_code(http, c)
    r = await http.post("/api/v2/oauth/token", json=_code_body(c, code))
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


async def _me(http: httpx.AsyncClient, token: object) -> int:
    r = await http.get("/v2/users/@me", headers={"Authorization": f"Bearer {token}"})
    return r.status_code


async def _expire_everything(database: Database, seconds: int) -> None:
    """Move every token's expiry ``seconds`` into the past (the clock jumping forward)."""
    async with database.session() as session:
        for model in (OAuthAccessToken, OAuthRefreshToken):
            await session.execute(
                sa.update(model)
                .where(model.expires_at.is_not(None))
                .values(expires_at=model.expires_at - seconds)
            )


async def test_TK_8_lifetimes_match_upstream_in_the_response(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c)
    al2 = (await app_client.post("/api/v2/oauth/token", json=_code_body(c, code))).json()
    assert al2["expires_in"] == 31536000 and "refresh_token" not in al2
    before = int(time.time())
    v1 = await _v1_tokens(app_client, c)
    assert v1["expires_in"] == 3600
    assert before + 3600 <= int(v1["expires"]) <= int(time.time()) + 3600  # type: ignore[call-overload]
    mal = await _mal_tokens(app_client, c)
    assert mal["expires_in"] == 2678400 and mal["refresh_token"]
    async with database.session() as session:
        row = await session.scalar(
            sa.select(OAuthRefreshToken).where(OAuthRefreshToken.dialect == "mal")
        )
    assert row is not None and row.expires_at is not None
    assert row.expires_at - row.created_at == 62 * 86400


@pytest.mark.parametrize("lifetime", [2678400, 31536000])
async def test_TK_8_access_tokens_stop_working_after_their_lifetime(
    app_client: httpx.AsyncClient, database: Database, lifetime: int
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = (
        await _al2_token(app_client, c)
        if lifetime > 2678400
        else (await _mal_tokens(app_client, c))["access_token"]
    )
    assert await _me(app_client, token) == 200
    await _expire_everything(database, lifetime + 1)
    assert await _me(app_client, token) == 401


async def test_TK_8_mal_refresh_token_expires_after_sixty_two_days(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    tokens = await _mal_tokens(app_client, c)
    await _expire_everything(database, 62 * 86400 + 1)
    r = await _mal_refresh(app_client, c, tokens["refresh_token"])
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("path", ["/api/v2/oauth/token", "/v1/oauth2/token"])
async def test_TK_9_credentials_in_the_query_are_refused_on_al2_and_mal(
    app_client: httpx.AsyncClient, database: Database, path: str
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c)  # a live code: refused for where it was sent, not what
    r = await app_client.post(
        path, params={"client_secret": c.secret, "code": code}, data={"client_id": str(c.id)}
    )
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    assert r.headers["cache-control"] == "no-store"


async def test_TK_9_v1_accepts_query_credentials_only_on_post(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    params = {"grant_type": "client_credentials", "client_id": c.id, "client_secret": c.secret}
    posted = await app_client.post("/api/auth/access_token", params=params)
    assert posted.status_code == 200 and posted.json()["access_token"]
    got = await app_client.get("/api/auth/access_token", params=params)
    assert got.status_code == 405 and "access_token" not in got.text


async def test_TK_9_require_https_refuses_plain_http_without_redirecting(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    app = app_client.app  # type: ignore[attr-defined]
    app.state.settings = app.state.settings.model_copy(update={"require_https": True})
    body = {"grant_type": "client_credentials", "client_id": c.id, "client_secret": c.secret}
    plain = await app_client.post("/api/auth/access_token", data=body)
    assert plain.status_code == 400 and plain.json()["error"] == "invalid_request"
    assert "location" not in plain.headers
    secure = await app_client.post("https://testserver/api/auth/access_token", data=body)
    assert secure.status_code == 200


async def test_TK_10_random_code_guesses_never_succeed_and_end_in_429(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    real = await get_code(app_client, c, "v1")
    statuses = []
    for _ in range(200):
        body = {**_code_body(c, secrets.token_urlsafe(32)), "grant_type": "authorization_code"}
        statuses.append((await app_client.post("/api/auth/access_token", data=body)).status_code)
    assert 200 not in statuses and statuses[-1] == 429
    assert set(statuses) == {400, 429}
    locked = await app_client.post("/api/auth/access_token", data=_code_body(c, real))
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1
    pin = await app_client.post(
        "/api/auth/access_token",
        data={**_code_body(c, "guess"), "grant_type": "authorization_pin"},
    )
    assert pin.status_code == 429


async def test_TK_10_lock_follows_the_client_to_another_ip(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await make_client(database)
    for _ in range(60):
        await app_client.post("/api/auth/access_token", data=_code_body(c, "guess"))
    other_ip = httpx.ASGITransport(app=app_client.app, client=("203.0.113.9", 4000))  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=other_ip, base_url="http://testserver") as elsewhere:
        same_client = await elsewhere.post("/api/auth/access_token", data=_code_body(c, "g"))
        other = await make_client(database)
        other_client = await elsewhere.post(
            "/api/auth/access_token",
            data={
                "grant_type": "client_credentials",
                "client_id": other.id,
                "client_secret": other.secret,
            },
        )
    assert same_client.status_code == 429
    assert other_client.status_code == 200


async def test_RR_2_refresh_token_is_bound_to_its_client(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    a, b = await make_client(database), await make_client(database)
    tokens = await _mal_tokens(app_client, a)
    stolen = await _mal_refresh(app_client, b, tokens["refresh_token"])
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    with_secret = await app_client.post(
        "/v1/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": b.mal_id,
            "client_secret": b.secret,
            "refresh_token": tokens["refresh_token"],
        },
    )
    assert with_secret.json()["error"] == "invalid_grant"
    assert await _me(app_client, tokens["access_token"]) == 200
    own = await _mal_refresh(app_client, a, tokens["refresh_token"])
    assert own.status_code == 200


async def test_RR_2_v1_refresh_without_client_secret_is_invalid_client(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    tokens = await _v1_tokens(app_client, c)
    body = {
        "grant_type": "refresh_token",
        "client_id": c.id,
        "refresh_token": tokens["refresh_token"],
    }
    r = await app_client.post("/api/auth/access_token", data=body)
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    ok = await app_client.post("/api/auth/access_token", data={**body, "client_secret": c.secret})
    assert ok.status_code == 200


async def test_RR_3_concurrent_refreshes_yield_exactly_one_success(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    tokens = await _mal_tokens(app_client, c)
    results = await asyncio.gather(
        *(_mal_refresh(app_client, c, tokens["refresh_token"]) for _ in range(10))
    )
    assert sorted(r.status_code for r in results) == [200] + [400] * 9
    assert all(r.json()["error"] == "invalid_grant" for r in results if r.status_code == 400)


async def _change_password(http: httpx.AsyncClient) -> None:
    page = await http.get("/account")
    r = await http.post(
        "/account/password",
        data={
            "csrf_token": csrf_of(page.text),
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
        },
    )
    assert r.status_code == 303


async def _delete_account(http: httpx.AsyncClient) -> None:
    page = await http.get("/account")
    r = await http.post(
        "/account/delete", data={"csrf_token": csrf_of(page.text), "password": PASSWORD}
    )
    assert r.status_code == 303


@pytest.mark.parametrize("event", ["password", "account", "client", "secret"])
async def test_RR_8_old_tokens_fail_after_each_revoking_event(
    app_client: httpx.AsyncClient, database: Database, event: str
) -> None:
    await register(app_client)
    c = await make_client(database)
    al2 = await _al2_token(app_client, c)
    mal = await _mal_tokens(app_client, c)
    assert await _me(app_client, al2) == 200
    if event == "password":
        await _change_password(app_client)
    elif event == "account":
        await _delete_account(app_client)
    else:
        async with database.session() as session:
            client = await session.get(OAuthClient, c.id)
            assert client is not None
            if event == "client":
                await delete_client(session, client)
            else:
                await regenerate_secret(session, client)
    assert await _me(app_client, al2) == 401
    assert await _me(app_client, mal["access_token"]) == 401
    refresh = await _mal_refresh(app_client, c, mal["refresh_token"])
    assert refresh.json()["error"] in ("invalid_grant", "invalid_client")


async def test_RR_8_purged_token_behaves_like_one_never_issued(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    mal = await _mal_tokens(app_client, c)
    live = await _al2_token(app_client, c)
    async with database.session() as session:
        await session.execute(
            sa.update(OAuthAccessToken)
            .where(OAuthAccessToken.dialect == "mal")
            .values(expires_at=OAuthAccessToken.expires_at - 2678401)
        )
        assert await purge_expired(session) == 1
        assert (
            await session.scalar(sa.select(sa.func.count()).select_from(OAuthRefreshToken)) == 1
        )  # the 30-day refresh token outlives its access token
    app = app_client.app  # type: ignore[attr-defined]
    claims = jwt.decode(str(mal["access_token"]), options={"verify_signature": False})
    never = jwt.encode(
        {**claims, "jti": uuid.uuid4().hex, "exp": int(time.time()) + 3600},
        app.state.signing_key.private,
        algorithm=ALGORITHM,
        headers={"kid": app.state.signing_key.kid},
    )
    purged_r = await app_client.get(
        "/v2/users/@me", headers={"Authorization": f"Bearer {mal['access_token']}"}
    )
    never_r = await app_client.get("/v2/users/@me", headers={"Authorization": f"Bearer {never}"})
    assert purged_r.status_code == never_r.status_code == 401
    assert purged_r.json()["error"] == never_r.json()["error"] == "invalid_token"
    assert await _me(app_client, live) == 200
    assert (await _mal_refresh(app_client, c, mal["refresh_token"])).status_code == 200


async def test_RR_6_revoke_needs_client_authentication(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = await _al2_token(app_client, c)
    anonymous = await app_client.post("/oauth/revoke", data={"token": token})
    wrong = await app_client.post("/oauth/revoke", data={"token": token}, auth=(str(c.id), "no"))
    assert anonymous.status_code == wrong.status_code == 401
    assert (
        wrong.json()["error"] == "invalid_client"
        and "basic" in wrong.headers["www-authenticate"].lower()
    )
    assert await _me(app_client, token) == 200


async def test_RR_6_revoke_is_200_for_unknown_expired_or_revoked_tokens(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = await _al2_token(app_client, c)
    auth = (str(c.id), c.secret)
    assert (await app_client.post("/oauth/revoke", data={"token": "nope"}, auth=auth)).json() == {}
    first = await app_client.post("/oauth/revoke", data={"token": token}, auth=auth)
    assert first.status_code == 200 and first.headers["cache-control"] == "no-store"
    assert await _me(app_client, token) == 401
    again = await app_client.post("/oauth/revoke", data={"token": token}, auth=auth)
    assert again.status_code == 200
    expired = await _al2_token(app_client, c)
    await _expire_everything(database, 31536001)
    assert (
        await app_client.post("/oauth/revoke", data={"token": expired}, auth=auth)
    ).status_code == 200


async def test_RR_6_another_clients_token_is_refused_and_stays_valid(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    a, b = await make_client(database), await make_client(database)
    token = await _al2_token(app_client, a)
    mal = await _mal_tokens(app_client, a)
    for value in (token, mal["refresh_token"]):
        r = await app_client.post(
            "/oauth/revoke",
            data={"token": value, "client_id": b.id, "client_secret": b.secret},
        )
        assert r.status_code == 400 and r.json()["error"] == "unauthorized_client"
    assert await _me(app_client, token) == 200
    assert (await _mal_refresh(app_client, a, mal["refresh_token"])).status_code == 200


async def test_RR_6_wrong_hint_still_finds_the_token_and_refresh_revokes_its_grant(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    mal = await _mal_tokens(app_client, c)
    r = await app_client.post(
        "/oauth/revoke",
        data={"token": mal["refresh_token"], "token_type_hint": "access_token"},
        auth=(c.mal_id, c.secret),
    )
    assert r.status_code == 200
    assert await _me(app_client, mal["access_token"]) == 401
    refreshed = await _mal_refresh(app_client, c, mal["refresh_token"])
    assert refreshed.json()["error"] == "invalid_grant"


async def test_RR_7_introspection_needs_auth_and_reveals_only_own_live_tokens(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    a, b = await make_client(database), await make_client(database)
    token = await _al2_token(app_client, a)
    mal = await _mal_tokens(app_client, a)
    own = (str(a.id), a.secret)
    assert (await app_client.post("/oauth/introspect", data={"token": token})).status_code == 401
    live = (await app_client.post("/oauth/introspect", data={"token": token}, auth=own)).json()
    assert live["active"] is True and live["sub"] == "1" and live["client_id"] == str(a.id)
    fresh = await app_client.post(
        "/oauth/introspect", data={"token": mal["refresh_token"]}, auth=own
    )
    assert fresh.json()["active"] is True
    inactive = {"active": False}
    for value, auth in (
        (token, (str(b.id), b.secret)),
        ("unknown", own),
        (mal["refresh_token"], (str(b.id), b.secret)),
    ):
        r = await app_client.post("/oauth/introspect", data={"token": value}, auth=auth)
        assert r.status_code == 200 and r.json() == inactive
    await app_client.post("/oauth/revoke", data={"token": token}, auth=own)
    revoked = await app_client.post("/oauth/introspect", data={"token": token}, auth=own)
    assert revoked.json() == inactive
    await _expire_everything(database, 31536001)
    expired = await app_client.post(
        "/oauth/introspect", data={"token": mal["access_token"]}, auth=own
    )
    assert expired.json() == inactive


async def _used_seconds_ago(database: Database, refresh: object, seconds: int) -> None:
    """Pretend the refresh token was first used ``seconds`` ago (no sleeping)."""
    from kagami.oauth.codes import digest

    async with database.session() as session:
        await session.execute(
            sa.update(OAuthRefreshToken)
            .where(OAuthRefreshToken.token_hash == digest(str(refresh)))
            .values(used_at=int(time.time()) - seconds)
        )


async def _family_revoked(database: Database, refresh: object) -> bool:
    from kagami.oauth.codes import digest

    async with database.session() as session:
        family = await session.scalar(
            sa.select(OAuthRefreshToken.family_id).where(
                OAuthRefreshToken.token_hash == digest(str(refresh))
            )
        )
        live = await session.scalar(
            sa.select(sa.func.count())
            .select_from(OAuthRefreshToken)
            .where(OAuthRefreshToken.family_id == family, OAuthRefreshToken.revoked_at.is_(None))
        )
    return live == 0


async def test_RR_3_reuse_with_zero_grace_revokes_the_family(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    assert app_client.app.state.settings.refresh_reuse_grace_seconds == 0  # type: ignore[attr-defined]
    await register(app_client)
    c = await make_client(database)
    first = await _mal_tokens(app_client, c)
    rotated = await _mal_refresh(app_client, c, first["refresh_token"])
    assert rotated.status_code == 200
    replay = await _mal_refresh(app_client, c, first["refresh_token"])
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert await _family_revoked(database, first["refresh_token"])
    assert await _me(app_client, rotated.json()["access_token"]) == 401
    again = await _mal_refresh(app_client, c, rotated.json()["refresh_token"])
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


async def test_RR_3_reuse_within_grace_is_refused_without_revoking(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    app = app_client.app  # type: ignore[attr-defined]
    app.state.settings = app.state.settings.model_copy(update={"refresh_reuse_grace_seconds": 30})
    await register(app_client)
    c = await make_client(database)
    first = await _mal_tokens(app_client, c)
    rotated = await _mal_refresh(app_client, c, first["refresh_token"])
    assert rotated.status_code == 200
    await _used_seconds_ago(database, first["refresh_token"], 20)  # inside the 30 s window
    retry = await _mal_refresh(app_client, c, first["refresh_token"])
    assert retry.status_code == 400 and retry.json()["error"] == "invalid_grant"
    assert not await _family_revoked(database, first["refresh_token"])
    assert await _me(app_client, rotated.json()["access_token"]) == 200
    # After the window the same replay is theft: the whole family goes.
    await _used_seconds_ago(database, first["refresh_token"], 31)
    late = await _mal_refresh(app_client, c, first["refresh_token"])
    assert late.status_code == 400 and late.json()["error"] == "invalid_grant"
    assert await _family_revoked(database, first["refresh_token"])
    assert await _me(app_client, rotated.json()["access_token"]) == 401
    after = await _mal_refresh(app_client, c, rotated.json()["refresh_token"])
    assert after.status_code == 400 and after.json()["error"] == "invalid_grant"


async def test_RR_3_concurrent_refreshes_with_grace_yield_one_success_and_keep_the_family(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    app = app_client.app  # type: ignore[attr-defined]
    app.state.settings = app.state.settings.model_copy(update={"refresh_reuse_grace_seconds": 30})
    await register(app_client)
    c = await make_client(database)
    tokens = await _mal_tokens(app_client, c)
    results = await asyncio.gather(
        *(_mal_refresh(app_client, c, tokens["refresh_token"]) for _ in range(10))
    )
    assert sorted(r.status_code for r in results) == [200] + [400] * 9
    (winner,) = [r for r in results if r.status_code == 200]
    assert await _me(app_client, winner.json()["access_token"]) == 200
    follow = await _mal_refresh(app_client, c, winner.json()["refresh_token"])
    assert follow.status_code == 200
