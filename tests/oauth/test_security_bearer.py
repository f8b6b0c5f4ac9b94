"""SECURITY.md bearer-use items (BT-2, BT-3, BT-4, BT-6, BT-7) over real HTTP."""

from __future__ import annotations

import logging

import httpx
import jwt
import pytest

from kagami.accounts.models import User
from kagami.db import Database
from kagami.logs import RedactSecretsFilter, redact
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


def _set(http: httpx.AsyncClient, **update: object) -> None:
    app = http.app  # type: ignore[attr-defined]
    app.state.settings = app.state.settings.model_copy(update=update)


@pytest.mark.parametrize("where", ["query", "header"])
async def test_BT_7_v1_url_token_is_accepted_on_api_user_when_enabled(
    app_client: httpx.AsyncClient, database: Database, where: str
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = await _token(app_client, c, "v1")
    app_client.cookies.clear()
    if where == "query":
        r = await app_client.get("/api/user", params={"access_token": token})
    else:
        r = await app_client.get("/api/user", headers={"access_token": token})
    assert r.status_code == 200, r.text
    assert r.json()["display_name"] == "alice"


async def test_BT_7_v1_url_token_is_refused_when_disabled(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = await _token(app_client, c, "v1")
    app_client.cookies.clear()
    _set(app_client, v1_query_tokens=False)
    for kwargs in ({"params": {"access_token": token}}, {"headers": {"access_token": token}}):
        r = await app_client.get("/api/user", **kwargs)  # type: ignore[arg-type]
        assert r.status_code == 401, r.text
        assert "alice" not in r.text
    assert (await app_client.get("/api/user", headers=_bearer(token))).status_code == 200


async def test_BT_7_v1_url_token_alongside_authorization_is_refused(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = await _token(app_client, c, "v1")
    app_client.cookies.clear()
    r = await app_client.get("/api/user", params={"access_token": token}, headers=_bearer(token))
    assert r.status_code == 401


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v2/users/@me"), ("POST", "/graphql"), ("POST", "/")],
)
async def test_BT_7_url_token_is_ignored_outside_v1(
    app_client: httpx.AsyncClient, database: Database, method: str, path: str, enabled: bool
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = await _token(app_client, c)
    app_client.cookies.clear()
    _set(app_client, v1_query_tokens=enabled)
    body = {"json": {"query": "{ Viewer { id name } }"}} if method == "POST" else {}
    for extra in ({"params": {"access_token": token}}, {"headers": {"access_token": token}}):
        r = await app_client.request(method, path, **body, **extra)  # type: ignore[arg-type]
        assert r.status_code in (401, 403), r.text
        assert "alice" not in r.text
    # The same token in the Authorization header works: the URL copy was ignored, not broken.
    ok = await app_client.request(method, path, headers=_bearer(token), **body)  # type: ignore[arg-type]
    assert ok.status_code == 200 and "alice" in ok.text


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('1.2.3.4:5 - "GET /api/user?access_token=eyJ.abc.def HTTP/1.1" 200', "eyJ.abc.def"),
        ("/cb?code=XYZ123&state=s", "XYZ123"),
        ("/api/auth/access_token?grant_type=refresh_token&refresh_token=R-1_x", "R-1_x"),
        ("/api/auth/access_token?client_id=3&client_secret=S3cr%2Bt", "S3cr%2Bt"),
        ("/x?ACCESS_TOKEN=upper", "upper"),
    ],
)
def test_BT_7_redact_hides_url_secrets(line: str, secret: str) -> None:
    out = redact(line)
    assert secret not in out and "[redacted]" in out


def test_BT_7_redact_leaves_other_parameters_alone() -> None:
    line = "/api/auth/authorize?grant_type=authorization_code&response_type=code&error_code=5"
    assert redact(line) == line
    assert redact("/x?state=1&code=abc") == "/x?state=1&code=[redacted]"


def test_BT_7_access_log_filter_redacts_uvicorn_access_records() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:1", "GET", "/api/user?access_token=tok.en.x&x=1", "1.1", 200),
        None,
    )
    assert RedactSecretsFilter().filter(record)
    assert "tok.en.x" not in record.getMessage()
    assert "/api/user?access_token=[redacted]&x=1" in record.getMessage()


# (name, header pairs): broken Authorization headers a client or attacker may send.
BROKEN_AUTHORIZATION = [
    ("garbage-token", [("Authorization", "Bearer not.a.jwt")]),
    ("junk-scheme", [("Authorization", "Token abc")]),
    ("basic-scheme", [("Authorization", "Basic YWxpY2U6cHc=")]),
    ("empty-bearer", [("Authorization", "Bearer ")]),
    ("over-8-KiB", [("Authorization", "Bearer " + "a" * 9000)]),
    ("duplicate-header", [("Authorization", "Bearer a.b.c"), ("Authorization", "Bearer d.e.f")]),
]


@pytest.mark.parametrize(("_name", "headers"), BROKEN_AUTHORIZATION)
async def test_BT_3_broken_authorization_is_a_clean_refusal_in_each_dialect(
    app_client: httpx.AsyncClient, _name: str, headers: list[tuple[str, str]]
) -> None:
    viewer = await app_client.post(
        "/graphql", json={"query": "{ Viewer { id } }"}, headers=httpx.Headers(headers)
    )
    assert viewer.status_code in (400, 401), viewer.text
    message = viewer.json()["errors"][0]["message"]
    assert message in ("Invalid token", "Unauthorized."), message
    for path in ("/api/user", "/v2/users/@me"):
        r = await app_client.get(path, headers=httpx.Headers(headers))
        assert r.status_code == 401, (path, r.status_code, r.text[:200])
        assert r.headers["www-authenticate"].lower().startswith("bearer"), path
        assert "Traceback" not in r.text
    mal = await app_client.get("/v2/users/@me", headers=httpx.Headers(headers))
    assert set(mal.json()) >= {"error", "message"}


async def test_BT_3_the_bearer_scheme_is_matched_case_insensitively(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    token = await _token(app_client, c)
    for scheme in ("bearer", "BEARER", "BeArEr"):
        auth = {"Authorization": f"{scheme} {token}"}
        r = await app_client.post("/graphql", json={"query": "{ Viewer { id } }"}, headers=auth)
        assert r.status_code == 200 and r.json()["data"]["Viewer"]["id"], (scheme, r.text)
        assert (await app_client.get("/v2/users/@me", headers=auth)).status_code == 200, scheme
