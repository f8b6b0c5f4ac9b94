"""Seed 001 "Characters", "Staff" and "Studio": model, page, favourite and search."""

from __future__ import annotations

from typing import Any

import pytest

from kagami.catalogue.models import MediaStaff, Staff
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_user

CHARACTER_FIELDS = {
    "name_alt",
    "info",
    "id",
    "name_first",
    "name_last",
    "name_japanese",
    "image_url_lge",
    "image_url_med",
    "role",
}
SMALL_CHARACTER = {"id", "name_first", "name_last", "image_url_lge", "image_url_med", "role"}
STAFF_FIELDS = {
    "dob",
    "website",
    "info",
    "id",
    "name_first",
    "name_last",
    "name_first_japanese",
    "name_last_japanese",
    "image_url_lge",
    "image_url_med",
    "language",
    "role",
}
SMALL_STAFF = SMALL_CHARACTER | {"language"}


async def _user(v1: V1Client) -> int:
    async with v1.database.session() as s:
        return (await make_user(s)).id


async def test_character_model_and_page(v1: V1Client, catalogue: Any) -> None:
    r = await v1.get("character/1", None)  # GET: character/{id}
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == CHARACTER_FIELDS
    assert (body["name_first"], body["name_last"], body["name_japanese"], body["role"]) == (
        "Spike",
        "Spiegel",
        "スパイク・スピーゲル",
        None,
    )
    page = (await v1.get("character/1/page", None)).json()  # GET: character/{id}/page
    assert set(page) == CHARACTER_FIELDS | {"anime", "manga"}
    assert [a["id"] for a in page["anime"]] == [1, 5]
    assert [s["id"] for s in page["anime"][0]["actor"]] == [95]  # Japanese actor
    assert set(page["anime"][0]["actor"][0]) == SMALL_STAFF
    luffy = (await v1.get(f"character/{catalogue.luffy}/page", None)).json()
    assert [m["id"] for m in luffy["manga"]] == [catalogue.one_piece_manga]


@pytest.mark.parametrize("word", ["staff", "actor"])
async def test_staff_model_and_page_under_both_names(
    v1: V1Client, catalogue: Any, word: str
) -> None:
    async with v1.database.session() as s:
        seki = await s.get(Staff, 95)
        assert seki is not None
        seki.birth_year, seki.birth_month, seki.birth_day = 1972, 9, 8
        seki.name_native, seki.website = "関 智一", "http://example.jp"
        s.add(MediaStaff(media_id=catalogue.one_piece_manga, staff_id=95, role="Story"))
    r = await v1.get(f"{word}/95", None)  # GET: staff/{id}, alt: actor/{id}
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == STAFF_FIELDS
    assert body["dob"] == 9081972  # the seed's example: 8 September 1972
    assert (body["name_last_japanese"], body["name_first_japanese"]) == ("関", "智一")
    assert body["language"] == "Japanese"
    page = (await v1.get(f"{word}/95/page", None)).json()
    assert [a["id"] for a in page["anime"]] == [1]
    assert [c["id"] for c in page["anime"][0]["character"]] == [1]
    assert [(m["id"], m["role"]) for m in page["manga"]] == [(catalogue.one_piece_manga, "Story")]


async def test_studio_model_page_and_search(v1: V1Client, catalogue: Any) -> None:
    r = await v1.get(f"studio/{catalogue.sunrise}", None)  # GET: studio/{id}
    assert r.json() == {
        "studio_name": "Sunrise",
        "studio_wiki": None,
        "id": catalogue.sunrise,
        "main_studio": None,
    }
    page = (await v1.get(f"studio/{catalogue.sunrise}/page", None)).json()
    assert sorted(a["id"] for a in page["anime"]) == [1, 5]
    found = (await v1.get("studio/search/sunrise", None)).json()  # GET: studio/search/{query}
    assert [s["id"] for s in found] == [catalogue.sunrise]


async def test_people_searches_return_small_models(v1: V1Client, catalogue: Any) -> None:
    chars = (await v1.get("character/search/spike", None)).json()
    assert [c["id"] for c in chars] == [1] and set(chars[0]) == SMALL_CHARACTER
    for word in ("staff", "actor"):
        staff = (await v1.get(f"{word}/search/yamadera", None)).json()
        assert [s["id"] for s in staff] == [95] and set(staff[0]) == SMALL_STAFF
    assert (await v1.get("character/search/zzzzzz", None)).json() == []


async def test_favourite_toggles_for_characters_and_staff(v1: V1Client, catalogue: Any) -> None:
    user = await _user(v1)
    for path, ident in (
        ("character/favourite", "1"),
        ("actor/favourite", "95"),
        ("staff/favourite", "95"),
    ):
        r = await v1.post(path, user, data={"id": ident})
        assert r.status_code == 200, (path, r.text)
    # actor/ and staff/ toggle the same favourite: on, then off again.
    assert (await v1.post("staff/favourite", user, data={"id": "96"})).json() is True
    assert (await v1.post("actor/favourite", user, data={"id": "96"})).json() is False
    assert (await v1.post("character/favourite", user, data={"id": "999"})).status_code == 404
    assert (await v1.post("character/favourite", None, data={"id": "1"})).status_code == 401


@pytest.mark.parametrize("path", ["character/999", "staff/999/page", "actor/0", "studio/999"])
async def test_unknown_people_are_v1_404s(v1: V1Client, catalogue: Any, path: str) -> None:
    r = await v1.get(path, None)
    assert r.status_code == 404 and set(r.json()) == {"error", "error_description"}
