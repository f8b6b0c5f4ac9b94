"""Character, staff and studio pages at AniList's paths, linked from media pages and profiles."""

from __future__ import annotations

import re

import httpx
import sqlalchemy as sa

from kagami.accounts.models import User
from kagami.catalogue.models import Media
from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import build_catalogue
from tests.web.site_support import HTML, person, post_form, text_of


async def test_character_page_lists_appearances_with_their_japanese_voice(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    page = await app_client.get(f"/character/{c.spike}/Spike-Spiegel", headers=HTML)
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Spike Spiegel" in words and "Appears in" in words
    assert "Cowboy Bebop: Tengoku no Tobira" in words
    assert f'href="/anime/{c.bebop}"' in page.text and 'href="/staff/95"' in page.text
    assert "voiced by Kouichi Yamadera" in words and "Steven Blum" not in words


async def test_staff_page_shows_voiced_characters_and_production_roles(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    actor = await app_client.get("/staff/95", headers=HTML)
    assert actor.status_code == 200
    assert "Characters voiced" in text_of(actor.text)
    assert f'href="/character/{c.spike}"' in actor.text
    director = text_of((await app_client.get("/staff/98", headers=HTML)).text)
    assert "Shinichirou Watanabe" in director and "Staff roles" in director
    assert "Cowboy Bebop Director" in director


async def test_studio_page_lists_its_works_and_marks_producer_credits(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    sunrise = text_of((await app_client.get(f"/studio/{c.sunrise}", headers=HTML)).text)
    assert "Sunrise" in sunrise and "Cowboy Bebop" in sunrise and "ONE PIECE" not in sunrise
    bandai = text_of((await app_client.get(f"/studio/{c.bandai}", headers=HTML)).text)
    assert "Cowboy Bebop Producer" in bandai


async def test_people_pages_answer_404_for_unknown_or_malformed_ids(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await build_catalogue(database)
    for path in ("/character/99999", "/staff/1x", "/studio/%C2%B2", "/character/-1"):
        assert (await app_client.get(path, headers=HTML)).status_code == 404, path


async def test_media_page_links_its_characters_staff_and_studios(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    page = (await app_client.get(f"/anime/{c.bebop}", headers=HTML)).text
    for link in (f"/character/{c.spike}", "/staff/98", f"/studio/{c.sunrise}"):
        assert f'href="{link}"' in page, link


async def test_adult_works_stay_off_people_pages_unless_the_viewer_opted_in(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    async with database.session() as s:
        await s.execute(sa.update(Media).where(Media.id == c.bebop_movie).values(is_adult=True))
    words = text_of((await app_client.get(f"/character/{c.spike}", headers=HTML)).text)
    assert "Tengoku no Tobira" not in words and "Cowboy Bebop" in words
    async with person(app_client, "alice") as alice:
        async with database.session() as s:
            opted_in = (
                sa.update(User).where(User.name == "alice").values(display_adult_content=True)
            )
            await s.execute(opted_in)
        seen = text_of((await alice.get(f"/studio/{c.sunrise}", headers=HTML)).text)
    assert "Tengoku no Tobira" in seen


async def test_a_favourited_character_staff_and_studio_show_on_the_profile(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    async with person(app_client, "alice") as alice:
        for kind, ident in (("character", c.faye), ("staff", 97), ("studio", c.toei)):
            page = f"/{kind}/{ident}"
            done = await post_form(
                alice, page, "/favourite", {"kind": kind.upper(), "id": str(ident), "next": page}
            )
            assert done.status_code == 303 and done.headers["location"] == page
            assert 'aria-pressed="true"' in (await alice.get(page, headers=HTML)).text
    profile = await app_client.get("/user/alice", headers=HTML)
    words = text_of(profile.text)
    assert "Faye Valentine" in words and "Megumi Hayashibara" in words
    assert "Toei Animation" in words
    assert f'href="/studio/{c.toei}"' in profile.text and 'href="/staff/97"' in profile.text


async def test_every_image_names_its_generated_placeholder_as_fallback(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    async with database.session() as s:
        await s.execute(
            sa.update(Media)
            .where(Media.id == c.bebop)
            .values(cover_large="https://cdn.invalid/bebop.jpg")
        )
    page = (await app_client.get(f"/anime/{c.bebop}", headers=HTML)).text
    images = re.findall(r"<img [^>]*>", page)
    assert images and all("data-fallback=" in tag for tag in images)
    assert (
        'src="https://cdn.invalid/bebop.jpg" '
        f'data-fallback="/img/placeholder/media/{c.bebop}/large.png"'
    ) in page
    script = await app_client.get("/static/site.js")
    assert script.status_code == 200 and "data-fallback" in script.text
