"""Client types and code binding (issue #10, item 1): public clients prove PKCE, web clients
prove their secret on every token request, and a code redeems only where it was issued."""

from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa

from kagami.db import Database
from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID
from kagami.oauth.codes import s256
from kagami.oauth.enums import ClientType
from kagami.oauth.models import OAuthClient
from tests.auth_support import REDIRECT, Client, get_code, make_client, query_of, register

VERIFIER = "k" * 64
PKCE = {"code_challenge": s256(VERIFIER), "code_challenge_method": "S256"}


def _mal_code_body(c: Client, code: str, **extra: str) -> dict[str, str]:
    return {
        "grant_type": "authorization_code",
        "client_id": c.mal_id,
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
        **extra,
    }


@pytest.mark.parametrize("dialect", ["anilist", "v1"])
async def test_anilist_code_redeemed_at_mal_with_only_the_client_id_gets_no_tokens(
    app_client: httpx.AsyncClient, database: Database, dialect: str
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c, dialect)
    r = await app_client.post("/v1/oauth2/token", data=_mal_code_body(c, code))
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    assert "access_token" not in r.json()


@pytest.mark.parametrize("dialect", ["anilist", "v1"])
async def test_code_redeems_only_at_the_token_endpoint_of_its_own_dialect(
    app_client: httpx.AsyncClient, database: Database, dialect: str
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c, dialect)
    # Even with the secret, an AniList code is not a MyAnimeList code.
    r = await app_client.post(
        "/v1/oauth2/token", data={**_mal_code_body(c, code), "client_secret": str(c.secret)}
    )
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    mal_code = await get_code(app_client, c, "mal", **PKCE)
    other = "/api/v2/oauth/token" if dialect == "anilist" else "/api/auth/access_token"
    r = await app_client.post(
        other,
        data={
            "grant_type": "authorization_code",
            "client_id": str(c.id),
            "client_secret": str(c.secret),
            "redirect_uri": REDIRECT,
            "code": mal_code,
            "code_verifier": VERIFIER,
        },
    )
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


async def test_refresh_token_needs_secret_for_confidential_client(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)  # web: confidential
    code = await get_code(app_client, c, "mal", **PKCE)
    without = await app_client.post("/v1/oauth2/token", data=_mal_code_body(c, code))
    assert without.status_code == 401 and without.json()["error"] == "invalid_client"
    code = await get_code(app_client, c, "mal", **PKCE)
    tokens = await app_client.post(
        "/v1/oauth2/token", data=_mal_code_body(c, code, client_secret=str(c.secret))
    )
    assert tokens.status_code == 200, tokens.text
    refresh = {
        "grant_type": "refresh_token",
        "client_id": c.mal_id,
        "refresh_token": tokens.json()["refresh_token"],
    }
    r = await app_client.post("/v1/oauth2/token", data=refresh)
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    r = await app_client.post("/v1/oauth2/token", data={**refresh, "client_secret": "wrong"})
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    r = await app_client.post("/v1/oauth2/token", data={**refresh, "client_secret": str(c.secret)})
    assert r.status_code == 200 and r.json()["refresh_token"]


@pytest.mark.parametrize("kind", ["android", "ios", "other"])
async def test_public_client_has_no_secret_and_uses_pkce_and_refresh_without_one(
    app_client: httpx.AsyncClient, database: Database, kind: str
) -> None:
    await register(app_client)
    c = await make_client(database, client_type=kind)
    assert c.secret is None
    code = await get_code(app_client, c, "mal", **PKCE)
    tokens = await app_client.post("/v1/oauth2/token", data=_mal_code_body(c, code))
    assert tokens.status_code == 200, tokens.text
    refresh = {
        "grant_type": "refresh_token",
        "client_id": c.mal_id,
        "refresh_token": tokens.json()["refresh_token"],
    }
    # A public client has no secret to send; one that claims a secret is refused.
    r = await app_client.post("/v1/oauth2/token", data={**refresh, "client_secret": "guess"})
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"
    r = await app_client.post("/v1/oauth2/token", data=refresh)
    assert r.status_code == 200 and r.json()["refresh_token"] != refresh["refresh_token"]


async def test_public_client_gets_no_anilist_code_pin_or_client_credentials(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database, client_type="other")
    for path in ("/api/v2/oauth/authorize", "/api/auth/authorize"):
        r = await app_client.get(
            path,
            params={"client_id": c.id, "redirect_uri": REDIRECT, "response_type": "code"},
        )
        assert r.status_code == 302, r.text
        assert query_of(r.headers["location"])["error"] == "unauthorized_client"
    pin = await app_client.get(
        "/api/auth/authorize", params={"client_id": c.id, "response_type": "pin"}
    )
    assert pin.status_code == 400 and "needs PKCE" in pin.text
    r = await app_client.post(
        "/api/auth/access_token", data={"grant_type": "client_credentials", "client_id": c.id}
    )
    assert r.status_code == 400 and r.json()["error"] == "unauthorized_client"
    # AniList's implicit grant is what a public AniList app uses, and still works.
    implicit = await app_client.get(
        "/api/v2/oauth/authorize",
        params={"client_id": c.id, "redirect_uri": REDIRECT, "response_type": "token"},
    )
    assert implicit.status_code == 200 and "Authorize" in implicit.text


async def test_builtin_seed_002_client_is_public(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    async with database.session() as session:
        builtin = await session.scalar(
            sa.select(OAuthClient).where(OAuthClient.mal_client_id == BUILTIN_MAL_CLIENT_ID)
        )
    assert builtin is not None and builtin.is_public and builtin.secret_hash is None
    assert ClientType(builtin.client_type) is ClientType.ANDROID


async def test_migration_types_existing_clients_and_drops_undatable_codes(
    empty_database: Database,
) -> None:
    from kagami.accounts.models import User
    from kagami.db.migrate import schema_drift, upgrade

    await upgrade(empty_database, "0003")
    async with empty_database.session() as session:
        session.add(User(name="alice"))
    insert_client = sa.text(
        "INSERT INTO oauth_clients (id, mal_client_id, name, secret_hash, redirect_uris,"
        " allowed_grants, is_builtin, created_at, updated_at)"
        " VALUES (:id, :mal, 'app', :secret, '[]', '[]', :builtin, 0, 0)"
    )
    async with empty_database.engine.begin() as conn:
        await conn.execute(
            insert_client, {"id": 1, "mal": "a" * 32, "secret": "h", "builtin": False}
        )
        await conn.execute(
            insert_client, {"id": 2, "mal": BUILTIN_MAL_CLIENT_ID, "secret": None, "builtin": True}
        )
        await conn.execute(
            sa.text(
                "INSERT INTO oauth_authorization_codes (code_hash, client_id, user_id, kind,"
                " scope, expires_at, created_at) VALUES ('c', 1, 1, 'code', '', 2000000000, 0)"
            )
        )
    await upgrade(empty_database)
    async with empty_database.engine.connect() as conn:
        types = dict(
            (await conn.execute(sa.text("SELECT id, client_type FROM oauth_clients"))).all()
        )
        codes = await conn.scalar(sa.text("SELECT count(*) FROM oauth_authorization_codes"))
    assert types == {1: "web", 2: "android"} and codes == 0
    assert await schema_drift(empty_database) == []
