"""Media and search pages at AniList's paths, the entry editor and one-click +1."""

from __future__ import annotations

import httpx

from kagami.db import Database
from tests.auth_support import register
from tests.dialects.anilist_graphql.catalogue import build_catalogue
from tests.web.site_support import HTML, post_form, text_of


async def test_media_page_shows_details_characters_staff_relations(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    page = await app_client.get(f"/anime/{c.bebop}", headers=HTML)
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Cowboy Bebop" in words and "Action" in words and "Sci-Fi" in words
    assert "Characters" in words and "Spike" in words
    assert "Relations" in words
    assert 'loading="lazy"' in page.text
    assert "Log in to add this to your list" in words


async def test_media_page_at_the_wrong_type_or_a_bad_id_is_404(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    for path in (f"/manga/{c.bebop}", "/anime/%C2%B2", "/anime/99999999", "/anime/1x"):
        assert (await app_client.get(path, headers=HTML)).status_code == 404, path
    slugged = await app_client.get(f"/anime/{c.bebop}/Cowboy-Bebop", headers=HTML)
    assert slugged.status_code == 200


async def test_search_finds_by_title_and_filters(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await build_catalogue(database)
    found = text_of((await app_client.get("/search/anime?search=bebop", headers=HTML)).text)
    assert "Cowboy Bebop" in found and "Teekyuu" not in found
    sports = text_of((await app_client.get("/search/anime?genre=Sports", headers=HTML)).text)
    assert "Teekyuu" in sports and "Cowboy Bebop" not in sports
    manga = text_of((await app_client.get("/search/manga", headers=HTML)).text)
    assert "ONE PIECE" in manga and "Teekyuu" not in manga
    junk = await app_client.get("/search/anime?year=%C2%B2&format=NOPE&sort=x&page=-1")
    assert junk.status_code == 200


async def test_editor_adds_edits_and_plus_one_counts_up(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    page = f"/anime/{c.teekyuu}"
    added = await post_form(
        app_client,
        page,
        f"/list/entry/{c.teekyuu}",
        {"status": "CURRENT", "score": "7.5", "progress": "3", "notes": "fun", "private": "1"},
    )
    assert added.status_code == 303 and added.headers["location"].startswith(page)
    shown = text_of((await app_client.get(page, headers=HTML)).text)
    assert "On your list: Watching , progress 3/12" in shown
    plus = await post_form(
        app_client, page, "/list/progress", {"media_id": str(c.teekyuu), "next": page}
    )
    assert plus.status_code == 303 and plus.headers["location"] == page
    shown = text_of((await app_client.get(page, headers=HTML)).text)
    assert "progress 4/12" in shown
    assert 'value="7.5"' in (await app_client.get(page, headers=HTML)).text


async def test_editor_shows_the_services_validation_messages(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    refused = await post_form(
        app_client,
        f"/anime/{c.teekyuu}",
        f"/list/entry/{c.teekyuu}",
        {"status": "CURRENT", "score": "11", "progress": "13", "started_at": "2024-02-30"},
    )
    assert refused.status_code == 400
    words = text_of(refused.text)
    assert "The progress may not be greater than 12." in words
    assert "The started at is not a valid date." in words


async def test_writes_need_a_session_and_a_csrf_token(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    anonymous = await app_client.post("/list/progress", data={"media_id": str(c.teekyuu)})
    assert anonymous.status_code == 302 and anonymous.headers["location"].startswith("/login")
    await register(app_client, "alice")
    forged = await app_client.post(f"/list/entry/{c.teekyuu}", data={"status": "CURRENT"})
    assert forged.status_code == 403
    not_on_list = await post_form(app_client, "/", "/list/progress", {"media_id": str(c.teekyuu)})
    assert not_on_list.status_code == 400


async def test_manga_page_edits_volumes_and_pages_keep_a_strict_csp(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    page = await app_client.get(f"/manga/{c.one_piece_manga}", headers=HTML)
    assert page.status_code == 200
    assert "Volume progress" in page.text and "Chapter progress" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "img-src 'self' data: https:;" in csp and "unsafe" not in csp
    assert page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text and " style=" not in page.text


async def test_home_shows_airing_and_in_progress_entries_with_plus_one(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    for media_id in (c.one_piece, c.teekyuu):  # releasing, finished
        r = await post_form(app_client, "/", f"/list/entry/{media_id}", {"status": "CURRENT"})
        assert r.status_code == 303
    home = text_of((await app_client.get("/", headers=HTML)).text)
    assert home.index("Airing") < home.index("ONE PIECE") < home.index("Anime in progress")
    assert home.index("Anime in progress") < home.index("Teekyuu")
    assert "Manga in progress Nothing here." in home
