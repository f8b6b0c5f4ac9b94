"""Seed 001 "Series" routes: series model, page, characters, airing, favourite, search."""

from __future__ import annotations

from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.dialects.anilist_v1 import mapping
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_user

FULL_ANIME = (
    set(mapping.SERIES_SMALL_FIELDS)
    | set(mapping.SERIES_SMALL_EXTRA[MediaType.ANIME])
    | set(mapping.SERIES_FULL_FIELDS)
    | set(mapping.SERIES_FULL_EXTRA[MediaType.ANIME])
)
FULL_MANGA = (
    set(mapping.SERIES_SMALL_FIELDS)
    | set(mapping.SERIES_SMALL_EXTRA[MediaType.MANGA])
    | set(mapping.SERIES_FULL_FIELDS)
    | set(mapping.SERIES_FULL_EXTRA[MediaType.MANGA])
)


async def _user(v1: V1Client) -> int:
    async with v1.database.session() as s:
        return (await make_user(s)).id


async def test_series_model_has_every_seed_field(v1: V1Client, catalogue: Any) -> None:
    r = await v1.get("anime/1", None)  # GET: {series_type}/{id}, client credentials
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == FULL_ANIME
    assert body["title_romaji"] == "Cowboy Bebop" and body["title_japanese"] == "カウボーイビバップ"
    assert (body["type"], body["airing_status"], body["total_episodes"]) == (
        "TV",
        "finished airing",
        26,
    )
    assert (body["season"], body["start_date_fuzzy"], body["end_date_fuzzy"]) == (
        982,
        19980403,
        19990424,
    )
    assert body["genres"] == ["Action", "Sci-Fi"] and body["average_score"] == 86.0
    assert body["favourite"] is False and body["duration"] == 24
    assert set(body["score_distribution"]) == {str(n) for n in range(10, 101, 10)}
    assert body["list_stats"] == {
        "watching": 0,
        "completed": 0,
        "on_hold": 0,
        "dropped": 0,
        "plan_to_watch": 0,
    }
    manga = (await v1.get(f"manga/{catalogue.one_piece_manga}", None)).json()
    assert set(manga) == FULL_MANGA
    assert manga["publishing_status"] == "publishing" and manga["image_url_sml"] is None


async def test_unknown_or_wrong_type_series_is_a_v1_404(v1: V1Client, catalogue: Any) -> None:
    for path in ("anime/99999", f"manga/{catalogue.bebop}", "anime/99999999999999999999"):
        r = await v1.get(path, None)
        assert r.status_code == 404, path
        assert set(r.json()) == {"error", "error_description"}
    assert (await v1.get("novel/1", None)).status_code == 404
    assert (await v1.get("anime/1")).status_code == 401


async def test_series_page_has_characters_staff_reviews_relations_studios(
    v1: V1Client, catalogue: Any
) -> None:
    r = await v1.get("anime/1/page", None)  # GET: {series}/{id}/page
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == FULL_ANIME | {
        "characters",
        "staff",
        "reviews",
        "relations",
        "relations_manga",
        "studio",
        "external_links",
    }
    spike = body["characters"][0]
    assert (spike["name_first"], spike["role"]) == ("Spike", "Main")
    assert [a["id"] for a in spike["actor"]] == [95]  # Japanese actors only
    assert spike["actor"][0]["language"] == "Japanese"
    assert [c["role"] for c in body["characters"]] == ["Main", "Main", "Supporting"]
    assert [(s["id"], s["role"]) for s in body["staff"]] == [(98, "Director")]
    assert [(x["id"], x["relation_type"]) for x in body["relations"]] == [(5, "side story")]
    assert [(s["studio_name"], s["main_studio"]) for s in body["studio"]] == [
        ("Sunrise", 1),
        ("Bandai Visual", 0),
    ]
    assert body["reviews"] == [] and body["relations_manga"] == []
    manga = (await v1.get(f"manga/{catalogue.one_piece_manga}/page", None)).json()
    assert "studio" not in manga and manga["relations_anime"] == []


async def test_series_characters_and_its_aliases(v1: V1Client, catalogue: Any) -> None:
    r = await v1.get("anime/1/characters", None)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [a["id"] for a in body["characters"][0]["actor"]] == [95, 96]  # every language
    assert body["staff"][0]["role"] == "Director"
    for alias in ("staff", "actors"):
        assert (await v1.get(f"anime/1/{alias}", None)).json() == body


async def test_anime_airing_maps_episodes_to_times(v1: V1Client, catalogue: Any) -> None:
    r = await v1.get(f"anime/{catalogue.one_piece}/airing", None)
    assert r.status_code == 200
    times = r.json()
    assert list(times) == ["1100", "1101"] and times["1100"] < times["1101"]
    assert (await v1.get("anime/1/airing", None)).json() == {}
    assert (await v1.get(f"manga/{catalogue.one_piece_manga}/airing", None)).status_code == 404


async def test_favourite_toggles_through_the_favourite_service(
    v1: V1Client, catalogue: Any
) -> None:
    user = await _user(v1)
    r = await v1.post("anime/favourite", user, data={"id": "1"})  # seed payload: id
    assert r.status_code == 200, r.text
    assert r.json() is True
    assert (await v1.get("anime/1", user)).json()["favourite"] is True
    assert (await v1.post("anime/favourite", user, data={"id": "1"})).json() is False
    assert (await v1.get("anime/1", user)).json()["favourite"] is False
    r = await v1.post("manga/favourite", user, data={"id": "1"})  # an anime id
    assert r.status_code == 404
    assert (await v1.post("anime/favourite", None, data={"id": "1"})).status_code == 401
    r = await v1.post("anime/favourite", user, data={"id": "x"})
    assert r.status_code == 422 and "id" in r.json()["fields"]
    assert (await v1.post("anime/favourite", user)).status_code == 422


async def test_series_search_returns_small_models_of_that_type(
    v1: V1Client, catalogue: Any
) -> None:
    r = await v1.get("anime/search/cowboy bebop", None)  # GET: {series_type}/search/{query}
    assert r.status_code == 200
    found = r.json()
    assert [s["id"] for s in found][:2] == [1, 5]
    assert set(found[0]) == set(mapping.SERIES_SMALL_FIELDS) | {"total_episodes", "airing_status"}
    manga = (await v1.get("manga/search/one piece", None)).json()
    assert [s["id"] for s in manga] == [catalogue.one_piece_manga]
    assert (await v1.get("anime/search/%25%25", None)).json() == []


async def test_unrouted_v1_paths_answer_in_the_v1_shape(v1: V1Client, catalogue: Any) -> None:
    for path in ("anime/abc", "anime/-1/page", "browse/novel", "no/such/route"):
        r = await v1.get(path, None)
        assert r.status_code == 404, path
        assert r.json()["error"] == "not_found" and "error_description" in r.json()
    r = await v1.put("genre_list", None)
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"
    assert "allow" in r.headers
    # Other dialects keep their own answer.
    assert (await v1.http.get("/no/such/page")).status_code == 404


async def test_openapi_documents_the_catalogue_and_community_routes(v1: V1Client) -> None:
    paths = (await v1.http.get("/api/openapi.json")).json()["paths"]
    for path in (
        "/api/{series_type}/{series_id}",
        "/api/browse/{series_type}",
        "/api/genre_list",
        "/api/character/{character_id}/page",
        "/api/staff/search/{query}",
        "/api/{series_type}/review",
        "/api/forum/thread/{thread_id}",
    ):
        assert path in paths, path
    assert "/api/actor/{staff_id}" not in paths  # aliases answer but are not listed twice
