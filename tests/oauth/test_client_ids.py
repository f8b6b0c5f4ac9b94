"""Client ids from the wire: ASCII digits only, in range, else a clean 4xx (issue #10, item 4)."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx
import pytest

from kagami.db import Database
from tests.auth_support import REDIRECT, csrf_of, make_client, register

UNICODE_DIGITS = ["²", "①", "٣", "３"]
AUTHORIZE = ["/api/v2/oauth/authorize", "/api/auth/authorize", "/v1/oauth2/authorize"]
TOKEN = ["/api/v2/oauth/token", "/api/auth/access_token", "/v1/oauth2/token", "/v0.21/auth/token"]
HUGE = [str(2**64), str(2**63), str(2**31), "9" * 40, "²", "٣"]


async def _three_clients(database: Database) -> None:
    for _ in range(3):  # so "٣" (Arabic-Indic three) would name a real client if read as 3
        await make_client(database)


@pytest.mark.parametrize("path", AUTHORIZE)
@pytest.mark.parametrize("client_id", UNICODE_DIGITS)
async def test_unicode_digit_client_id_on_authorize_is_an_html_400(
    app_client: httpx.AsyncClient, database: Database, path: str, client_id: str
) -> None:
    await _three_clients(database)
    query = {"client_id": client_id, "redirect_uri": REDIRECT, "response_type": "code"}
    r = await app_client.get(f"{path}?{urlencode(query)}")
    assert r.status_code == 400
    assert "text/html" in r.headers["content-type"] and "location" not in r.headers
    assert "Unknown application" in r.text


@pytest.mark.parametrize("path", TOKEN)
@pytest.mark.parametrize("client_id", UNICODE_DIGITS)
async def test_unicode_digit_client_id_on_token_endpoints_is_invalid_client(
    app_client: httpx.AsyncClient, database: Database, path: str, client_id: str
) -> None:
    await _three_clients(database)
    grant = "password" if path.startswith("/v0.21") else "refresh_token"
    r = await app_client.post(
        path,
        data={"grant_type": grant, "client_id": client_id, "refresh_token": "x"}
        if grant == "refresh_token"
        else {"grant_type": grant, "client_id": client_id, "username": "a", "password": "b"},
    )
    if path == "/api/v2/oauth/token":  # AniList v2 serves only authorization_code
        r = await app_client.post(
            path, json={"grant_type": "authorization_code", "client_id": client_id, "code": "x"}
        )
    assert r.status_code == 401, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == "invalid_client"


@pytest.mark.parametrize("ident", HUGE)
async def test_out_of_range_or_unicode_ids_on_developer_pages_are_html_404(
    app_client: httpx.AsyncClient, ident: str
) -> None:
    await register(app_client)
    page = await app_client.get("/settings/developer")
    token = csrf_of(page.text)
    responses = [await app_client.get(f"/settings/developer/clients/{ident}")]
    for suffix in ("", "/secret", "/delete"):
        responses.append(
            await app_client.post(
                f"/settings/developer/clients/{ident}{suffix}",
                data={"csrf_token": token, "name": "x", "redirect_uris": REDIRECT},
            )
        )
    for r in responses:
        assert r.status_code == 404, (r.request.url, r.text)
        assert "text/html" in r.headers["content-type"]


@pytest.mark.parametrize("ident", HUGE)
async def test_out_of_range_or_unicode_ids_on_app_revoke_are_html_404(
    app_client: httpx.AsyncClient, ident: str
) -> None:
    await register(app_client)
    page = await app_client.get("/account")
    r = await app_client.post(
        f"/account/apps/{ident}/revoke", data={"csrf_token": csrf_of(page.text)}
    )
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
