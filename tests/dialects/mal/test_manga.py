"""MAL v2 manga reads: search, details (authors, serialization), every ranking_type."""

from __future__ import annotations

import pytest

from kagami.catalogue.enums import MediaFormat, MediaSource, MediaStatus, MediaType
from kagami.catalogue.models import Magazine, MediaMagazine, MediaStaff
from kagami.db import Database
from tests.dialects.anilist_graphql.catalogue import Catalogue
from tests.dialects.mal.conftest import MalClient
from tests.factories import make_media, make_staff

MANGA = MediaType.MANGA


@pytest.fixture
async def shelf(catalogue: Catalogue, database: Database) -> Catalogue:
    """The catalogue plus a manhwa, a manhua, a light novel, a one-shot and a doujinshi."""
    async with database.session() as s:
        for mal_id, fmt, country, source, score in (
            (101, MediaFormat.MANGA, "KR", None, 80),
            (102, MediaFormat.MANGA, "CN", None, 79),
            (103, MediaFormat.NOVEL, "JP", None, 78),
            (104, MediaFormat.ONE_SHOT, "JP", None, 77),
            (105, MediaFormat.MANGA, "JP", MediaSource.DOUJINSHI, 76),
        ):
            await make_media(
                s,
                id=50000 + mal_id,
                id_mal=mal_id,
                type=MANGA,
                format=fmt,
                country_of_origin=country,
                source=source,
                average_score=score,
                popularity=score,
            )
        await make_staff(s, id=500, name_first="Eiichiro", name_last="Oda")
        s.add(MediaStaff(media_id=catalogue.one_piece_manga, staff_id=500, role="Story & Art"))
        s.add(Magazine(id=8, name="Shounen Jump (Weekly)"))
        s.add(MediaMagazine(media_id=catalogue.one_piece_manga, magazine_id=8))
    return catalogue


async def test_manga_search(mal: MalClient, shelf: Catalogue) -> None:
    r = await mal.get("/v2/manga", params={"q": "one piece", "fields": "media_type"})
    assert r.status_code == 200, r.text
    ids = [i["node"]["id"] for i in r.json()["data"]]
    assert ids == [13] and r.json()["data"][0]["node"]["media_type"] == "manga"


async def test_manga_detail_with_authors_and_serialization(
    mal: MalClient, shelf: Catalogue
) -> None:
    fields = (
        "num_volumes,num_chapters,status,media_type,authors{first_name,last_name},"
        "serialization{name},my_list_status"
    )
    body = (await mal.get("/v2/manga/13", params={"fields": fields})).json()
    assert body["status"] == "currently_publishing" and body["media_type"] == "manga"
    assert body["num_volumes"] == 0 and body["num_chapters"] == 0
    assert body["authors"] == [
        {"node": {"id": 500, "first_name": "Eiichiro", "last_name": "Oda"}, "role": "Story & Art"}
    ]
    assert body["serialization"] == [
        {"node": {"id": 8, "name": "Shounen Jump (Weekly)"}, "role": ""}
    ]


async def test_anime_id_is_not_a_manga_id(mal: MalClient, shelf: Catalogue) -> None:
    assert (await mal.get("/v2/manga/1")).status_code == 404


@pytest.mark.parametrize(
    ("kind", "ids"),
    [
        ("all", [13, 101, 102, 103, 104, 105]),
        ("manga", [13]),
        ("manhwa", [101]),
        ("manhua", [102]),
        ("novels", [103]),
        ("lightnovels", [103]),
        ("oneshots", [104]),
        ("doujin", [105]),
        ("bypopularity", [13, 101, 102, 103, 104, 105]),
    ],
)
async def test_every_manga_ranking_type(
    mal: MalClient, shelf: Catalogue, kind: str, ids: list[int]
) -> None:
    body = (await mal.get("/v2/manga/ranking", params={"ranking_type": kind})).json()
    assert [i["node"]["id"] for i in body["data"]] == ids


async def test_manga_ranking_type_favorite_and_bad_type(mal: MalClient, shelf: Catalogue) -> None:
    body = (await mal.get("/v2/manga/ranking", params={"ranking_type": "favorite"})).json()
    assert body["data"][0]["node"]["id"] == 13
    r = await mal.get("/v2/manga/ranking", params={"ranking_type": "tv"})
    assert r.status_code == 400


async def test_manga_status_values(mal: MalClient, database: Database) -> None:
    async with database.session() as s:
        await make_media(s, id=7, id_mal=7, type=MANGA, status=MediaStatus.HIATUS)
    body = (await mal.get("/v2/manga/7", params={"fields": "status"})).json()
    assert body["status"] == "on_hiatus"
