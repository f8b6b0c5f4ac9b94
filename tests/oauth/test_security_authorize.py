"""SECURITY.md authorization-endpoint items (OA-3, 5, 6, 8, 9, 10) over real HTTP."""

from __future__ import annotations

import hashlib
import html
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
import sqlalchemy as sa

from kagami.db import Database
from kagami.errors import Invalid
from kagami.oauth.clients import redirect_matches, validate_redirect_uri
from kagami.oauth.enums import GrantType
from kagami.oauth.models import OAuthAccessToken, OAuthAuthorizationCode
from tests.auth_support import REDIRECT, approve, csrf_of, get_code, make_client, register

V2 = "/api/v2/oauth/authorize"


def _url(path: str, **params: object) -> str:
    return f"{path}?{urlencode(params)}"


async def _grant_rows(database: Database) -> tuple[int, int]:
    async with database.session() as session:
        codes = await session.scalar(sa.select(sa.func.count()).select_from(OAuthAuthorizationCode))
        tokens = await session.scalar(sa.select(sa.func.count()).select_from(OAuthAccessToken))
    return codes or 0, tokens or 0


async def _consent_form(client: httpx.AsyncClient, url: str) -> dict[str, str]:
    page = await client.get(url)
    assert page.status_code == 200, page.text
    blob = re.search(r'name="request" value="([^"]+)"', page.text)
    assert blob
    return {"csrf_token": csrf_of(page.text), "request": blob.group(1)}


@pytest.mark.parametrize(
    ("path", "params", "error"),
    [
        (V2, {"response_type": "id_token"}, "unsupported_response_type"),
        (
            "/api/auth/authorize",
            {"response_type": "code", "grant_type": "authorization_pin"},
            "invalid_request",
        ),
        ("/v1/oauth2/authorize", {"response_type": "token"}, "unsupported_response_type"),
    ],
)
async def test_OA_3_bad_request_redirects_error_with_state_and_creates_nothing(
    app_client: httpx.AsyncClient,
    database: Database,
    path: str,
    params: dict[str, str],
    error: str,
) -> None:
    await register(app_client)
    c = await make_client(database)
    client_id = c.mal_id if path.startswith("/v1") else c.id
    r = await app_client.get(
        _url(path, client_id=client_id, redirect_uri=REDIRECT, state="xyz", **params)
    )
    assert r.status_code == 302
    target = urlsplit(r.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == REDIRECT
    query = parse_qs(target.query)
    assert query["error"] == [error] and query["state"] == ["xyz"]
    assert await _grant_rows(database) == (0, 0)


async def test_OA_3_deny_redirects_access_denied_with_state_and_creates_nothing(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    form = await _consent_form(
        app_client,
        _url(V2, client_id=c.id, redirect_uri=REDIRECT, response_type="code", state="s1"),
    )
    r = await app_client.post("/oauth/consent", data={**form, "decision": "deny"})
    assert r.status_code == 302
    query = parse_qs(urlsplit(r.headers["location"]).query)
    assert query == {
        "error": ["access_denied"],
        "error_description": ["The user denied the request."],
        "state": ["s1"],
    }
    assert await _grant_rows(database) == (0, 0)


async def test_OA_5_get_authorize_mints_nothing_and_post_needs_csrf(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    url = _url(V2, client_id=c.id, redirect_uri=REDIRECT, response_type="code")
    for _ in range(3):
        assert (await app_client.get(url)).status_code == 200
    assert await _grant_rows(database) == (0, 0)
    form = await _consent_form(app_client, url)
    refused = await app_client.post(
        "/oauth/consent", data={"request": form["request"], "decision": "approve"}
    )
    assert refused.status_code == 403
    forged = await app_client.post(
        "/oauth/consent", data={**form, "csrf_token": "forged", "decision": "approve"}
    )
    assert forged.status_code == 403
    assert await _grant_rows(database) == (0, 0)


async def test_OA_5_tampered_consent_request_is_refused(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    other = await make_client(database, ["https://evil.example/cb"])
    form = await _consent_form(
        app_client, _url(V2, client_id=c.id, redirect_uri=REDIRECT, response_type="code")
    )
    payload, _, signature = form["request"].rpartition(".")
    # Swap the signed blob for one that names another client / redirect: the signature breaks.
    for tampered in (
        form["request"].replace(payload[:10], payload[:9] + ("A" if payload[9] != "A" else "B")),
        form["request"][:-2] + ("AA" if not signature.endswith("AA") else "BB"),
        "",
        str(other.id),
    ):
        r = await app_client.post(
            "/oauth/consent", data={**form, "request": tampered, "decision": "approve"}
        )
        assert r.status_code == 400 and "location" not in r.headers
    assert await _grant_rows(database) == (0, 0)


async def test_OA_5_consent_request_is_bound_to_the_session(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client, "alice")
    c = await make_client(database)
    form = await _consent_form(
        app_client, _url(V2, client_id=c.id, redirect_uri=REDIRECT, response_type="code")
    )
    app_client.cookies.clear()
    await register(app_client, "mallory")
    mine = await _consent_form(
        app_client, _url(V2, client_id=c.id, redirect_uri=REDIRECT, response_type="code")
    )
    r = await app_client.post(
        "/oauth/consent",
        data={"csrf_token": mine["csrf_token"], "request": form["request"], "decision": "approve"},
    )
    assert r.status_code == 400
    assert await _grant_rows(database) == (0, 0)


async def test_OA_6_codes_are_256_bit_and_stored_only_as_sha256(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c)
    assert len(code) >= 43  # 32 random bytes, base64url
    async with database.session() as session:
        stored = list(await session.scalars(sa.select(OAuthAuthorizationCode.code_hash)))
    assert stored == [hashlib.sha256(code.encode()).hexdigest()]


async def test_OA_6_code_stops_working_after_ten_minutes(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    code = await get_code(app_client, c)
    async with database.session() as session:
        row = await session.scalar(sa.select(OAuthAuthorizationCode))
        assert row is not None
        assert row.expires_at - row.created_at <= 600
        # The clock moves 601 s on: the same as pulling expires_at back by 601 s.
        row.expires_at -= 601
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
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


async def test_OA_6_code_lifetime_cannot_be_configured_above_ten_minutes() -> None:
    from pydantic import ValidationError

    from kagami.config import Settings

    with pytest.raises(ValidationError):
        Settings(code_lifetime=601, _env_file=None)  # type: ignore[call-arg]


async def test_OA_8_implicit_token_only_in_fragment_with_state(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    r = await approve(
        app_client,
        _url(V2, client_id=c.id, redirect_uri=REDIRECT, response_type="token", state="st"),
    )
    assert r.status_code == 302
    target = urlsplit(r.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == REDIRECT and target.query == ""
    fragment = parse_qs(target.fragment)
    assert fragment["state"] == ["st"] and fragment["token_type"] == ["Bearer"]
    assert fragment["expires_in"] == ["31536000"]
    me = await app_client.get(
        "/v2/users/@me", headers={"Authorization": f"Bearer {fragment['access_token'][0]}"}
    )
    assert me.status_code == 200


async def test_OA_8_implicit_off_per_client_is_unsupported_response_type(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database, grants=[GrantType.PIN.value])
    r = await app_client.get(
        _url(V2, client_id=c.id, redirect_uri=REDIRECT, response_type="token", state="st")
    )
    assert r.status_code == 302
    target = urlsplit(r.headers["location"])
    assert target.query == ""
    assert parse_qs(target.fragment)["error"] == ["unsupported_response_type"]
    assert await _grant_rows(database) == (0, 0)


async def test_OA_8_implicit_off_globally_is_unsupported_response_type(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    settings = app_client.app.state.settings  # type: ignore[attr-defined]
    app_client.app.state.settings = settings.model_copy(  # type: ignore[attr-defined]
        update={"implicit_grant_enabled": False}
    )
    r = await app_client.get(
        _url(V2, client_id=c.id, redirect_uri=REDIRECT, response_type="token", state="st")
    )
    assert r.status_code == 302
    assert parse_qs(urlsplit(r.headers["location"]).fragment)["error"] == [
        "unsupported_response_type"
    ]
    assert await _grant_rows(database) == (0, 0)


async def test_OA_9_v1_pin_is_shown_no_store_no_referrer_and_redeems_once(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    form = await _consent_form(
        app_client, _url("/api/auth/authorize", client_id=c.id, response_type="pin")
    )
    page = await app_client.post("/oauth/consent", data={**form, "decision": "approve"})
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.text)  # no third-party assets
    pin = re.search(r'<textarea id="pin"[^>]*>([^<]+)</textarea>', page.text)
    assert pin
    data = {
        "grant_type": "authorization_pin",
        "client_id": c.id,
        "client_secret": c.secret,
        "code": pin.group(1),
    }
    first = await app_client.post("/api/auth/access_token", data=data)
    assert first.status_code == 200
    again = await app_client.post("/api/auth/access_token", data=data)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


async def test_OA_9_v2_pin_page_shows_the_code_only_to_its_user(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client, "alice")
    base = app_client.app.state.settings.base_url  # type: ignore[attr-defined]
    pin_uri = f"{base}/api/v2/oauth/pin"
    c = await make_client(database, [pin_uri])
    form = await _consent_form(
        app_client, _url(V2, client_id=c.id, redirect_uri=pin_uri, response_type="code")
    )
    shown = await app_client.post("/oauth/consent", data={**form, "decision": "approve"})
    assert shown.status_code == 200 and shown.headers["cache-control"] == "no-store"
    match = re.search(r'<textarea id="pin"[^>]*>([^<]+)</textarea>', shown.text)
    assert match
    code = match.group(1)
    own = await app_client.get("/api/v2/oauth/pin", params={"code": code})
    assert own.status_code == 200 and code in own.text
    assert own.headers["cache-control"] == "no-store"
    assert own.headers["referrer-policy"] == "no-referrer"
    app_client.cookies.clear()
    await register(app_client, "mallory")
    other = await app_client.get("/api/v2/oauth/pin", params={"code": code})
    assert other.status_code == 404 and code not in other.text
    app_client.cookies.clear()
    anonymous = await app_client.get("/api/v2/oauth/pin", params={"code": code})
    assert anonymous.status_code == 302 and code not in anonymous.text


async def test_OA_10_consent_redirect_is_302_never_307(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    url = _url(V2, client_id=c.id, redirect_uri=REDIRECT, response_type="code")
    assert (await approve(app_client, url)).status_code in (302, 303)
    form = await _consent_form(app_client, url)
    denied = await app_client.post("/oauth/consent", data={**form, "decision": "deny"})
    assert denied.status_code in (302, 303)


@pytest.mark.parametrize(
    "uri",
    [
        "javascript:alert(1)",
        "data:text/html,hi",
        "file:///etc/passwd",
        "https://app.example/cb#frag",
        "https://*.app.example/cb",
        "https://app.example/*",
        "http://app.example/cb",
        "http://192.168.1.2/cb",
    ],
)
def test_OA_10_registration_refuses_dangerous_redirect_uris(uri: str) -> None:
    with pytest.raises(Invalid):
        validate_redirect_uri(uri)


@pytest.mark.parametrize(
    "uri", ["http://127.0.0.1/cb", "http://[::1]:8080/cb", "http://localhost/cb", REDIRECT]
)
def test_OA_10_loopback_http_and_https_are_accepted(uri: str) -> None:
    assert validate_redirect_uri(uri) == uri


def test_OA_10_insecure_flag_allows_plain_http_but_never_javascript() -> None:
    assert validate_redirect_uri("http://app.example/cb", allow_insecure=True)
    with pytest.raises(Invalid):
        validate_redirect_uri("javascript:alert(1)", allow_insecure=True)


@pytest.mark.parametrize(
    ("registered", "presented", "ok"),
    [
        ("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb", True),
        ("http://127.0.0.1:8000/cb", "http://127.0.0.1:9000/cb", True),
        ("http://[::1]/cb", "http://[::1]:51234/cb", True),
        ("http://localhost/cb", "http://localhost:3000/cb", True),
        ("http://127.0.0.1/cb", "http://127.0.0.1:1/other", False),
        ("http://127.0.0.1/cb", "http://evil@127.0.0.1:1/cb", False),
        ("http://127.0.0.1/cb", "http://127.0.0.2:1/cb", False),
        ("https://app.example/cb", "https://app.example:8443/cb", False),
        ("http://app.example/cb", "http://app.example:8080/cb", False),
    ],
)
def test_OA_10_only_loopback_redirects_may_vary_the_port(
    registered: str, presented: str, ok: bool
) -> None:
    assert redirect_matches(registered, presented) is ok


@pytest.mark.parametrize(
    ("path", "params", "error"),
    [
        (V2, {"response_type": "id_token"}, "unsupported_response_type"),
        (
            "/api/auth/authorize",
            {"response_type": "code", "grant_type": "authorization_pin"},
            "invalid_request",
        ),
        ("/v1/oauth2/authorize", {"response_type": "token"}, "unsupported_response_type"),
    ],
)
@pytest.mark.parametrize("days", [7, 0])
async def test_OA_3_untrusted_client_gets_an_error_page_with_a_link_not_a_redirect(
    app_client: httpx.AsyncClient,
    database: Database,
    path: str,
    params: dict[str, str],
    error: str,
    days: int,
) -> None:
    app = app_client.app  # type: ignore[attr-defined]
    app.state.settings = app.state.settings.model_copy(update={"untrusted_client_days": days})
    await register(app_client)
    c = await make_client(database)  # registered just now
    client_id = c.mal_id if path.startswith("/v1") else c.id
    r = await app_client.get(
        _url(path, client_id=client_id, redirect_uri=REDIRECT, state="xyz", **params)
    )
    if days == 0:  # nobody is untrusted: the usual redirect
        assert r.status_code == 302
        assert parse_qs(urlsplit(r.headers["location"]).query)["error"] == [error]
    else:
        assert r.status_code == 400 and "location" not in r.headers
        assert r.headers["content-type"].startswith("text/html")
        link = re.search(r'<a href="([^"]+)">Continue', r.text)
        assert link, r.text
        target = urlsplit(html.unescape(link.group(1)))
        assert f"{target.scheme}://{target.netloc}{target.path}" == REDIRECT
        query = parse_qs(target.query)
        assert query["error"] == [error] and query["state"] == ["xyz"]
    assert await _grant_rows(database) == (0, 0)


async def test_OA_3_client_older_than_the_window_is_trusted_again(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    from kagami.oauth.models import OAuthClient

    app = app_client.app  # type: ignore[attr-defined]
    app.state.settings = app.state.settings.model_copy(update={"untrusted_client_days": 7})
    c = await make_client(database)
    async with database.session() as session:
        client = await session.get(OAuthClient, c.id)
        assert client is not None
        client.created_at -= 8 * 86400
    r = await app_client.get(
        _url(V2, client_id=c.id, redirect_uri=REDIRECT, state="s", response_type="id_token")
    )
    assert r.status_code == 302
    assert parse_qs(urlsplit(r.headers["location"]).query)["error"] == ["unsupported_response_type"]
