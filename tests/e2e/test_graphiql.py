"""GraphiQL loads in a real browser from assets Kagami serves itself (no CDN, works offline)."""

from __future__ import annotations

import json

from tests.e2e.conftest import ARGS, ARTIFACTS


def test_graphiql_renders_and_runs_a_query_without_internet(
    live_server: str, chromium_path: str, backend: str
) -> None:
    from playwright.sync_api import sync_playwright

    external: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.on(
            "request",
            lambda r: None if r.url.startswith(live_server) else external.append(r.url),
        )
        page.goto(f"{live_server}/graphql", wait_until="networkidle")
        page.wait_for_selector(".graphiql-container", timeout=15000)
        result = page.evaluate(
            """async () => {
                const r = await fetch('/graphql', {method: 'POST',
                    headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({query: '{ GenreCollection }'})});
                return await r.text();
            }"""
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"graphiql-{backend}.png"))
        browser.close()
    assert external == []
    assert json.loads(result) == {"data": {"GenreCollection": []}}
