"""SECURITY.md bearer-use items (BT-2, BT-4, BT-6, BT-7) over real HTTP."""

from __future__ import annotations

import httpx
import jwt
import pytest

from kagami.accounts.models import User
from kagami.db import Database
from kagami.oauth.keys import ALGORITHM
from tests.auth_support import REDIRECT, Client, get_code, make_client, register


async def _token(http: httpx.AsyncClient, c: Client, dialect: str = "anilist") -> str:
    code = await get_code(http, c, dialect)
    path = "/api/v2/oauth/token" if dialect == "anilist" else "/api/auth/access_token"
    r = await http.post(
        path,
        data={
            "grant_type": "authorization_code",
            "client_id": c.id,
            "client_secret": c.secret,
            "redirect_uri": REDIRECT,
            "code": code,
        },
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_BT_2_tokens_carry_issuer_and_per_family_audience(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    claims = jwt.decode(await _token(app_client, c), options={"verify_signature": False})
    v1 = jwt.decode(await _token(app_client, c, "v1"), options={"verify_signature": False})
    base = app_client.app.state.settings.base_url  # type: ignore[attr-defined]
    assert (claims["iss"], claims["aud"]) == (base, "anilist")
    assert (v1["iss"], v1["aud"]) == (base, "anilist-v1")


async def test_BT_2_cross_family_use_is_refused_unless_configured(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    al2, v1 = await _token(app_client, c), await _token(app_client, c, "v1")
    assert (await app_client.get("/v2/users/@me", headers=_bearer(al2))).status_code == 200
    app = app_client.app  # type: ignore[attr-defined]
    app.state.settings = app.state.settings.model_copy(update={"cross_dialect_tokens": False})
    on_mal = await app_client.get("/v2/users/@me", headers=_bearer(al2))
    assert on_mal.status_code == 401 and on_mal.json()["error"] == "invalid_token"
    assert (await app_client.get("/v2/users/@me", headers=_bearer(v1))).status_code == 401
    assert (await app_client.get("/api/user", headers=_bearer(al2))).status_code == 401
    assert (await app_client.get("/api/user", headers=_bearer(v1))).status_code == 200


async def test_BT_2_token_from_another_issuer_is_refused(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    claims = jwt.decode(await _token(app_client, c), options={"verify_signature": False})
    key = app_client.app.state.signing_key  # type: ignore[attr-defined]
    forged = jwt.encode(
        {**claims, "iss": "https://other.example"}, key.private, algorithm=ALGORITHM
    )
    assert (await app_client.get("/v2/users/@me", headers=_bearer(forged))).status_code == 401


async def test_BT_4_api_ignores_the_web_session_cookie(app_client: httpx.AsyncClient) -> None:
    await register(app_client)
    assert (await app_client.get("/account")).status_code == 200  # the cookie is live
    me = await app_client.get("/v2/users/@me")
    assert me.status_code in (401, 403) and "alice" not in me.text
    assert (await app_client.get("/api/user")).status_code == 401
    viewer = await app_client.post("/graphql", json={"query": "{ Viewer { id name } }"})
    assert viewer.status_code == 401
    assert not (viewer.json()["data"] or {}).get("Viewer")
    mutation = await app_client.post(
        "/graphql", json={"query": "mutation { SaveMediaListEntry(mediaId: 1) { id } }"}
    )
    assert mutation.status_code < 500  # resolvers are in progress: no entry is what counts
    assert not (mutation.json().get("data") or {}).get("SaveMediaListEntry")


@pytest.mark.parametrize("event", ["banned", "client_deleted"])
async def test_BT_6_token_of_banned_user_or_deleted_client_fails_next_request(
    app_client: httpx.AsyncClient, database: Database, event: str
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = await _token(app_client, c)
    assert (await app_client.get("/v2/users/@me", headers=_bearer(token))).status_code == 200
    async with database.session() as session:
        if event == "banned":
            user = await session.get(User, 1)
            assert user is not None
            user.is_active = False
        else:
            from kagami.oauth.clients import delete_client
            from kagami.oauth.models import OAuthClient

            client = await session.get(OAuthClient, c.id)
            assert client is not None
            await delete_client(session, client)
    r = await app_client.get("/v2/users/@me", headers=_bearer(token))
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v2/users/@me"), ("GET", "/api/user"), ("POST", "/graphql")],
)
async def test_BT_7_access_token_in_the_query_is_never_accepted(
    app_client: httpx.AsyncClient, database: Database, method: str, path: str
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = await _token(app_client, c, "v1" if path.startswith("/api/") else "anilist")
    app_client.cookies.clear()
    kwargs: dict[str, object] = {"params": {"access_token": token}}
    if method == "POST":
        kwargs["json"] = {"query": "{ Viewer { id } }"}
    r = await app_client.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert r.status_code in (401, 403), r.text
    assert "alice" not in r.text
