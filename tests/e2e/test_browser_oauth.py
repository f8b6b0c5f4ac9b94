"""A person in a real browser: register, create a client, authorize, consent, use the token."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.e2e.conftest import ARGS, ARTIFACTS


def test_register_create_client_authorize_consent_exchange_and_call_me(
    live_server: str, chromium_path: str, backend: str
) -> None:
    from playwright.sync_api import sync_playwright

    base = live_server
    redirect = "http://127.0.0.1:9/callback"  # nothing listens: we only read the URL
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=ARGS)
        page = browser.new_page()
        page.goto(f"{base}/register?next=/account")
        page.fill("#name", "misaki")
        page.fill("#email", "misaki@example.org")
        page.fill("#password", "a long passphrase")
        page.click("button[type=submit]:has-text('Register')")
        # Registration starts no session (a taken email must look the same): log in next.
        page.wait_for_url(f"{base}/login?*")
        page.fill("#name", "misaki")
        page.fill("#password", "a long passphrase")
        page.click("button[type=submit]:has-text('Log in')")
        page.wait_for_url(f"{base}/account")

        page.goto(f"{base}/settings/developer")
        page.fill("#name", "Mirror Viewer")
        page.fill("#redirect_uris", redirect)
        page.click("button:has-text('Create client')")
        client_id = page.inner_text("#anilist-client-id")
        secret = page.inner_text("#client-secret")

        # A fresh browser context: not logged in, so authorize goes through login first.
        context = browser.new_context()
        page2 = context.new_page()
        page2.goto(
            f"{base}/api/v2/oauth/authorize?client_id={client_id}&redirect_uri={redirect}&response_type=code&state=xyz"
        )
        page2.wait_for_url(f"{base}/login?*")
        page2.fill("#name", "misaki")
        page2.fill("#password", "a long passphrase")
        page2.click("button[type=submit]:has-text('Log in')")
        page2.wait_for_selector("text=Authorize")
        ARTIFACTS.mkdir(exist_ok=True)
        page2.screenshot(
            path=str(ARTIFACTS / f"consent{'' if backend == 'sqlite' else '-' + backend}.png"),
            full_page=True,
        )
        landed: list[str] = []
        page2.on(
            "request", lambda req: landed.append(req.url) if req.url.startswith(redirect) else None
        )
        page2.click("button:has-text('Approve')")
        deadline = time.monotonic() + 10
        while not landed and time.monotonic() < deadline:
            page2.wait_for_timeout(100)
        browser.close()

    assert landed, "the browser never reached the redirect URI"
    query = parse_qs(urlsplit(landed[0]).query)
    assert query["state"] == ["xyz"]
    token = httpx.post(
        f"{base}/api/v2/oauth/token",
        json={
            "grant_type": "authorization_code",
            "client_id": client_id,
            "client_secret": secret,
            "redirect_uri": redirect,
            "code": query["code"][0],
        },
    ).json()
    me = httpx.get(
        f"{base}/v2/users/@me", headers={"Authorization": f"Bearer {token['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["name"] == "misaki"
