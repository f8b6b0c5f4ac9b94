"""Developer settings: the app type is chosen at creation (issue #10, item 1)."""

from __future__ import annotations

import re

import httpx

from tests.auth_support import REDIRECT, csrf_of, register


async def _create(http: httpx.AsyncClient, **fields: str) -> httpx.Response:
    page = await http.get("/settings/developer")
    assert 'name="client_type"' in page.text
    return await http.post(
        "/settings/developer/clients",
        data={"csrf_token": csrf_of(page.text), "name": "App", "redirect_uris": REDIRECT, **fields},
    )


async def test_web_client_is_the_default_and_shows_its_secret_once(
    app_client: httpx.AsyncClient,
) -> None:
    await register(app_client)
    r = await _create(app_client)
    assert r.status_code == 200 and 'id="client-secret"' in r.text
    assert re.search(r'id="client-type">web', r.text)


async def test_public_client_from_the_page_has_no_secret_to_show_or_regenerate(
    app_client: httpx.AsyncClient,
) -> None:
    await register(app_client)
    r = await _create(app_client, client_type="ios")
    assert r.status_code == 200 and 'id="client-secret"' not in r.text
    assert re.search(r'id="client-type">ios', r.text)
    client_id = re.search(r'id="anilist-client-id">(\d+)<', r.text)
    assert client_id
    edit = await app_client.get(f"/settings/developer/clients/{client_id.group(1)}")
    assert "Regenerate secret" not in edit.text
    regen = await app_client.post(
        f"/settings/developer/clients/{client_id.group(1)}/secret",
        data={"csrf_token": csrf_of(edit.text)},
    )
    assert regen.status_code == 400 and 'id="client-secret"' not in regen.text


async def test_unknown_client_type_is_a_form_error(app_client: httpx.AsyncClient) -> None:
    await register(app_client)
    r = await _create(app_client, client_type="desktop")
    assert r.status_code == 400 and "Choose one of: web, android, ios, other." in r.text
