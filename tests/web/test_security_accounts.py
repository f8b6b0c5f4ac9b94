"""SECURITY.md password/account items (PW-2..5, 8, 9) and page items (WP-2, WP-6) over HTTP."""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from collections.abc import AsyncIterator
from types import SimpleNamespace
from urllib.parse import urlencode

import httpx
import pytest
import sqlalchemy as sa

from kagami.accounts.passwords import Passwords
from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.db.base import Base
from kagami.oauth.clients import create_client
from tests.auth_support import PASSWORD, REDIRECT, csrf_of, get_code, make_client, register

XSS = '<script>alert("x")</script>'


async def _login(
    http: httpx.AsyncClient, name: str, password: str, next_url: str = "/account"
) -> httpx.Response:
    page = await http.get("/login")
    return await http.post(
        "/login",
        data={
            "csrf_token": csrf_of(page.text),
            "name": name,
            "password": password,
            "next": next_url,
        },
    )


async def _logout(http: httpx.AsyncClient) -> None:
    page = await http.get("/account")
    await http.post("/logout", data={"csrf_token": csrf_of(page.text)})
    http.cookies.clear()


async def test_PW_2_hashing_is_off_the_loop_and_bounded() -> None:
    passwords = Passwords("rfc9106_low_memory", concurrency=2)
    stored = await passwords.hash(PASSWORD)
    active, peak = 0, 0
    real = passwords.hasher

    class CountingHasher:
        """Wraps the real hasher to record how many verifications run at once."""

        def verify(self, hashed: str, password: str) -> bool:
            nonlocal active, peak
            active += 1
            peak = max(peak, active)
            try:
                return real.verify(hashed, password)
            finally:
                active -= 1

        def check_needs_rehash(self, hashed: str) -> bool:
            return real.check_needs_rehash(hashed)

    passwords.hasher = CountingHasher()  # type: ignore[assignment]
    delays: list[float] = []

    async def ticker() -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            delays.append(time.perf_counter() - started - 0.005)

    tick = asyncio.create_task(ticker())
    results = await asyncio.gather(*(passwords.verify(stored, PASSWORD) for _ in range(20)))
    tick.cancel()
    assert all(ok for ok, _ in results)
    assert peak <= 2
    assert statistics.quantiles(delays, n=20)[-1] < 0.2  # p95 of loop latency


@pytest.mark.parametrize(
    "password",
    [
        "eightchr",
        "x" * 64,
        "y" * 128,
        "z" * 1024,
        "pässwörd with spaces",
        "🔑🔑🔑🔑🔑🔑🔑🔑",
        "lowercaseonlyletters",
    ],
)
async def test_PW_3_policy_accepts_long_unicode_and_no_composition_rules(
    app_client: httpx.AsyncClient, password: str
) -> None:
    r = await register(app_client, "alice", password)
    assert r.status_code == 303, r.text
    await _logout(app_client)
    assert (await _login(app_client, "alice", password)).status_code == 303


@pytest.mark.parametrize("password", ["short7!", "w" * 1025, "password", "12345678"])
async def test_PW_3_policy_rejects_short_overlong_and_common(
    app_client: httpx.AsyncClient, password: str
) -> None:
    r = await register(app_client, "alice", password)
    assert r.status_code == 400
    assert "password" in r.text.lower()


async def test_PW_3_password_is_used_exactly_as_sent(app_client: httpx.AsyncClient) -> None:
    assert (await register(app_client, "alice", "pässwörd-long ")).status_code == 303
    await _logout(app_client)
    assert (await _login(app_client, "alice", "pässwörd-long")).status_code == 400
    assert (await _login(app_client, "alice", " pässwörd-long ")).status_code == 400
    assert (await _login(app_client, "alice", "pässwörd-long ")).status_code == 303


async def test_PW_4_unknown_user_and_wrong_password_look_the_same(
    app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await register(app_client, "alice")
    await _logout(app_client)
    passwords = app_client.app.state.passwords  # type: ignore[attr-defined]
    verified: list[str] = []
    real = passwords._verify

    async def spy(stored: str, password: str) -> bool:
        verified.append(stored)
        return await real(stored, password)

    monkeypatch.setattr(passwords, "_verify", spy)
    wrong = await _login(app_client, "alice", "wrong password here")
    app_client.cookies.clear()
    unknown = await _login(app_client, "bobby", "wrong password here")
    assert wrong.status_code == unknown.status_code == 400
    strip = re.compile(r'name="csrf_token" value="[^"]+"')
    assert strip.sub("", wrong.text).replace("alice", "X") == strip.sub("", unknown.text).replace(
        "bobby", "X"
    )

    def cookie_names(r: httpx.Response) -> list[str]:
        return sorted(h.split("=", 1)[0] for h in r.headers.get_list("set-cookie"))

    assert cookie_names(wrong) == cookie_names(unknown)
    assert len(verified) == 2 and all(s.startswith("$argon2id$") for s in verified)


async def test_PW_5_lockout_after_ten_failures_even_with_the_right_password(
    app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await register(app_client, "alice")
    await _logout(app_client)
    for _ in range(10):
        assert (await _login(app_client, "alice", "wrong password here")).status_code == 400
    locked = await _login(app_client, "alice", PASSWORD)
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 1
    other_name = await _login(app_client, "bobby", "whatever it is")
    assert other_name.status_code == 429  # the IP is locked too
    later = time.time() + 901
    monkeypatch.setattr("kagami.accounts.throttle.time", SimpleNamespace(time=lambda: later))
    assert (await _login(app_client, "alice", PASSWORD)).status_code == 303


async def test_PW_8_password_change_requires_the_current_password(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client, "alice")
    c = await make_client(database)
    code = await get_code(app_client, c)
    token = (
        await app_client.post(
            "/api/v2/oauth/token",
            json={
                "grant_type": "authorization_code",
                "client_id": c.id,
                "client_secret": c.secret,
                "redirect_uri": REDIRECT,
                "code": code,
            },
        )
    ).json()["access_token"]
    page = await app_client.get("/account")
    r = await app_client.post(
        "/account/password",
        data={
            "csrf_token": csrf_of(page.text),
            "current_password": "not my password",
            "new_password": "a brand new passphrase",
        },
    )
    assert r.status_code == 400
    me = await app_client.get("/v2/users/@me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200  # nothing was revoked
    await _logout(app_client)
    assert (await _login(app_client, "alice", PASSWORD)).status_code == 303
    await _logout(app_client)
    assert (await _login(app_client, "alice", "a brand new passphrase")).status_code == 400


async def test_PW_9_account_deletion_removes_every_row_of_the_user(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client, "alice")
    c = await make_client(database)
    await get_code(app_client, c)  # an unredeemed code
    code = await get_code(app_client, c, "v1")
    tokens = (
        await app_client.post(
            "/api/auth/access_token",
            data={
                "grant_type": "authorization_code",
                "client_id": c.id,
                "client_secret": c.secret,
                "redirect_uri": REDIRECT,
                "code": code,
            },
        )
    ).json()
    page = await app_client.get("/account")
    r = await app_client.post(
        "/account/delete", data={"csrf_token": csrf_of(page.text), "password": PASSWORD}
    )
    assert r.status_code == 303
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await app_client.get("/api/user", headers=auth)).status_code == 401
    refreshed = await app_client.post(
        "/api/auth/access_token",
        data={
            "grant_type": "refresh_token",
            "client_id": c.id,
            "client_secret": c.secret,
            "refresh_token": tokens["refresh_token"],
        },
    )
    assert refreshed.json()["error"] == "invalid_grant"
    async with database.session() as session:
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table.name == "users" and fk.column.name == "id":
                    left = await session.scalar(
                        sa.select(sa.func.count()).select_from(table).where(fk.parent == 1)
                    )
                    assert left == 0, f"{table.name}.{fk.parent.name} still points at the user"
    assert (await _login(app_client, "alice", PASSWORD)).status_code == 400


@pytest.fixture
async def https_client(
    auth_settings: Settings, database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    """The app configured for a public https base URL."""
    settings = auth_settings.model_copy(update={"public_base_url": "https://kagami.example"})
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://kagami.example") as http:
        yield http


def _session_cookie(r: httpx.Response) -> str:
    cookies = [h for h in r.headers.get_list("set-cookie") if "kagami_session=" in h]
    assert len(cookies) == 1, r.headers.get_list("set-cookie")
    return cookies[0]


async def test_WP_2_session_cookie_is_httponly_lax_root_path_without_domain(
    app_client: httpx.AsyncClient,
) -> None:
    cookie = _session_cookie(await register(app_client))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert cookie.startswith("kagami_session=")
    assert {"httponly", "path", "samesite"} <= attributes and "domain" not in attributes
    assert "samesite=lax" in cookie.lower() and "path=/;" in cookie.lower() + ";"
    assert "secure" not in attributes  # plain-http dev server


async def test_WP_2_under_https_cookie_is_secure_with_host_prefix(
    https_client: httpx.AsyncClient,
) -> None:
    r = await register(https_client)
    assert r.status_code == 303
    cookie = _session_cookie(r)
    assert cookie.startswith("__Host-kagami_session=")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "path"} <= attributes and "domain" not in attributes
    assert (await https_client.get("/account")).status_code == 200


async def test_WP_6_reflected_authorize_values_are_escaped(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    pages = [
        await app_client.get(
            "/api/v2/oauth/authorize?" + urlencode({"client_id": XSS, "response_type": "code"})
        ),
        await app_client.get(
            "/api/v2/oauth/authorize?"
            + urlencode({"client_id": c.id, "redirect_uri": XSS, "state": XSS})
        ),
    ]
    for page in pages:
        assert page.status_code == 400
        assert XSS not in page.text and "&lt;script&gt;" in page.text
    bounced = await app_client.get(
        "/api/auth/authorize?" + urlencode({"client_id": c.id, "response_type": XSS, "state": XSS})
    )
    assert bounced.status_code == 302 and XSS not in bounced.headers["location"]
    assert "state=%3Cscript%3E" in bounced.headers["location"]


async def test_WP_6_usernames_and_client_names_are_escaped(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    failed = await _login(app_client, XSS, "whatever it is")
    assert XSS not in failed.text and "&lt;script&gt;" in failed.text
    rejected = await register(app_client, XSS)
    assert rejected.status_code == 400 and XSS not in rejected.text
    await register(app_client, "alice")
    async with database.session() as session:
        created = await create_client(session, owner_id=1, name=XSS, redirect_uris=[REDIRECT])
        client_id = created.client.id
    consent = await app_client.get(
        "/api/v2/oauth/authorize?"
        + urlencode({"client_id": client_id, "redirect_uri": REDIRECT, "response_type": "code"})
    )
    developer = await app_client.get("/settings/developer")
    edit = await app_client.get(f"/settings/developer/clients/{client_id}")
    for page in (consent, developer, edit):
        assert page.status_code == 200, page.text
        assert XSS not in page.text and "&lt;script&gt;" in page.text
