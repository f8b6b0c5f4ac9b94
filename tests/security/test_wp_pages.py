"""SECURITY.md WP-4, WP-5, WP-7 and WP-8: page headers, CORS, and what consent and the
developer pages show and store."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.clients import create_client
from kagami.oauth.setup import ensure_builtin
from tests.auth_support import (  # noqa: F401 (fixtures)
    REDIRECT,
    app_client,
    auth_settings,
    csrf_of,
    make_client,
    register,
)

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
EVIL = "https://evil.example"


def _csp(response: httpx.Response) -> dict[str, str]:
    """The response's Content-Security-Policy as {directive: sources}."""
    directives = (
        d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";")
    )
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives if d[0]}


def _authorize_url(client_id: int) -> str:
    query = {"client_id": client_id, "redirect_uri": REDIRECT, "response_type": "code"}
    return f"/api/v2/oauth/authorize?{urlencode(query)}"


async def _html_pages(http: httpx.AsyncClient, database: Database) -> dict[str, httpx.Response]:
    """One of each kind of HTML page: anonymous, signed in, consent, GraphiQL."""
    pages = {
        "login": await http.get("/login", params={"next": "/api/v2/oauth/authorize"}),
        "register": await http.get("/register"),
        "graphiql": await http.get("/graphql", headers={"accept": "text/html"}),
    }
    await register(http)
    client = await make_client(database)
    pages["consent"] = await http.get(_authorize_url(client.id))
    pages["account"] = await http.get("/account")
    pages["developer"] = await http.get("/settings/developer")
    for name, page in pages.items():
        assert page.status_code == 200 and "text/html" in page.headers["content-type"], name
    return pages


async def test_WP_4_html_csp_is_strict_and_login_and_consent_leave_form_action_out(
    app_client: httpx.AsyncClient,  # noqa: F811
    database: Database,
) -> None:
    for name, page in (await _html_pages(app_client, database)).items():
        csp = _csp(page)
        assert csp["default-src"] == "'self'", name
        assert csp["script-src"] == "'self'", name  # no 'unsafe-inline', no CDN
        assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'", name
        if name in ("login", "consent"):
            assert "form-action" not in csp, name  # the redirect chain ends at the client
        else:
            assert csp.get("form-action") == "'self'", name


async def test_WP_5_oauth_pages_send_no_referrer_secret_pages_no_store_all_nosniff(
    app_client: httpx.AsyncClient,  # noqa: F811
    database: Database,
) -> None:
    pages = await _html_pages(app_client, database)
    for name in ("login", "consent"):
        assert pages[name].headers["referrer-policy"] == "no-referrer", name
        assert pages[name].headers["cache-control"] == "no-store", name
    page = await app_client.get("/settings/developer")
    form = {"csrf_token": csrf_of(page.text), "name": "App", "redirect_uris": REDIRECT}
    created = await app_client.post("/settings/developer/clients", data=form)
    assert 'id="client-secret"' in created.text
    assert created.headers["cache-control"] == "no-store"  # the page holding the secret
    answers = [
        *pages.values(),
        created,
        await app_client.post("/graphql", json={"query": "{ GenreCollection }"}),
        await app_client.get("/v2/anime/1"),
        await app_client.get("/api/anime/1"),
        await app_client.get("/healthz"),
    ]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff", answer.url
        assert "strict-transport-security" not in answer.headers, answer.url  # plain http


async def test_WP_5_hsts_for_a_year_only_when_https_is_configured(
    auth_settings: Settings,  # noqa: F811
    database: Database,
) -> None:
    app = create_app(
        auth_settings.model_copy(update={"public_base_url": "https://kagami.example"}), database
    )
    await ensure_builtin(database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://kagami.example") as http:
        for path in ("/login", "/healthz"):
            hsts = (await http.get(path)).headers["strict-transport-security"]
            assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31_536_000


async def test_WP_7_cors_never_allows_credentials_nor_reflects_an_origin(
    app_client: httpx.AsyncClient,  # noqa: F811
) -> None:
    await register(app_client)
    origin = {"Origin": EVIL}
    preflight = {**origin, "Access-Control-Request-Method": "POST"}
    answers = [
        await app_client.post("/graphql", json={"query": "{ GenreCollection }"}, headers=origin),
        await app_client.options("/graphql", headers=preflight),
        await app_client.get("/v2/anime/1", headers=origin),
        await app_client.get("/api/anime/1", headers=origin),
        await app_client.get("/login", headers=origin),
        await app_client.get("/account", headers=origin),
        await app_client.options("/account/password", headers=preflight),
    ]
    for answer in answers:
        assert answer.headers.get("access-control-allow-credentials") != "true", answer.url
        assert answer.headers.get("access-control-allow-origin") in (None, "*"), answer.url
        assert EVIL not in str(answer.headers), answer.url


async def test_WP_8_consent_shows_the_registered_name_cleaned_and_the_redirect_host(
    app_client: httpx.AsyncClient,  # noqa: F811
    database: Database,
) -> None:
    await register(app_client)
    name = "Good\x1b[31mApp\u202e\x00" + "n" * 300
    async with database.session() as session:
        created = await create_client(
            session,
            owner_id=None,
            name=name,
            redirect_uris=[REDIRECT],
            grants=None,
            client_type="web",
        )
    page = await app_client.get(_authorize_url(created.client.id))
    assert page.status_code == 200
    assert "app.example" in page.text  # the redirect host the code will go to
    shown = re.search(r"Good\S*", page.text)
    assert shown and shown.group(0).startswith("Good[31mApp")
    assert not any(c in page.text for c in "\x1b\u202e\x00")
    assert "n" * 129 not in page.text  # length-limited


async def test_WP_8_client_secret_is_shown_once_and_stored_only_as_a_hash(
    app_client: httpx.AsyncClient,  # noqa: F811
    auth_settings: Settings,  # noqa: F811
) -> None:
    await register(app_client)
    page = await app_client.get("/settings/developer")
    form = {"csrf_token": csrf_of(page.text), "name": "App", "redirect_uris": REDIRECT}
    created = await app_client.post("/settings/developer/clients", data=form)
    secret = re.search(r'id="client-secret"[^>]*>([^<]+)<', created.text)
    client_id = re.search(r'id="anilist-client-id">(\d+)<', created.text)
    assert secret and client_id
    edit = await app_client.get(f"/settings/developer/clients/{client_id.group(1)}")
    listing = await app_client.get("/settings/developer")
    for later in (edit, listing):
        assert later.status_code == 200 and secret.group(1) not in later.text
    regenerated = await app_client.post(
        f"/settings/developer/clients/{client_id.group(1)}/secret",
        data={"csrf_token": csrf_of(edit.text)},
    )
    fresh = re.search(r'id="client-secret"[^>]*>([^<]+)<', regenerated.text)
    assert fresh and fresh.group(1) != secret.group(1)
    database_file = Path(auth_settings.database_url.removeprefix("sqlite+aiosqlite:///"))
    for path in database_file.parent.glob(database_file.name + "*"):  # with -wal, -shm
        stored = path.read_bytes()
        for value in (secret.group(1), fresh.group(1)):
            assert value.encode() not in stored, path
