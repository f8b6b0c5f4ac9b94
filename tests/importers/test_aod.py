"""anime-offline-database import: every file format, the mapping tables, and a safe upsert."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import zstandard
from typer.testing import CliRunner

from kagami.catalogue.models import (
    Media,
    MediaExternalLink,
    MediaGenre,
    MediaStudio,
    MediaTag,
    MediaTagLink,
    Studio,
)
from kagami.cli import app
from kagami.db import Database
from kagami.importers.aod import (
    FORMATS,
    SEASONS,
    STATUSES,
    duration_minutes,
    ids_from_sources,
    map_entry,
    site_name,
    split_tags,
)
from kagami.importers.aod_loader import import_aod
from kagami.importers.aod_reader import AodFileError, open_aod
from kagami.importers.records import ExternalLink, FuzzyDate, MediaRecord
from kagami.importers.upsert import upsert_media_records

EXAMPLE = Path(__file__).parent / "data" / "aod-example.json"


def _document() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _entry(anilist_id: int | None, mal_id: int | None = None, **changes: Any) -> dict[str, Any]:
    """The example's Death Note entry, re-pointed at other ids."""
    entry = copy.deepcopy(_document()["data"][0])
    sources = [s for s in entry["sources"] if "anilist.co" not in s and "myanimelist" not in s]
    if anilist_id is not None:
        sources.append(f"https://anilist.co/anime/{anilist_id}")
    if mal_id is not None:
        sources.append(f"https://myanimelist.net/anime/{mal_id}")
    return {**entry, "sources": sorted(sources), **changes}


def _write_json(path: Path, entries: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({**_document(), "data": entries}), encoding="utf-8")
    return path


def _variants(tmp_path: Path) -> list[Path]:
    """The example as pretty/minified .json, .jsonl, and zstd-compressed .json and .jsonl."""
    document = _document()
    metadata = {k: v for k, v in document.items() if k != "data"}
    minified = tmp_path / "anime-offline-database-minified.json"
    minified.write_text(json.dumps(document, separators=(",", ":"), ensure_ascii=False))
    jsonl = tmp_path / "anime-offline-database.jsonl"
    lines = [json.dumps(metadata)] + [json.dumps(e, ensure_ascii=False) for e in document["data"]]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    compressed = []
    for source in (minified, jsonl):
        target = source.with_name(source.name + ".zst")
        target.write_bytes(zstandard.ZstdCompressor().compress(source.read_bytes()))
        compressed.append(target)
    return [EXAMPLE, minified, jsonl, *compressed]


def _records(path: Path) -> list[MediaRecord | None]:
    with open_aod(path) as source:
        return [map_entry(entry) for entry in source.entries()]


def test_every_file_format_parses_to_the_same_records(tmp_path: Path) -> None:
    parsed = [_records(path) for path in _variants(tmp_path)]
    assert len(parsed) == 5
    assert all(records == parsed[0] for records in parsed)
    (death_note,) = parsed[0]
    assert death_note is not None
    assert (death_note.anilist_id, death_note.mal_id) == (1535, 1535)
    assert death_note.title_romaji == "Death Note"
    assert (death_note.format, death_note.status, death_note.episodes) == ("TV", "FINISHED", 37)
    assert (death_note.season, death_note.season_year) == ("FALL", 2006)
    assert death_note.start_date == FuzzyDate(2006)
    assert death_note.duration == 23
    assert death_note.cover_image == "https://cdn.myanimelist.net/images/anime/1079/138100.jpg"
    assert "デスノート" in death_note.synonyms
    assert death_note.genres == (
        "Drama", "Fantasy", "Horror", "Mystery", "Psychological", "Romance", "Supernatural",
        "Thriller",
    )  # fmt: skip
    assert "male protagonist" in death_note.tags
    assert "thriller" not in death_note.tags
    assert death_note.studios == ("madhouse",)
    assert ExternalLink("https://anidb.net/anime/4563", "AniDB") in death_note.external_links
    assert {link.site for link in death_note.external_links}.isdisjoint({"AniList", "MyAnimeList"})


def test_a_jsonl_file_without_a_metadata_line_still_yields_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "entries.jsonl"
    path.write_text("\n".join(json.dumps(_entry(i)) for i in (1, 2, 3)) + "\n\n")
    assert [r.anilist_id for r in _records(path) if r] == [1, 2, 3]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"data": [{"title": ', "invalid JSON"),
        ('{"license": {}}', "no data array"),
        ("[1, 2, 3]", "no JSON object"),
        ('{"data": [{"title": "x"} {"title": "y"}]}', "expected ',' or ']'"),
    ],
)
def test_a_broken_json_file_raises_a_one_line_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content)
    with pytest.raises(AodFileError, match=message), open_aod(path) as source:
        list(source.entries())


def test_a_broken_jsonl_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"license": {}}\n' + json.dumps(_entry(1)) + "\n{not json\n")
    with pytest.raises(AodFileError, match="line 3"), open_aod(path) as source:
        list(source.entries())


@pytest.mark.parametrize(
    ("aod", "anilist"),
    [("TV", "TV"), ("MOVIE", "MOVIE"), ("OVA", "OVA"), ("ONA", "ONA"), ("SPECIAL", "SPECIAL"),
     ("UNKNOWN", None)],
)  # fmt: skip
def test_aod_types_map_to_anilist_formats(aod: str, anilist: str | None) -> None:
    assert FORMATS[aod] == anilist


@pytest.mark.parametrize(
    ("aod", "anilist"),
    [("FINISHED", "FINISHED"), ("ONGOING", "RELEASING"), ("UPCOMING", "NOT_YET_RELEASED"),
     ("UNKNOWN", None)],
)  # fmt: skip
def test_aod_statuses_map_to_anilist_statuses(aod: str, anilist: str | None) -> None:
    assert STATUSES[aod] == anilist


@pytest.mark.parametrize(
    ("season", "year", "expected"),
    [
        ("SPRING", 2020, ("SPRING", 2020, 2020)),
        ("WINTER", 1999, ("WINTER", 1999, 1999)),
        ("UNDEFINED", 2020, (None, None, 2020)),
        ("FALL", None, (None, None, None)),
    ],
)
def test_anime_season_maps_to_season_season_year_and_start_year(
    season: str, year: int | None, expected: tuple[str | None, int | None, int | None]
) -> None:
    record = map_entry(_entry(1, animeSeason={"season": season, "year": year}))
    assert record is not None
    assert (record.season, record.season_year, record.start_date.year) == expected
    assert SEASONS[season] == (None if season == "UNDEFINED" else season)


@pytest.mark.parametrize(
    ("duration", "minutes"),
    [
        ({"value": 1380, "unit": "SECONDS"}, 23),
        ({"value": 6600, "unit": "SECONDS"}, 110),
        ({"value": 20, "unit": "SECONDS"}, 1),
        ({"value": 90}, 2),
        (None, None),
        ({}, None),
    ],
)
def test_duration_in_seconds_becomes_minutes_per_episode(
    duration: dict[str, Any] | None, minutes: int | None
) -> None:
    assert duration_minutes(duration) == minutes


@pytest.mark.parametrize(
    ("sources", "ids"),
    [
        (["https://anilist.co/anime/1535", "https://myanimelist.net/anime/1535"], (1535, 1535)),
        (["https://anidb.net/anime/4563", "https://anilist.co/anime/21"], (21, None)),
        (["https://myanimelist.net/anime/5", "https://kitsu.app/anime/1"], (None, 5)),
        (["https://anilist.co/manga/30002", "https://myanimelist.net/manga/2"], (None, None)),
        ([], (None, None)),
    ],
)
def test_anilist_and_mal_ids_come_from_source_urls(
    sources: list[str], ids: tuple[int | None, int | None]
) -> None:
    assert ids_from_sources(sources) == ids


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://anidb.net/anime/4563", "AniDB"),
        ("https://kitsu.app/anime/1376", "Kitsu"),
        ("https://anime-planet.com/anime/death-note", "Anime-Planet"),
        ("https://www.example.org/anime/1", "example.org"),
    ],
)
def test_other_sources_become_info_links_named_by_host(url: str, site: str) -> None:
    assert site_name(url) == site


def test_tags_that_are_anilist_genres_become_genres_case_insensitively() -> None:
    genres, tags = split_tags(["action", "SCI-FI", "science fiction", "Slice of Life", "mecha",
                               "male protagonist", "urban  fantasy"])  # fmt: skip
    assert genres == ("Action", "Sci-Fi", "Slice of Life", "Mecha")
    assert tags == ("male protagonist", "urban fantasy")


def test_placeholder_pictures_and_zero_episodes_count_as_unknown() -> None:
    placeholder = "https://raw.githubusercontent.com/manami-project/anime-offline-database/master/pics/no_pic.png"
    record = map_entry(_entry(1, picture=placeholder, thumbnail=placeholder, episodes=0))
    assert record is not None
    assert (record.cover_image, record.episodes) == (None, None)


# -- the database side ----------------------------------------------------------------------


async def _scalars(database: Database, query: Any) -> list[Any]:
    async with database.session() as session:
        return list((await session.execute(query)).scalars())


async def test_entries_without_an_anilist_source_are_skipped_and_counted(
    database: Database, tmp_path: Path
) -> None:
    path = _write_json(
        tmp_path / "aod.json",
        [_entry(101, 9101), _entry(None, 9102), _entry(None, None), _entry(103), {"title": 5}],
    )
    result = await import_aod(database, path, quiet=True)
    assert (result.imported, result.without_anilist_id, result.invalid) == (2, 2, 1)
    assert await _scalars(database, sa.select(Media.id).order_by(Media.id)) == [101, 103]


async def test_import_fills_gaps_without_overwriting_bundled_titles_and_dates(
    database: Database, tmp_path: Path
) -> None:
    bundled = MediaRecord(
        anilist_id=1535,
        mal_id=1535,
        title_romaji="DEATH NOTE",
        title_native="デスノート",
        title_english="Death Note",
        synonyms=("死亡笔记",),
        format="TV",
        status="FINISHED",
        start_date=FuzzyDate(2006, 10, 4),
        end_date=FuzzyDate(2007, 6, 27),
        season="FALL",
        season_year=2006,
        country_of_origin="JP",
        external_links=(
            ExternalLink("http://www.ntv.co.jp/deathnote/", "Official Site"),
            ExternalLink("https://anidb.net/anime/4563", "AniDB"),
            ExternalLink("https://www.netflix.com/title/70204970", "Netflix", "STREAMING"),
        ),
        source="bangumi-data",
    )
    async with database.session() as session:
        await upsert_media_records(session, [bundled])

    await import_aod(database, EXAMPLE, quiet=True)

    async with database.session() as session:
        media = await session.get_one(Media, 1535)
        links = (
            await session.execute(
                sa.select(MediaExternalLink.site, MediaExternalLink.url).where(
                    MediaExternalLink.media_id == 1535
                )
            )
        ).all()
    assert (media.title_romaji, media.title_native, media.title_english) == (
        "DEATH NOTE",
        "デスノート",
        "Death Note",
    )
    assert (media.start_year, media.start_month, media.start_day) == (2006, 10, 4)
    assert (media.end_year, media.end_month, media.end_day) == (2007, 6, 27)
    assert (media.country_of_origin, media.id_mal, media.format) == ("JP", 1535, "TV")
    assert (media.episodes, media.duration) == (37, 23)
    assert media.cover_large == "https://cdn.myanimelist.net/images/anime/1079/138100.jpg"
    assert media.synonyms[0] == "死亡笔记"
    assert "Death Note" not in media.synonyms  # already the English title
    assert "死亡筆記本" in media.synonyms
    sites = [site for site, _ in links]
    assert sites.count("AniDB") == 1
    assert {"Official Site", "Netflix", "Kitsu", "Anime-Planet"} <= set(sites)
    genres = await _scalars(
        database, sa.select(MediaGenre.genre).where(MediaGenre.media_id == 1535)
    )
    assert "Thriller" in genres


async def test_new_media_get_every_aod_field(database: Database) -> None:
    await import_aod(database, EXAMPLE, quiet=True)
    async with database.session() as session:
        media = await session.get_one(Media, 1535)
    assert (media.title_romaji, media.id_mal, media.status) == ("Death Note", 1535, "FINISHED")
    assert (media.season, media.season_year, media.start_year) == ("FALL", 2006, 2006)
    assert media.season_int == 64


async def _label_counts(database: Database) -> tuple[int, ...]:
    async with database.session() as session:
        return tuple(
            [
                await session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
                for model in (MediaTag, MediaTagLink, Studio, MediaStudio, MediaExternalLink,
                              MediaGenre)
            ]
        )  # fmt: skip


async def test_tags_and_studios_are_linked_once_however_often_it_runs(
    database: Database, tmp_path: Path
) -> None:
    async with database.session() as session:
        session.add(Studio(name="MADHOUSE", is_animation_studio=True))
    path = _write_json(tmp_path / "aod.json", [_entry(1535, 1535), _entry(20, 20)])
    await import_aod(database, path, quiet=True)
    first = await _label_counts(database)
    await import_aod(database, path, quiet=True)
    assert await _label_counts(database) == first
    tags, tag_links, studios, studio_links, _, _ = first
    assert tags == tag_links // 2 == len(map_entry(_entry(1)).tags)  # type: ignore[union-attr]
    assert (studios, studio_links) == (1, 2)  # the existing studio was reused
    ranks = await _scalars(database, sa.select(MediaTagLink.rank).distinct())
    assert ranks == [0]


async def test_a_mal_id_another_media_holds_is_left_alone(
    database: Database, tmp_path: Path
) -> None:
    path = _write_json(tmp_path / "aod.json", [_entry(1, 77), _entry(2, 77)])
    await import_aod(database, path, quiet=True)
    rows = (await _execute(database, sa.select(Media.id, Media.id_mal).order_by(Media.id))).copy()
    assert rows == [(1, 77), (2, None)]


async def _execute(database: Database, query: Any) -> list[tuple[Any, ...]]:
    async with database.session() as session:
        return [tuple(row) for row in await session.execute(query)]


async def test_a_batch_costs_the_same_statements_for_2_or_20_records(
    database: Database, sql_counter: Any
) -> None:
    async def statements(ids: range) -> int:
        records = [map_entry(_entry(i, i, studios=[f"s{i}"], tags=["drama", f"t{i}"])) for i in ids]
        with sql_counter() as counted:
            async with database.session() as session:
                await upsert_media_records(session, [r for r in records if r])
        return counted.count

    assert await statements(range(1, 3)) == await statements(range(100, 120))


# -- the command ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("garbage.json", b"this is not json"),
        ("garbage.jsonl.zst", b"\x28\xb5\x2f\xfd" + b"\x00" * 32),
        ("cut.json.zst", zstandard.ZstdCompressor().compress(EXAMPLE.read_bytes())[:900]),
        ("latin1.json", b'{"data": [{"title": "\xe9"}]}'),
    ],
)
def test_a_corrupt_file_is_a_one_line_cli_error(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(
        app, ["import", "aod", str(path)], env={"KAGAMI_DATA_DIR": str(tmp_path)}
    )
    assert result.exit_code == 1, result.output
    assert f"Error: {name}" in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_is_a_one_line_cli_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["import", "aod", str(tmp_path / "nope.json")], env={"KAGAMI_DATA_DIR": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert "no such file" in result.output
    assert "Traceback" not in result.output


def test_the_command_imports_and_reports_dead_entries(tmp_path: Path) -> None:
    dead = tmp_path / "anilist.json"
    dead.write_text(json.dumps({"deadEntries": ["1535", "999999"]}))
    result = CliRunner().invoke(
        app,
        ["import", "aod", str(EXAMPLE), "--dead-entries", str(dead)],
        env={"KAGAMI_DATA_DIR": str(tmp_path)},
    )
    assert result.exit_code == 0, result.output
    assert "Imported 1 media" in result.output
    assert "1 of 2 dead anilist ids" in result.output
