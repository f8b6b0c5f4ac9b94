"""Seed 001 "Browse": every filter, sort with -desc, airing_data, full_page, page; genre_list."""

from __future__ import annotations

from typing import Any

import pytest

from kagami.catalogue.enums import MediaFormat, MediaSeason, MediaStatus
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_media


async def _ids(v1: V1Client, path: str, **params: str) -> list[int]:
    r = await v1.get(path, None, params=params)
    assert r.status_code == 200, r.text
    return [s["id"] for s in r.json()]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [1, 5, 21, 15125]),
        ({"year": "2014"}, []),
        ({"year": "1998"}, [1]),
        ({"season": "fall"}, [21, 15125]),
        ({"season": "fall", "year": "2012"}, [15125]),
        ({"type": "TV"}, [1, 21]),
        ({"type": "1"}, [15125]),  # the type's id: TV Short
        ({"status": "Currently Airing"}, [21]),
        ({"status": "finished airing"}, [1, 5, 15125]),
        ({"genres": "Action,Comedy"}, [21]),
        ({"genres_exclude": "Drama,Sci-Fi"}, [5, 21, 15125]),
        ({"genres": "Action", "genres_exclude": "Comedy"}, [1, 5]),
        ({"sort": "score-desc"}, [21, 1, 5, 15125]),
        ({"sort": "popularity"}, [15125, 5, 1, 21]),
        ({"sort": "start_date-desc"}, [15125, 5, 21, 1]),
        ({"sort": "id-desc", "type": "TV"}, [21, 1]),
    ],
)
async def test_browse_filters_and_sorts(
    v1: V1Client, catalogue: Any, params: dict[str, str], expected: list[int]
) -> None:
    assert await _ids(v1, "browse/anime", **params) == expected


async def test_browse_manga_and_small_models(v1: V1Client, catalogue: Any) -> None:
    r = await v1.get("browse/manga", None, params={"status": "publishing"})
    assert [s["id"] for s in r.json()] == [catalogue.one_piece_manga]
    assert r.json()[0]["publishing_status"] == "publishing" and "airing" not in r.json()[0]


async def test_browse_pages_by_40_unless_full_page(v1: V1Client, catalogue: Any) -> None:
    async with v1.database.session() as s:
        for i in range(45):
            await make_media(
                s,
                id=100 + i,
                format=MediaFormat.TV,
                status=MediaStatus.RELEASING,
                season=MediaSeason.WINTER,
                season_year=2017,
            )
    first = await _ids(v1, "browse/anime", season="winter", year="2017")
    second = await _ids(v1, "browse/anime", season="winter", year="2017", page="2")
    assert len(first) == 40 and len(second) == 5 and not set(first) & set(second)
    full = await _ids(v1, "browse/anime", season="winter", year="2017", full_page="true")
    assert len(full) == 45
    airing = await _ids(v1, "browse/anime", status="currently airing", full_page="true")
    assert len(airing) == 46
    # full_page only with a season or "currently airing": otherwise pages as usual.
    assert len(await _ids(v1, "browse/anime", full_page="true")) == 40


async def test_browse_airing_data_gives_the_next_episode(v1: V1Client, catalogue: Any) -> None:
    r = await v1.get("browse/anime", None, params={"airing_data": "true", "type": "TV"})
    by_id = {s["id"]: s for s in r.json()}
    assert by_id[1]["airing"] is None
    nxt = by_id[catalogue.one_piece]["airing"]
    assert nxt["next_episode"] == 1101 and 0 < nxt["countdown"] <= 86400 and nxt["time"] > 0


@pytest.mark.parametrize(
    "params",
    [
        {"season": "autumn"},
        {"status": "airing"},
        {"type": "Cartoon"},
        {"sort": "title"},
        {"year": "14"},
        {"page": "0"},
        {"page": "x"},
        {"genres": ",".join(["g"] * 31)},
    ],
)
async def test_bad_browse_parameters_are_v1_422s(
    v1: V1Client, catalogue: Any, params: dict[str, str]
) -> None:
    r = await v1.get("browse/anime", None, params=params)
    assert r.status_code == 422
    assert set(r.json()["fields"]) == set(params)


async def test_genre_list(v1: V1Client, catalogue: Any) -> None:
    r = await v1.get("genre_list", None)  # GET: genre_list
    assert r.status_code == 200
    names = [g["genre"] for g in r.json()]
    assert names == ["Action", "Adventure", "Comedy", "Sci-Fi", "Sports"]
