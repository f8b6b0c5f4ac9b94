"""The bundled catalogue parser: bangumi-data items joined with arm id pairs."""

from __future__ import annotations

import lzma
import time
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from kagami.data import ARM, BANGUMI_DATA, bundled_path
from kagami.importers.bundled import (
    FORMATS,
    BundledCatalogue,
    broadcast_of,
    bundled_fingerprint,
    jst_date,
    load_bundled_catalogue,
    season_of,
    status_of,
)
from kagami.importers.records import ExternalLink, FuzzyDate

TODAY = date(2026, 8, 20)


@pytest.fixture(scope="module")
def catalogue() -> BundledCatalogue:
    started = time.perf_counter()
    loaded = load_bundled_catalogue(today=TODAY)
    print(f"bundled catalogue loaded in {time.perf_counter() - started:.2f}s")
    return loaded


def test_bundled_catalogue_has_thousands_of_real_anime(catalogue: BundledCatalogue) -> None:
    records = catalogue.records
    assert len(records) >= 8_000
    assert sum(1 for r in records if r.title_english) >= 2_000
    assert all(r.title_romaji.strip() for r in records)
    assert len({r.anilist_id for r in records}) == len(records)
    mal_ids = [r.mal_id for r in records if r.mal_id is not None]
    assert len(set(mal_ids)) == len(mal_ids)
    assert catalogue.skipped_without_anilist_id > 0


def test_attack_on_titan_is_the_real_show(catalogue: BundledCatalogue) -> None:
    (aot,) = [r for r in catalogue.records if r.anilist_id == 16498]
    assert aot.mal_id == 16498
    assert aot.title_native == "進撃の巨人"
    assert aot.title_romaji == "Shingeki no Kyojin"
    assert aot.title_english == "Attack on Titan"
    assert aot.format == "TV"
    assert aot.status == "FINISHED"
    assert aot.start_date == FuzzyDate(2013, 4, 7)
    assert (aot.season, aot.season_year) == ("SPRING", 2013)
    assert aot.country_of_origin == "JP"
    assert "进击的巨人" in aot.synonyms
    assert ExternalLink("http://shingeki.tv/", "Official Site", "INFO") in aot.external_links
    sites = {link.site for link in aot.external_links}
    assert {"Netflix", "Crunchyroll", "AniDB"} <= sites
    assert not sites & {"MyAnimeList", "AniList", "动漫花园"}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2013-04-06T17:00:00.000Z", date(2013, 4, 7)),
        ("2013-04-06T14:59:59.000Z", date(2013, 4, 6)),
        ("2013-04-06T15:00:00.000Z", date(2013, 4, 7)),
        ("2020-12-31T15:30:00.000Z", date(2021, 1, 1)),
        ("2013-04-06T17:00:00+09:00", date(2013, 4, 6)),
        ("", None),
        (None, None),
    ],
)
def test_bangumi_timestamps_become_japan_dates(moment: str | None, expected: date | None) -> None:
    assert jst_date(moment) == expected


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        ("R/2013-04-06T16:58:00.000Z/P7D", ("sunday", "01:58")),
        ("R/2020-01-10T14:30:00.000Z/P7D", ("friday", "23:30")),
        ("R/2026-08-02T15:00:00.000Z/P0D", (None, None)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_weekly_broadcasts_become_japan_weekday_and_time(
    interval: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert broadcast_of(interval) == expected


@pytest.mark.parametrize(
    ("kind", "fmt"), [("tv", "TV"), ("movie", "MOVIE"), ("ova", "OVA"), ("web", "ONA")]
)
def test_bangumi_types_map_to_anilist_formats(kind: str, fmt: str) -> None:
    assert FORMATS[kind] == fmt


@pytest.mark.parametrize(
    ("start", "season", "year"),
    [
        (date(2020, 1, 1), "WINTER", 2020),
        (date(2020, 3, 14), "WINTER", 2020),
        (date(2020, 3, 15), "SPRING", 2020),  # from the 15th of a quarter's last month: next
        (date(2020, 3, 31), "SPRING", 2020),
        (date(2020, 4, 1), "SPRING", 2020),
        (date(2020, 6, 14), "SPRING", 2020),
        (date(2020, 6, 30), "SUMMER", 2020),
        (date(2020, 7, 1), "SUMMER", 2020),
        (date(2020, 9, 14), "SUMMER", 2020),
        (date(2020, 9, 15), "FALL", 2020),
        (date(2020, 10, 1), "FALL", 2020),
        (date(2020, 11, 30), "FALL", 2020),
        (date(2020, 12, 1), "WINTER", 2021),  # "Winter 2017 would also include December 2016"
        (date(2020, 12, 31), "WINTER", 2021),
    ],
)
def test_season_is_the_one_a_show_predominantly_aired_in(
    start: date, season: str, year: int
) -> None:
    assert season_of(start) == (season, year)


# Real AniList seasons of bundled shows whose start sits near a season boundary.
ANILIST_SEASONS = [
    (154587, "FALL", 2023),  # Frieren, 2023-09-29
    (110277, "WINTER", 2021),  # Attack on Titan The Final Season, 2020-12-07
    (117193, "SPRING", 2021),  # My Hero Academia 5, 2021-03-27
    (141774, "SPRING", 2022),  # Ya Boy Kongming!, 2022-03-31 in bangumi-data
    (15583, "SPRING", 2013),  # Date A Live, 2013-03-31 in bangumi-data
    (163571, "SUMMER", 2023),  # BanG Dream! It's MyGO!!!!!, 2023-06-30
    (21643, "SUMMER", 2016),  # The Morose Mononokean, 2016-06-28
    (13125, "FALL", 2012),  # From the New World, 2012-09-29
    (20629, "FALL", 2014),  # Terra Formars, 2014-09-27
    (17513, "FALL", 2013),  # Diabolik Lovers, 2013-09-16
    (142838, "FALL", 2022),  # Spy x Family part 2, 2022-10-01
    (113415, "FALL", 2020),  # Jujutsu Kaisen, 2020-10-03
    (153518, "WINTER", 2024),  # Delicious in Dungeon, 2024-01-04
    (16498, "SPRING", 2013),  # Attack on Titan, 2013-04-07
]


@pytest.mark.parametrize(("anilist_id", "season", "year"), ANILIST_SEASONS)
def test_bundled_shows_get_their_anilist_season(
    catalogue: BundledCatalogue, anilist_id: int, season: str, year: int
) -> None:
    (record,) = [r for r in catalogue.records if r.anilist_id == anilist_id]
    assert (record.season, record.season_year) == (season, year)


def test_every_bundled_season_follows_the_start_date(catalogue: BundledCatalogue) -> None:
    quarters = ("WINTER", "SPRING", "SUMMER", "FALL")
    for record in catalogue.records:
        start = record.start_date
        if start.year is None or start.month is None:
            assert (record.season, record.season_year) == (None, None)
            continue
        assert record.season is not None and record.season_year is not None
        # Seasons counted from year 0: the calendar quarter, or the one after it.
        calendar = start.year * 4 + (start.month - 1) // 3
        got = record.season_year * 4 + quarters.index(record.season)
        late = start.month == 12 or (start.month % 3 == 0 and (start.day or 0) >= 15)
        assert got == calendar + late, (record.anilist_id, start, record.season)


@pytest.mark.parametrize(
    ("kind", "start", "end", "status"),
    [
        ("tv", date(2013, 4, 7), date(2013, 9, 29), "FINISHED"),
        ("tv", date(2026, 7, 1), date(2026, 9, 30), "RELEASING"),
        ("tv", date(2026, 10, 1), None, "NOT_YET_RELEASED"),
        ("movie", date(2026, 9, 1), date(2026, 9, 1), "NOT_YET_RELEASED"),
        ("movie", date(2020, 9, 1), None, "FINISHED"),
        ("ova", date(2020, 9, 1), None, "FINISHED"),
        ("tv", date(2026, 4, 5), None, "RELEASING"),  # no end, began recently
        ("tv", date(1969, 10, 5), None, "RELEASING"),  # no end, long-runner (Sazae-san)
        ("web", date(2025, 12, 1), None, "FINISHED"),  # no end, began months before today
        ("tv", None, None, None),
    ],
)
def test_status_is_computed_for_the_given_day(
    kind: str, start: date | None, end: date | None, status: str | None
) -> None:
    assert status_of(kind, start, end, TODAY) == status


def _item(title: str, sites: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
    item = {
        "title": title,
        "titleTranslate": {},
        "type": "tv",
        "lang": "ja",
        "officialSite": "",
        "begin": "2013-04-06T16:58:00.000Z",
        "end": "2013-09-28T17:28:00.000Z",
        "sites": sites,
    }
    return item | extra


def _write_xz(path: Path, value: Any) -> Path:
    path.write_bytes(lzma.compress(orjson.dumps(value)))
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> BundledCatalogue:
    site_meta = {
        "mal": {
            "title": "MyAnimeList",
            "urlTemplate": "https://myanimelist.net/anime/{{id}}",
            "type": "info",
        },
        "aniList": {
            "title": "AniList",
            "urlTemplate": "https://anilist.co/anime/{{id}}",
            "type": "info",
        },
        "anidb": {
            "title": "AniDB",
            "urlTemplate": "https://anidb.net/anime/{{id}}",
            "type": "info",
        },
        "netflix": {
            "title": "Netflix",
            "urlTemplate": "https://www.netflix.com/title/{{id}}",
            "type": "onair",
        },
        "iqiyi": {
            "title": "爱奇艺",
            "urlTemplate": "https://www.iqiyi.com/{{id}}.html",
            "type": "onair",
        },
        "dmhy": {
            "title": "动漫花园",
            "urlTemplate": "https://share.dmhy.org/{{id}}",
            "type": "resource",
        },
    }
    items = [
        _item("四", [{"site": "aniList", "id": "300"}, {"site": "mal", "id": "1"}]),
        _item(
            "一",
            [{"site": "mal", "id": "1"}, {"site": "anidb", "id": "11"}],
            titleTranslate={"en": ["世界名作剧场", "attack on titan"], "zh-Hans": ["一号"]},
        ),
        _item("二", [{"site": "aniList", "id": "200"}, {"site": "dmhy", "id": "x"}]),
        _item("三", [{"site": "bangumi", "id": "3"}]),
        _item(
            "一 第2期",
            [
                {"site": "aniList", "id": "100"},
                {"site": "netflix", "id": "9"},
                {"site": "iqiyi", "url": "https://www.iqiyi.com/a_b.html"},
            ],
        ),
    ]
    bangumi = _write_xz(tmp_path / "bangumi.json.xz", {"siteMeta": site_meta, "items": items})
    arm = _write_xz(
        tmp_path / "arm.json.xz",
        [
            {"mal_id": 1, "anilist_id": 100},
            {"mal_id": 2, "anilist_id": 200},
            {"annict_id": 5},
        ],
    )
    return load_bundled_catalogue(today=TODAY, bangumi_path=bangumi, arm_path=arm)


def test_ids_missing_from_sites_come_from_arm(tiny: BundledCatalogue) -> None:
    assert [(r.anilist_id, r.mal_id) for r in tiny.records][1:] == [(100, 1), (200, 2)]


def test_a_mal_id_stays_with_the_record_arm_pairs_it_with(tiny: BundledCatalogue) -> None:
    assert (tiny.records[0].anilist_id, tiny.records[0].mal_id) == (300, None)
    assert tiny.mal_ids_dropped == 1


def test_items_without_anilist_id_are_skipped_and_counted(tiny: BundledCatalogue) -> None:
    assert tiny.skipped_without_anilist_id == 1


def test_duplicates_keep_the_first_item_and_merge_links(tiny: BundledCatalogue) -> None:
    first = tiny.records[1]
    assert tiny.merged_duplicates == 1
    assert first.title_native == "一"
    assert [link.url for link in first.external_links] == [
        "https://anidb.net/anime/11",
        "https://www.netflix.com/title/9",
        "https://www.iqiyi.com/a_b.html",
    ]
    assert [link.type for link in first.external_links] == ["INFO", "STREAMING", "STREAMING"]


def test_id_and_torrent_sites_are_not_links(tiny: BundledCatalogue) -> None:
    assert tiny.records[2].external_links == ()


def test_english_title_is_the_first_latin_one_title_cased(tiny: BundledCatalogue) -> None:
    first = tiny.records[1]
    assert first.title_english == "Attack on Titan"
    assert first.synonyms == ("世界名作剧场", "一号")


def test_bundled_files_ship_with_their_notice() -> None:
    for name in (BANGUMI_DATA, ARM, "NOTICE"):
        assert bundled_path(name).is_file()
    notice = bundled_path("NOTICE").read_text()
    assert "bangumi-data" in notice and "CC BY 4.0" in notice and "kawaiioverflow" in notice


def test_fingerprint_is_a_stable_sha256() -> None:
    first = bundled_fingerprint()
    assert len(first) == 64 and int(first, 16) >= 0
    assert bundled_fingerprint() == first
