"""Every credential flow over HTTP with unique canary secrets (OB-1), against any base URL.

Runs the same way in-process and against a `kagami serve` subprocess: clients are made
through the developer page, so nothing but HTTP is needed.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx

from tests.auth_support import REDIRECT, Client, approve, csrf_of, get_code, query_of, register

MAL_V021_CLIENT = "6114d00ca681b7701d1e15fe11a4987e"  # seed 002's built-in client


def canary(kind: str) -> str:
    """A unique value that must never appear in any log."""
    return f"CANARY{kind}{secrets.token_hex(12)}"


@dataclass
class Canaries:
    """Every secret a flow sent or received."""

    values: list[str] = field(default_factory=list)

    def add(self, *values: str | None) -> None:
        """Remember secrets (empty values are ignored)."""
        self.values.extend(v for v in values if v)

    def found_in(self, text: str) -> list[str]:
        """The canaries that leaked into ``text``."""
        return [v for v in self.values if v in text]


async def _web_client(http: httpx.AsyncClient, client_type: str = "web") -> Client:
    page = await http.get("/settings/developer")
    r = await http.post(
        "/settings/developer/clients",
        data={
            "csrf_token": csrf_of(page.text),
            "name": "Canary app",
            "redirect_uris": REDIRECT,
            "client_type": client_type,
            "grants": ["implicit", "pin", "client_credentials", "password", "pkce_plain"],
        },
    )
    assert r.status_code == 200, r.text
    ident = re.search(r'id="anilist-client-id">(\d+)<', r.text)
    mal = re.search(r'id="mal-client-id">([0-9a-f]+)<', r.text)
    secret = re.search(r'id="client-secret">([^<]+)<', r.text)
    assert ident and mal
    return Client(int(ident.group(1)), mal.group(1), secret.group(1) if secret else None)


async def _token(http: httpx.AsyncClient, path: str, data: dict[str, str | int]) -> dict[str, str]:
    r = await http.post(path, data=data)
    assert r.status_code == 200, r.text
    body: dict[str, str] = r.json()
    return body


async def run_every_flow(http: httpx.AsyncClient) -> Canaries:
    """Register, log in, every grant, refresh, revoke, v1 URL tokens, the PIN; wrong tries too."""
    seen = Canaries()
    password, wrong = canary("pw"), canary("wrongpw")
    seen.add(password, wrong)
    await register(http, "canary", password)
    await http.post("/login", data={"name": "canary", "password": wrong})  # refused: no CSRF
    page = await http.get("/login")
    await http.post(
        "/login", data={"csrf_token": csrf_of(page.text), "name": "canary", "password": wrong}
    )
    web = await _web_client(http)
    seen.add(web.secret)
    v1_path, al_path, mal_path = "/api/auth/access_token", "/api/v2/oauth/token", "/v1/oauth2/token"
    base = {"client_id": web.id, "client_secret": web.secret or "", "redirect_uri": REDIRECT}

    code = await get_code(http, web)  # AniList v2 authorization code
    al = await _token(http, al_path, {**base, "grant_type": "authorization_code", "code": code})
    seen.add(code, al["access_token"])
    reused = await http.post(
        al_path, data={**base, "grant_type": "authorization_code", "code": code}
    )
    assert reused.status_code == 400

    query = {"client_id": web.id, "redirect_uri": REDIRECT, "response_type": "token"}
    implicit = await approve(http, "/api/v2/oauth/authorize?" + urlencode(query))
    fragment = implicit.headers["location"].partition("#")[2]
    seen.add(query_of("?" + fragment).get("access_token"))

    code = await get_code(http, web, "v1")  # AniList v1: code, refresh, URL token, PIN, client
    v1 = await _token(http, v1_path, {**base, "grant_type": "authorization_code", "code": code})
    seen.add(code, v1["access_token"], v1["refresh_token"])
    refreshed = await _token(
        http, v1_path, {**base, "grant_type": "refresh_token", "refresh_token": v1["refresh_token"]}
    )
    seen.add(refreshed["access_token"])
    user = await http.get("/api/user", params={"access_token": refreshed["access_token"]})
    assert user.status_code == 200, user.text
    pin_page = await approve(
        http,
        "/api/auth/authorize?" + urlencode({"client_id": web.id, "response_type": "pin"}),
    )
    pin = re.search(r'<textarea id="pin"[^>]*>([^<]+)</textarea>', pin_page.text)
    assert pin
    pinned = await _token(
        http,
        v1_path,
        {k: v for k, v in base.items() if k != "redirect_uri"}
        | {"grant_type": "authorization_pin", "code": pin.group(1)},
    )
    seen.add(pin.group(1), pinned["access_token"])
    credentials = {"client_id": web.id, "client_secret": web.secret or ""}
    app_only = await _token(http, v1_path, {**credentials, "grant_type": "client_credentials"})
    seen.add(app_only["access_token"])

    public = await _web_client(http, "android")  # MAL v2: PKCE (plain), rotation, revocation
    verifier = canary("verifier") + "-._~" + secrets.token_hex(8)
    code = await get_code(http, public, "mal", code_challenge=verifier)
    mal = await _token(
        http,
        mal_path,
        {
            "grant_type": "authorization_code",
            "client_id": public.mal_id,
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
    )
    seen.add(verifier, code, mal["access_token"], mal["refresh_token"])
    rotated = await _token(
        http,
        mal_path,
        {
            "grant_type": "refresh_token",
            "client_id": public.mal_id,
            "refresh_token": mal["refresh_token"],
        },
    )
    seen.add(rotated["access_token"], rotated["refresh_token"])
    replay = {"grant_type": "refresh_token", "client_id": public.mal_id}
    reuse = await http.post(mal_path, data={**replay, "refresh_token": mal["refresh_token"]})
    assert reuse.status_code in (400, 401), reuse.text

    legacy = await _token(  # MAL v0.21 password grant, right and wrong
        http,
        "/v0.21/auth/token",
        {
            "grant_type": "password",
            "client_id": MAL_V021_CLIENT,
            "username": "canary",
            "password": password,
        },
    )
    seen.add(legacy["access_token"], legacy.get("refresh_token"))
    await http.post(
        "/v0.21/auth/token",
        data={
            "grant_type": "password",
            "client_id": MAL_V021_CLIENT,
            "username": "canary",
            "password": wrong,
        },
    )
    revoked = await http.post(
        "/oauth/revoke",
        data={**credentials, "token": v1["access_token"]},
    )
    assert revoked.status_code == 200, revoked.text
    return seen
