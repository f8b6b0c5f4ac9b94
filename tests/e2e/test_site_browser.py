"""A person on the site in a real browser: sign up, search, add a show, +1, change the score
format, follow someone and see their activity, get a notification; axe-core on every page.

One test on SQLite (the HTTP tests cover both backends), one browser for the whole flow.
Set ``KAGAMI_TEST_SHOTS=/some/dir`` to keep a screenshot of every page (desktop and phone).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.catalogue.models import Media
from kagami.config import Settings
from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import build_catalogue
from tests.e2e.conftest import ARGS

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "a long passphrase"
PHONE = {"width": 390, "height": 844}


# Nothing listens on the discard port: the cover fails at once, as an offline CDN would.
BROKEN_COVER = "http://127.0.0.1:9/cover.jpg"


def _seed(settings: Settings) -> Any:
    async def run() -> Any:
        db = Database(settings)
        try:
            c = await build_catalogue(db)
            async with db.session() as s:
                broken = {"cover_large": BROKEN_COVER, "cover_medium": BROKEN_COVER}
                await s.execute(sa.update(Media).where(Media.id == c.bebop).values(**broken))
            return c
        finally:
            await db.dispose()

    return asyncio.run(run())


class Visitor:
    """One person's browser tab, with the page checks every step runs."""

    def __init__(self, page: Any, base: str, name: str) -> None:
        self.page, self.base, self.name = page, base, name
        self.violations: dict[str, list[str]] = {}

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def sign_up(self) -> None:
        self.go("/register")
        self.page.fill("#name", self.name)
        self.page.fill("#email", f"{self.name}@example.org")
        self.page.fill("#password", PASSWORD)
        self.page.click("button[type=submit]:has-text('Register')")
        self.page.wait_for_url(f"{self.base}/login?*")
        self.page.fill("#name", self.name)
        self.page.fill("#password", PASSWORD)
        self.page.click("button[type=submit]:has-text('Log in')")
        self.page.wait_for_url(f"{self.base}/")

    def check(self, label: str, axe: bool = True) -> None:
        """Run axe-core on the page (serious/critical kept) and keep a screenshot if asked."""
        if axe:
            self.page.add_script_tag(path=str(AXE))
            found = self.page.evaluate(
                """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                    .filter(v => ['serious', 'critical'].includes(v.impact))
                    .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
            )
            if found:
                self.violations[label] = found
        shots = os.environ.get("KAGAMI_TEST_SHOTS")
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(shots) / f"{label}.png"), full_page=True)

    def text(self, selector: str = "main") -> str:
        return " ".join(self.page.inner_text(selector).split())


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_person_uses_the_site_in_a_browser(
    live_server: str, chromium_path: str, settings: Settings
) -> None:
    from playwright.sync_api import sync_playwright

    c = _seed(settings)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=ARGS)
        # bypass_csp only so the test can inject axe-core; the pages' own CSP is tested over HTTP.
        alice = Visitor(browser.new_context(bypass_csp=True).new_page(), live_server, "alice")
        alice.sign_up()

        # Search, open the show, add it with a score, then +1.
        alice.go("/search/anime")
        alice.page.fill("#search", "teekyuu")
        alice.page.click("button:has-text('Search')")
        alice.page.wait_for_url("**/search/anime?search=teekyuu*")
        alice.check("search")
        alice.page.click("a:has-text('Teekyuu')")
        alice.page.wait_for_url(f"**/anime/{c.teekyuu}")
        alice.page.select_option("#status", "CURRENT")
        alice.page.fill("#score", "8")
        alice.page.click("button:has-text('Add to list')")
        alice.page.wait_for_selector("text=On your list")
        alice.page.click("button.plus")
        alice.page.wait_for_selector("text=progress 1/12")
        alice.check("media")

        # The list in her format (10 point decimal), +1 from the keyboard, then 5 stars.
        alice.go("/user/alice/animelist")
        assert "Teekyuu 8.0 1/12" in alice.text()
        alice.page.wait_for_function("() => window.htmx !== undefined")
        alice.page.evaluate("window.notReloaded = true")
        plus = alice.page.locator("button.plus").first
        for _ in range(40):
            alice.page.keyboard.press("Tab")
            if plus.evaluate("b => b === document.activeElement"):
                break
        else:
            raise AssertionError("the +1 button is not reachable with Tab")
        alice.page.keyboard.press("Enter")
        alice.page.wait_for_selector("text=2/12")
        assert alice.page.evaluate("window.notReloaded === true"), "htmx should swap one cell"
        alice.check("list")
        # Under the pages' real CSP: htmx loads and works, and nothing is refused.
        strict = browser.new_context().new_page()
        refused: list[str] = []
        strict.on("console", lambda m: refused.append(m.text) if "Policy" in m.text else None)
        strict.goto(f"{live_server}/login?next=/user/alice/animelist")
        strict.fill("#name", "alice")
        strict.fill("#password", PASSWORD)
        strict.click("button[type=submit]:has-text('Log in')")
        strict.wait_for_function("() => window.htmx !== undefined")
        strict.click("button.plus")
        strict.wait_for_selector("text=3/12")
        assert refused == []
        alice.go("/settings")
        alice.page.select_option("#score_format", "POINT_5")
        alice.page.click("button:has-text('Save settings')")
        alice.page.wait_for_selector("text=Settings saved.")
        alice.check("settings")
        alice.go("/user/alice/animelist")
        assert "Teekyuu ★★★★ 3/12" in alice.text()

        # Bob follows her, sees her activity on his home page and likes it.
        bob = Visitor(browser.new_context(bypass_csp=True).new_page(), live_server, "bob")
        bob.sign_up()
        bob.go("/user/alice")
        bob.page.click("button:has-text('Follow')")
        bob.page.wait_for_selector("button:has-text('Following')")
        bob.check("profile")
        bob.go("/")
        assert "alice watched episode" in bob.text(".home-feed")
        bob.page.locator(".home-feed button.like").first.click()
        bob.page.wait_for_selector(".home-feed button.like[aria-pressed=true]")
        bob.check("home-feed")
        bob.page.locator(".home-feed a[href^='/activity/']").first.click()
        bob.page.fill("#reply-text", "Teekyuu is great")
        bob.page.click("button:has-text('Reply')")
        bob.page.wait_for_selector("text=Teekyuu is great")
        bob.check("activity")

        # From the show to its people: a character, their voice actor, the studio.
        bob.go(f"/anime/{c.bebop}")
        bob.page.wait_for_function(
            "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"
        )  # the broken external cover was replaced by the generated placeholder
        assert "/img/placeholder/media/" in bob.page.get_attribute("img.cover", "src")
        bob.check("media-fallback-cover")
        bob.page.click(f"a[href='/character/{c.spike}']")
        bob.page.wait_for_url(f"**/character/{c.spike}")
        bob.page.click("button:has-text('Add to favourites')")
        bob.page.wait_for_selector("button:has-text('Favourite')[aria-pressed=true]")
        bob.check("character")
        bob.page.click("a:has-text('Kouichi Yamadera')")
        bob.page.wait_for_url("**/staff/95")
        assert "Characters voiced" in bob.text()
        bob.check("staff")
        bob.go(f"/studio/{c.sunrise}")
        assert "Cowboy Bebop" in bob.text()
        bob.check("studio")

        # Alice gets told.
        alice.go("/")
        assert alice.page.locator("header .badge").inner_text().startswith("3")
        alice.check("home-unread")
        alice.go("/notifications")
        notes = alice.text()
        assert "bob started following you." in notes and "bob liked your activity." in notes
        alice.check("notifications")

        # Phone width, anonymous: the same pages, without sideways scrolling (axe ran above).
        phone = Visitor(browser.new_context(viewport=PHONE).new_page(), live_server, "carol")
        for label, path in (
            ("phone-media", f"/anime/{c.bebop}"),
            ("phone-list", "/user/alice/animelist"),
            ("phone-search", "/search/anime"),
            ("phone-profile", "/user/alice"),
            ("phone-character", f"/character/{c.spike}"),
        ):
            phone.go(path)
            width = phone.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} scrolls sideways ({width}px)"
            phone.check(label, axe=False)
        browser.close()

    violations = {**alice.violations, **bob.violations, **phone.violations}
    assert not violations, violations
