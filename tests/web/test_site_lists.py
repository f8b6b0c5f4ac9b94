"""List pages: grouped by status and custom list, scores in the viewer's format, private hidden."""

from __future__ import annotations

import httpx

from kagami.db import Database
from tests.auth_support import csrf_of, register
from tests.dialects.anilist_graphql.catalogue import build_catalogue
from tests.web.site_support import HTML, person, post_form, text_of


async def _add(client: httpx.AsyncClient, media_id: int, **fields: str) -> None:
    r = await post_form(client, f"/anime/{media_id}", f"/list/entry/{media_id}", fields)
    assert r.status_code == 303, text_of(r.text)


async def test_list_groups_by_status_and_custom_list_in_the_viewers_score_format(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    saved = await post_form(
        app_client,
        "/settings",
        "/settings",
        {
            "score_format": "POINT_10_DECIMAL",
            "title_language": "ROMAJI",
            "anime_custom_lists": "Comfy",
        },
    )
    assert saved.status_code == 303
    await _add(app_client, c.teekyuu, status="CURRENT", score="7.5", custom_lists="Comfy")
    await _add(app_client, c.bebop, status="COMPLETED", score="9", progress="26")
    await _add(app_client, c.one_piece, status="PLANNING", private="1")
    mine = text_of((await app_client.get("/user/alice/animelist", headers=HTML)).text)
    assert "Watching 1" in mine and "Completed 1" in mine and "Comfy 1" in mine
    assert "Teekyuu 7.5" in mine and "Cowboy Bebop 9.0" in mine
    assert "ONE PIECE" in mine and "Private" in mine
    async with person(app_client, "bob") as bob:
        r = await post_form(
            bob, "/settings", "/settings", {"score_format": "POINT_5", "title_language": "ROMAJI"}
        )
        assert r.status_code == 303
        theirs = text_of((await bob.get("/user/alice/animelist", headers=HTML)).text)
    assert "Teekyuu ★★★★" in theirs and "Cowboy Bebop ★★★★★" in theirs
    assert "ONE PIECE" not in theirs and "Planning" not in theirs
    assert "+1" not in theirs  # only the owner edits


async def test_list_sorts_and_plus_one_returns_to_the_list(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    await _add(app_client, c.teekyuu, status="CURRENT", score="5")
    await _add(app_client, c.one_piece, status="CURRENT", score="8")
    by_title = text_of(
        (await app_client.get("/user/alice/animelist?sort=title", headers=HTML)).text
    )
    assert by_title.index("ONE PIECE") < by_title.index("Teekyuu")
    by_score = text_of(
        (await app_client.get("/user/alice/animelist?sort=score", headers=HTML)).text
    )
    assert by_score.index("ONE PIECE") < by_score.index("Teekyuu")
    page = "/user/alice/animelist"
    r = await post_form(
        app_client, page, "/list/progress", {"media_id": str(c.teekyuu), "next": page}
    )
    assert r.status_code == 303 and r.headers["location"] == page
    assert "1/12" in text_of((await app_client.get(page, headers=HTML)).text)


async def test_unknown_user_list_is_404(app_client: httpx.AsyncClient, database: Database) -> None:
    assert (await app_client.get("/user/nobody/mangalist", headers=HTML)).status_code == 404


async def test_editor_saves_advanced_scores_and_custom_lists(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    settings = {
        "score_format": "POINT_100",
        "title_language": "ROMAJI",
        "anime_custom_lists": "Comfy\nOwned",
        "anime_advanced_scoring": "Story\nArt",
        "anime_advanced_scoring_enabled": "1",
    }
    assert (await post_form(app_client, "/settings", "/settings", settings)).status_code == 303
    page = f"/anime/{c.teekyuu}"
    html = (await app_client.get(page, headers=HTML)).text
    assert 'id="adv-1"' in html and 'value="Owned"' in html
    await _add(
        app_client,
        c.teekyuu,
        status="CURRENT",
        score="64",
        advanced_0="80",
        advanced_1="55",
        custom_lists="Owned",
    )
    html = (await app_client.get(page, headers=HTML)).text
    assert 'name="advanced_0" type="number" min="0" max="100" step="0.1" value="80.0"' in html
    assert 'name="custom_lists" value="Owned" checked' in html
    assert 'id="score" name="score"' in html and 'value="64"' in html
    listed = text_of((await app_client.get("/user/alice/animelist", headers=HTML)).text)
    assert "Owned 1" in listed and "Teekyuu 64" in listed


async def test_plus_one_from_htmx_answers_with_the_new_progress_cell(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    await _add(app_client, c.teekyuu, status="CURRENT")
    page = (await app_client.get("/user/alice/animelist", headers=HTML)).text
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in page
    token = csrf_of(page)
    cell = await app_client.post(
        "/list/progress",
        data={"csrf_token": token, "media_id": str(c.teekyuu)},
        headers={"HX-Request": "true"},
    )
    assert cell.status_code == 200
    assert cell.text.startswith('1/12 <button type="submit" name="media_id"')
    assert (await app_client.get("/static/vendor/htmx.min.js")).status_code == 200
    async with person(app_client, "bob") as bob:
        theirs = (await bob.get("/user/alice/animelist", headers=HTML)).text
    assert "htmx" not in theirs


async def test_list_sections_follow_the_owners_section_order(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    import sqlalchemy as sa

    from kagami.accounts.models import MediaListOptions, User

    c = await build_catalogue(database)
    await register(app_client, "alice")
    await _add(app_client, c.teekyuu, status="CURRENT")
    await _add(app_client, c.bebop, status="PLANNING")
    async with database.session() as s:
        alice = await s.scalar(sa.select(User.id).where(User.name == "alice"))
        s.add(MediaListOptions(user_id=alice, media_type="ANIME", section_order=["Planning"]))
    shown = text_of((await app_client.get("/user/alice/animelist", headers=HTML)).text)
    assert shown.index("Planning 1") < shown.index("Watching 1")
