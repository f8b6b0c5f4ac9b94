"""Parse the bundled catalogue (bangumi-data joined with arm id pairs) into ``MediaRecord``s.

Pure parsing: no database access. ``load_bundled()`` reads both files shipped in
``kagami.data``, resolves each bangumi-data item's AniList and MAL ids (its own ``sites``
first, arm's pairs second), skips items with no AniList id and keeps the first item per
AniList id (later duplicates only contribute external links).
"""

from __future__ import annotations

import hashlib
import lzma
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson

from kagami.data import ARM, BANGUMI_DATA, bundled_path
from kagami.importers.records import (
    ExternalLink,
    FuzzyDate,
    LinkType,
    MediaFormat,
    MediaRecord,
    MediaSeason,
    MediaStatus,
)
from kagami.importers.romanise import is_latin, romanise

JST = timezone(timedelta(hours=9), "JST")
# bangumi-data commit c438429 is dated 2026-08-17: a TV show with no end date that had
# already run for over a year by then is a long-runner (Sazae-san, Conan), not a stale entry.
SNAPSHOT_DATE = date(2026, 8, 17)
_LONG_RUNNER = timedelta(days=365)
# With no end date, a TV/web show that began within this window is presumed still airing.
_RECENT = timedelta(days=183)

SEASONS: tuple[MediaSeason, ...] = ("WINTER", "SPRING", "SUMMER", "FALL")
# From this day of a quarter's last month (March, June, September) a start is next season's.
NEXT_SEASON_FROM_DAY = 15
DECEMBER = 12
# Bump when parsing changes what a record holds (2: seasons of late-quarter starts), so
# ``serve`` re-runs the bundled import once and existing databases get the corrected values.
PARSER_VERSION = 2

FORMATS: Mapping[str, MediaFormat] = {"tv": "TV", "movie": "MOVIE", "ova": "OVA", "web": "ONA"}
COUNTRIES: Mapping[str, str] = {
    "ja": "JP",
    "zh-Hans": "CN",
    "zh-Hant": "CN",
    "zh": "CN",
    "en": "US",
    "ko": "KR",
}
# bangumi-data "resource" sites are BitTorrent indexes (dmhy, mikan, bangumi_moe): not linked.
LINK_TYPES: Mapping[str, LinkType] = {"info": "INFO", "onair": "STREAMING"}
_ID_SITES = frozenset({"mal", "aniList"})
_SYNONYM_LANGS = ("en", "ja", "zh-Hans", "zh-Hant")
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to"}
    | {"vs", "with"}
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))


@dataclass(frozen=True, slots=True)
class BundledCatalogue:
    """The parsed bundled catalogue plus what was left out and why."""

    records: list[MediaRecord]
    skipped_without_anilist_id: int
    merged_duplicates: int
    mal_ids_dropped: int = 0


def load_bundled(today: date | None = None) -> list[MediaRecord]:
    """Parse the bundled bangumi-data + arm files into one record per AniList id."""
    return load_bundled_catalogue(today).records


def load_bundled_catalogue(
    today: date | None = None,
    bangumi_path: Path | None = None,
    arm_path: Path | None = None,
) -> BundledCatalogue:
    """Like ``load_bundled`` but also reports skip/merge counts; paths default to the bundle."""
    today = today or datetime.now(JST).date()
    bangumi = _read_xz_json(bangumi_path or bundled_path(BANGUMI_DATA))
    mal_to_anilist, anilist_to_mal = _arm_maps(_read_xz_json(arm_path or bundled_path(ARM)))
    site_meta: dict[str, dict[str, Any]] = bangumi["siteMeta"]

    by_id: dict[int, MediaRecord] = {}
    skipped = merged = 0
    for item in bangumi["items"]:
        own = _own_ids(item)
        anilist_id = own.get("aniList") or mal_to_anilist.get(own.get("mal", 0))
        if anilist_id is None:
            skipped += 1
            continue
        mal_id = own.get("mal") or anilist_to_mal.get(anilist_id)
        first = by_id.get(anilist_id)
        if first is not None:
            merged += 1
            links = _merge_links(first.external_links, _links(item, site_meta))
            by_id[anilist_id] = replace(first, external_links=links, mal_id=first.mal_id or mal_id)
            continue
        by_id[anilist_id] = parse_item(item, anilist_id, mal_id, site_meta, today)
    records, unpaired = _unique_mal_ids(list(by_id.values()), anilist_to_mal)
    return BundledCatalogue(records, skipped, merged, unpaired)


def parse_item(
    item: Mapping[str, Any],
    anilist_id: int,
    mal_id: int | None,
    site_meta: Mapping[str, Mapping[str, Any]],
    today: date,
) -> MediaRecord:
    """Turn one bangumi-data item (ids already resolved) into a ``MediaRecord``."""
    native = item["title"].strip()
    english, synonyms = _english_and_synonyms(native, item.get("titleTranslate") or {})
    kind = item.get("type", "")
    start, end = jst_date(item.get("begin")), jst_date(item.get("end"))
    season, season_year = season_of(start)
    broadcast_day, broadcast_time = broadcast_of(item.get("broadcast"))
    return MediaRecord(
        anilist_id=anilist_id,
        mal_id=mal_id,
        title_romaji=romanise(native, item.get("lang") or "ja"),
        title_native=native,
        title_english=english,
        synonyms=synonyms,
        format=FORMATS.get(kind),
        status=status_of(kind, start, end, today),
        start_date=FuzzyDate.from_date(start) if start else FuzzyDate(),
        end_date=FuzzyDate.from_date(end) if end else FuzzyDate(),
        season=season,
        season_year=season_year,
        country_of_origin=COUNTRIES.get(item.get("lang") or ""),
        broadcast_day=broadcast_day,
        broadcast_time=broadcast_time,
        external_links=_links(item, site_meta),
        source="bangumi-data",
    )


def jst_date(moment: str | None) -> date | None:
    """Japan-time calendar date of a bangumi-data UTC timestamp (``""`` -> ``None``)."""
    if not moment:
        return None
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(JST).date()


def broadcast_of(interval: str | None) -> tuple[str | None, str | None]:
    """Weekday and HH:MM (Japan time) of a weekly ``R/<start>/P7D`` broadcast, else Nones."""
    parts = (interval or "").split("/")
    if len(parts) != 3 or parts[0] != "R" or parts[2] != "P7D":
        return None, None
    start = datetime.fromisoformat(parts[1].replace("Z", "+00:00")).astimezone(JST)
    return _WEEKDAYS[start.weekday()], start.strftime("%H:%M")


def season_of(start: date | None) -> tuple[MediaSeason | None, int | None]:
    """AniList season and season year of a start date: the season a show predominantly aired in.

    AniList's seasons are WINTER Jan-Mar, SPRING Apr-Jun, SUMMER Jul-Sep, FALL Oct-Nov, and
    "Winter 2017 would also include December 2016 releases" (the schema's own words): so any
    December start is next year's WINTER. A start from the 15th of March, June or September
    on airs mostly in the next quarter and counts as the next season (Frieren, 2023-09-29:
    FALL 2023; My Hero Academia 5, 2021-03-27: SPRING 2021; Diabolik Lovers, 2013-09-16: FALL).
    """
    if start is None:
        return None, None
    quarter, year = (start.month - 1) // 3, start.year
    if start.month == DECEMBER or (start.month % 3 == 0 and start.day >= NEXT_SEASON_FROM_DAY):
        quarter += 1
    if quarter == len(SEASONS):
        quarter, year = 0, year + 1
    return SEASONS[quarter], year


def status_of(kind: str, start: date | None, end: date | None, today: date) -> MediaStatus | None:
    """Airing status on ``today`` from the (JST) start/end dates and the bangumi-data type."""
    if start is None:
        return None
    if start > today:
        return "NOT_YET_RELEASED"
    if end is not None:
        return "FINISHED" if end <= today else "RELEASING"
    if kind in ("movie", "ova"):
        return "FINISHED"
    if start >= today - _RECENT or start <= SNAPSHOT_DATE - _LONG_RUNNER:
        return "RELEASING"
    return "FINISHED"


def bundled_fingerprint() -> str:
    """SHA-256 over the parser version and both files: whether this exact import already ran."""
    digest = hashlib.sha256(f"parser {PARSER_VERSION}\0".encode())
    for name in (BANGUMI_DATA, ARM):
        digest.update(name.encode() + b"\0")
        digest.update(bundled_path(name).read_bytes())
    return digest.hexdigest()


def _read_xz_json(path: Path) -> Any:
    with lzma.open(path) as fh:
        return orjson.loads(fh.read())


def _arm_maps(pairs: Iterable[Mapping[str, int]]) -> tuple[dict[int, int], dict[int, int]]:
    """MAL -> AniList and AniList -> MAL maps from arm; the first pair for an id wins."""
    mal_to_anilist: dict[int, int] = {}
    anilist_to_mal: dict[int, int] = {}
    for pair in pairs:
        mal, anilist = pair.get("mal_id"), pair.get("anilist_id")
        if mal and anilist:
            mal_to_anilist.setdefault(mal, anilist)
            anilist_to_mal.setdefault(anilist, mal)
    return mal_to_anilist, anilist_to_mal


def _unique_mal_ids(
    records: list[MediaRecord], anilist_to_mal: Mapping[int, int]
) -> tuple[list[MediaRecord], int]:
    """Leave each MAL id on one record only (media are unique per type and MAL id).

    The record arm pairs with that MAL id keeps it, else the first one; the others lose it.
    """
    claimants: dict[int, list[MediaRecord]] = {}
    for record in records:
        if record.mal_id is not None:
            claimants.setdefault(record.mal_id, []).append(record)
    losers: set[int] = set()
    for mal_id, group in claimants.items():
        if len(group) > 1:
            paired = [r for r in group if anilist_to_mal.get(r.anilist_id) == mal_id]
            winner = (paired or group)[0]
            losers.update(r.anilist_id for r in group if r is not winner)
    out = [replace(r, mal_id=None) if r.anilist_id in losers else r for r in records]
    return out, len(losers)


def _own_ids(item: Mapping[str, Any]) -> dict[str, int]:
    """The item's own ``mal``/``aniList`` ids from its ``sites`` (non-numeric ids ignored)."""
    ids: dict[str, int] = {}
    for site in item.get("sites", ()):
        name, value = site.get("site"), str(site.get("id") or "")
        if name in _ID_SITES and value.isdigit() and name not in ids:
            ids[name] = int(value)
    return ids


def _english_and_synonyms(
    native: str, translations: Mapping[str, list[str]]
) -> tuple[str | None, tuple[str, ...]]:
    """Pick the first Latin-script English title; every other translation is a synonym."""
    english: str | None = None
    synonyms: list[str] = []
    langs = [*_SYNONYM_LANGS, *(k for k in translations if k not in _SYNONYM_LANGS)]
    for lang in langs:
        for raw in translations.get(lang) or ():
            title = _clean(raw)
            if lang == "en" and english is None and title and is_latin(title):
                english = _title_case(title)
            elif title and title != native and title not in synonyms:
                synonyms.append(title)
    return english, tuple(s for s in synonyms if s != english)


def _clean(title: str) -> str:
    """Drop invisible characters, fold full-width ASCII, collapse whitespace."""
    title = title.translate(_INVISIBLE)
    title = "".join(
        unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" else ch for ch in title
    )
    return " ".join(title.split())


def _title_case(title: str) -> str:
    """Title-case an all-lower-case English title ("attack on titan" -> "Attack on Titan")."""
    if title != title.lower():
        return title
    words = title.split(" ")
    return " ".join(
        w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _links(
    item: Mapping[str, Any], site_meta: Mapping[str, Mapping[str, Any]]
) -> tuple[ExternalLink, ...]:
    """Official site plus one link per known info/streaming site, in bangumi-data order."""
    links: list[ExternalLink] = []
    if item.get("officialSite"):
        links.append(ExternalLink(item["officialSite"], "Official Site", "INFO"))
    for site in item.get("sites", ()):
        name = site.get("site")
        meta = site_meta.get(name) or {}
        link_type = LINK_TYPES.get(meta.get("type", ""))
        if name in _ID_SITES or link_type is None:
            continue
        url = site.get("url") or (
            meta["urlTemplate"].replace("{{id}}", str(site["id"]))
            if site.get("id") and meta.get("urlTemplate")
            else None
        )
        if url:
            links.append(ExternalLink(url, meta.get("title") or name, link_type))
    return _merge_links((), links)


def _merge_links(
    first: Iterable[ExternalLink], more: Iterable[ExternalLink]
) -> tuple[ExternalLink, ...]:
    """Concatenate link lists, dropping repeated URLs (first occurrence wins)."""
    seen: dict[str, ExternalLink] = {}
    for link in (*first, *more):
        seen.setdefault(link.url, link)
    return tuple(seen.values())


__all__ = [
    "COUNTRIES",
    "FORMATS",
    "JST",
    "LINK_TYPES",
    "NEXT_SEASON_FROM_DAY",
    "PARSER_VERSION",
    "SEASONS",
    "BundledCatalogue",
    "broadcast_of",
    "bundled_fingerprint",
    "jst_date",
    "load_bundled",
    "load_bundled_catalogue",
    "parse_item",
    "season_of",
    "status_of",
]
