"""Every page runs a bounded number of SQL statements, however long the list or feed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kagami.db import Database
from tests.auth_support import register
from tests.dialects.anilist_graphql.catalogue import build_catalogue
from tests.dialects.anilist_graphql.lists_data import build_big_list
from tests.web.site_support import HTML, post_form

# Page -> most statements it may run, the session's two look-ups included. Each is a fixed
# shape (one statement per kind of thing shown), never one per row.
BUDGETS = {
    "/user/alice/animelist": 6,  # owner, list options, entries with media, custom lists
    "/anime/{bebop}": 13,  # media, genres, characters, staff, studios, relations, stats, yours
    "/search/anime?search=bebop&genre=Action": 6,  # count, page, genres, your entries
    "/user/alice": 19,  # user, 2 totals, 4 charts, 5 favourites, feed (5)
    "/character/{spike}": 6,  # character, appearances, voices, favourite mark
    "/staff/95": 6,  # staff, voiced characters, credits, favourite mark
    "/studio/{sunrise}": 5,  # studio, works, favourite mark
    "/": 13,  # 2 x (options, entries with media, custom lists), feed (5)
    "/notifications": 5,
    "/settings": 3,
}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_pages_stay_within_their_statement_budgets(
    app_client: httpx.AsyncClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    for media_id in (c.bebop, c.teekyuu, c.one_piece):
        r = await post_form(app_client, "/", f"/list/entry/{media_id}", {"status": "CURRENT"})
        assert r.status_code == 303
    await post_form(app_client, "/", "/activity", {"text": "A status to show"})
    for path, budget in BUDGETS.items():
        url = path.format(bebop=c.bebop, spike=c.spike, sunrise=c.sunrise)
        with sql_counter() as counted:
            page = await app_client.get(url, headers=HTML)
        assert page.status_code == 200, url
        assert counted.count <= budget, f"{url}: {counted}"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_list_page_statements_do_not_grow_with_the_list(
    app_client: httpx.AsyncClient, database: Database, sql_counter: Callable[..., Any]
) -> None:
    await build_big_list(database, 300)
    counts = []
    for sort in ("", "?sort=title", "?sort=score"):
        with sql_counter() as counted:
            page = await app_client.get(f"/user/bench/animelist{sort}", headers=HTML)
        assert page.text.count("<tr>") >= 300
        counts.append(counted.count)
    assert max(counts) <= 4, counts
