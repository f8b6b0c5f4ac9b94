"""Profiles, follows, statuses, likes, replies, notifications, settings and the home page."""

from __future__ import annotations

import re

import httpx

from kagami.db import Database
from tests.auth_support import register
from tests.dialects.anilist_graphql.catalogue import build_catalogue
from tests.web.site_support import HTML, person, post_form, text_of


async def test_follow_post_like_reply_and_notifications(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client, "alice")
    async with person(app_client, "bob") as bob:
        followed = await post_form(bob, "/user/alice", "/user/alice/follow")
        assert followed.status_code == 303 and followed.headers["location"] == "/user/alice"
        assert "Following" in text_of((await bob.get("/user/alice", headers=HTML)).text)
        posted = await post_form(app_client, "/", "/activity", {"text": "Watching Teekyuu today"})
        assert posted.status_code == 303
        home = (await bob.get("/", headers=HTML)).text
        assert "Watching Teekyuu today" in text_of(home)
        activity = re.search(r'href="/activity/(\d+)"', home)
        assert activity
        page = f"/activity/{activity.group(1)}"
        assert (await post_form(bob, page, f"{page}/like", {"next": page})).status_code == 303
        replied = await post_form(bob, page, f"{page}/reply", {"text": "Me too!"})
        assert replied.status_code == 303
        shown = text_of((await bob.get(page, headers=HTML)).text)
        assert "Me too!" in shown and "Liked by bob" in shown
        short = await post_form(bob, page, f"{page}/reply", {"text": "x"})
        assert short.status_code == 400
    badge = text_of((await app_client.get("/user/alice", headers=HTML)).text)
    assert "Notifications 3 unread" in badge
    notes = text_of((await app_client.get("/notifications", headers=HTML)).text)
    assert "bob started following you." in notes
    assert "bob liked your activity." in notes and "bob replied to your activity." in notes
    again = text_of((await app_client.get("/notifications", headers=HTML)).text)
    assert "new." not in again and "unread" not in again


async def test_profile_shows_statistics_and_favourites(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    c = await build_catalogue(database)
    await register(app_client, "alice")
    r = await post_form(
        app_client,
        f"/anime/{c.bebop}",
        f"/list/entry/{c.bebop}",
        {"status": "COMPLETED", "score": "9"},
    )
    assert r.status_code == 303
    fav = await post_form(
        app_client, f"/anime/{c.bebop}", "/favourite", {"kind": "ANIME", "id": str(c.bebop)}
    )
    assert fav.status_code == 303
    profile = text_of((await app_client.get("/user/alice", headers=HTML)).text)
    assert "Anime 1" in profile and "Episodes 26" in profile, profile
    assert "Completed 1" in profile and "TV 1" in profile and "Action 1" in profile
    assert "Favourites Anime Cowboy Bebop" in profile
    manga = await app_client.get("/user/alice?stats=manga", headers=HTML)
    assert manga.status_code == 200
    assert (await app_client.get("/user/nobody", headers=HTML)).status_code == 404


async def test_settings_save_and_show_the_services_messages(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client, "alice")
    base = {"score_format": "POINT_3", "title_language": "ENGLISH", "notify_FOLLOWING": "1"}
    saved = await post_form(app_client, "/settings", "/settings", base)
    assert saved.status_code == 303 and saved.headers["location"] == "/settings?saved=1"
    page = (await app_client.get("/settings?saved=1", headers=HTML)).text
    assert '<option value="POINT_3" selected>' in page and "Settings saved." in page
    assert 'name="notify_ACTIVITY_LIKE" value="1" >' in page  # left unticked: now off
    bad = await post_form(
        app_client, "/settings", "/settings", {**base, "anime_custom_lists": "Same\nSame"}
    )
    assert bad.status_code == 400 and "Each name may appear once." in text_of(bad.text)
    assert ">Same\nSame</textarea>" in bad.text  # kept as typed, to fix
    unknown = await post_form(app_client, "/settings", "/settings", {"score_format": "POINT_7"})
    assert unknown.status_code == 400
    assert (await app_client.get("/settings", headers=HTML)).status_code == 200


async def test_home_is_a_page_for_browsers_and_graphql_for_apps(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    anonymous = await app_client.get("/", headers=HTML)
    assert "create an account" in anonymous.text
    api = await app_client.get("/", params={"query": "{ GenreCollection }"}, headers=HTML)
    assert api.json() == {"data": {"GenreCollection": []}}
    plain = await app_client.get("/")
    assert plain.headers["content-type"].startswith("application/json")
    assert (await app_client.get("/notifications")).status_code == 302
    assert (await app_client.get("/settings")).status_code == 302
