"""The v1 base: token kinds, error shape, docs and the mapping tables."""

from __future__ import annotations

from kagami.catalogue.enums import MediaFormat, MediaSeason, MediaStatus, MediaType
from kagami.dialects.anilist_v1 import mapping
from kagami.lists.enums import MediaListStatus
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_user


async def test_current_user_needs_a_user_token(v1: V1Client) -> None:
    r = await v1.get("user", None)
    assert r.status_code == 401
    assert r.json()["error"] == "unauthorized"


async def test_missing_token_is_a_v1_401(v1: V1Client) -> None:
    r = await v1.get("user")
    assert r.status_code == 401
    assert set(r.json()) == {"error", "error_description"}


async def test_access_token_url_parameter_authenticates(v1: V1Client) -> None:
    async with v1.database.session() as s:
        user = await make_user(s)
    token = await v1.token(user.id)
    r = await v1.http.get("/api/user", params={"access_token": token})
    assert r.status_code == 200, r.text
    assert r.json()["id"] == user.id
    r = await v1.http.get("/api/user", headers={"access_token": token})
    assert r.json()["id"] == user.id


async def test_docs_and_openapi_cover_only_v1_routes(v1: V1Client) -> None:
    r = await v1.http.get("/api/docs")
    assert r.status_code == 200 and "swagger" in r.text.lower()
    spec = (await v1.http.get("/api/openapi.json")).json()
    assert "/api/auth/access_token" in spec["paths"]
    assert all(p.startswith("/api/") and not p.startswith("/api/v2/") for p in spec["paths"])


def test_mapping_speaks_seed_001_words() -> None:
    assert mapping.series_type("anime") is MediaType.ANIME
    assert mapping.series_type("novel") is None
    assert mapping.media_type_name(MediaFormat.TV_SHORT, "JP") == "TV Short"
    assert mapping.media_type_name(MediaFormat.MANGA, "KR") == "Manhwa"
    assert mapping.release_status(MediaType.ANIME, MediaStatus.RELEASING) == "currently airing"
    assert mapping.release_status(MediaType.MANGA, MediaStatus.FINISHED) == "finished publishing"
    assert mapping.season_int(MediaSeason.SUMMER, 2016) == 163
    words = mapping.LIST_STATUS_WORDS[MediaType.ANIME]
    assert words["plan to watch"] is MediaListStatus.PLANNING
    assert words["on-hold"] is MediaListStatus.PAUSED
    keys = mapping.LIST_GROUP_KEYS[MediaType.ANIME]
    assert keys[MediaListStatus.PLANNING] == "plan_to_watch"
    assert keys[MediaListStatus.PAUSED] == "on_hold"
    assert mapping.LIST_STATUS_NAMES[MediaType.MANGA][MediaListStatus.REPEATING] == "reading"


def test_score_types_follow_the_seed_breakpoints() -> None:
    assert mapping.score_to_v1(29, 2) == 1 and mapping.score_to_v1(30, 2) == 2
    assert mapping.score_to_v1(90, 2) == 5
    assert mapping.score_to_v1(30, 3) == ":(" and mapping.score_to_v1(31, 3) == ":|"
    assert mapping.score_to_v1(61, 3) == ":)" and mapping.score_to_v1(0, 3) == "-"
    assert mapping.score_to_v1(75, 4) == 7.5 and mapping.score_to_v1(75, 0) == 7
    assert mapping.score_from_v1(":)", 3) == 80


async def test_small_models_carry_the_seed_fields(v1: V1Client) -> None:
    from kagami.catalogue.models import MediaGenre
    from kagami.dialects.anilist_v1.models import small_series_by_ids, small_user
    from tests.factories import make_media

    async with v1.database.session() as s:
        anime = await make_media(s, title_romaji="Kangoku Gakuen", title_english=None)
        manga = await make_media(s, type=MediaType.MANGA, title_romaji="Two")
        s.add(MediaGenre(media_id=anime.id, genre="Comedy"))
        user = await make_user(s)
    async with v1.database.session() as s:
        series = await small_series_by_ids(s, [anime.id, manga.id, 999])
        assert set(small_user(user)) == set(mapping.USER_SMALL_FIELDS)
    small = series[anime.id]
    extra = mapping.SERIES_SMALL_EXTRA
    assert set(small) == set(mapping.SERIES_SMALL_FIELDS) | set(extra[MediaType.ANIME])
    assert set(series[manga.id]) == set(mapping.SERIES_SMALL_FIELDS) | set(extra[MediaType.MANGA])
    assert small["title_english"] == "Kangoku Gakuen" and small["genres"] == ["Comedy"]
    assert 999 not in series


async def test_IV_6_out_of_range_ids_are_a_422(v1: V1Client) -> None:
    async with v1.database.session() as s:
        user = await make_user(s)
    r = await v1.delete("animelist/99999999999999999999", user.id)
    assert r.status_code == 422
    r = await v1.post("user/follow", user.id, data={"id": "99999999999999999999"})
    assert r.status_code == 422
