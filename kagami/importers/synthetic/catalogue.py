"""Catalogue phase: synthetic manga (and anime when the catalogue is thin), genres, tags,
relations and airing schedules; characters, staff and studios come from ``cast``.
"""

from __future__ import annotations

import math
from random import Random
from typing import Any

import sqlalchemy as sa

from kagami.catalogue.models import (
    AiringSchedule,
    Media,
    MediaGenre,
    MediaRelationEdge,
    MediaTag,
    MediaTagLink,
    SyntheticMedia,
)
from kagami.importers.synthetic import cast
from kagami.importers.synthetic.clock import DAY, WEEK, WORLD_END, epoch_of, fuzzy, start_epoch
from kagami.importers.synthetic.context import MediaInfo, SeedContext
from kagami.importers.synthetic.names import Title, media_title, sequel_title
from kagami.importers.synthetic.text import text_of
from kagami.importers.synthetic.vocab import GENRES, TAGS

# Synthetic ids start here (or above the highest existing id), clear of real AniList ids.
SYNTHETIC_MEDIA_ID_FLOOR = 1_000_000
_SEASONS: tuple[str, ...] = ("WINTER", "WINTER", "WINTER", "SPRING", "SPRING", "SPRING")
_SEASONS += ("SUMMER", "SUMMER", "SUMMER", "FALL", "FALL", "FALL")
_SEASON_INT = {"WINTER": 1, "SPRING": 2, "SUMMER": 3, "FALL": 4}
_ANIME_FORMATS: tuple[tuple[str, float], ...]
_ANIME_FORMATS = (("TV", 0.58), ("MOVIE", 0.1), ("OVA", 0.08), ("ONA", 0.11))
_ANIME_FORMATS += (("SPECIAL", 0.08), ("TV_SHORT", 0.05))
_MANGA_FORMATS = (("MANGA", 0.8), ("NOVEL", 0.15), ("ONE_SHOT", 0.05))
_COUNTRIES = (("JP", 0.82), ("KR", 0.11), ("CN", 0.07))

_EXISTING_SQL = """
SELECT m.id, m.type, m.format, m.status, m.episodes, m.chapters, m.volumes,
       m.start_year, m.start_month, m.start_day,
       EXISTS (SELECT 1 FROM media_genres g WHERE g.media_id = m.id) AS has_genres,
       EXISTS (SELECT 1 FROM media_tag_links t WHERE t.media_id = m.id) AS has_tags,
       EXISTS (SELECT 1 FROM media_characters c WHERE c.media_id = m.id) AS has_characters,
       EXISTS (SELECT 1 FROM media_staff s WHERE s.media_id = m.id) AS has_staff,
       EXISTS (SELECT 1 FROM media_studios s WHERE s.media_id = m.id) AS has_studios,
       EXISTS (SELECT 1 FROM airing_schedules a WHERE a.media_id = m.id) AS has_airing
FROM media m ORDER BY m.id
"""


def weighted(rng: Random, choices: tuple[tuple[str, float], ...]) -> str:
    """One value from (value, weight) pairs."""
    roll = rng.random() * sum(w for _, w in choices)
    for value, weight in choices:
        roll -= weight
        if roll < 0:
            return value
    return choices[-1][0]


async def seed_catalogue(ctx: SeedContext) -> None:
    """Add synthetic media and fill in what the existing catalogue lacks."""
    rng = ctx.rng("catalogue")
    existing = (await ctx.session.execute(sa.text(_EXISTING_SQL))).all()
    top = max((row.id for row in existing), default=0)
    if not ctx.enrich_real:
        # Real media stay as imported: no made-up genres, cast, studios, lists or scores.
        existing = [row for row in existing if row.id >= SYNTHETIC_MEDIA_ID_FLOOR]
    infos = [_info_of(row) for row in existing]
    anime_count = sum(1 for i in infos if i.type == "ANIME")
    new_anime = max(0, ctx.tier.min_anime - anime_count)
    first = max(SYNTHETIC_MEDIA_ID_FLOOR, top + 1)
    task = ctx.task("Catalogue", total=new_anime + ctx.tier.manga)

    rows: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    prequel_of: dict[int, int] = {}
    titles: dict[int, tuple[Title, int]] = {}  # media id -> (series title, part number)
    anime_ids = [i.id for i in infos if i.type == "ANIME"]
    made: dict[str, list[int]] = {"ANIME": [], "MANGA": []}
    has_sequel: set[int] = set()
    for n in range(new_anime + ctx.tier.manga):
        media_id = first + n
        kind = "ANIME" if n < new_anime else "MANGA"
        same_kind = made[kind]
        title, part = media_title(rng), 1
        if same_kind and rng.random() < 0.12:
            # A recent series of the same kind gets its next part (one sequel per media).
            prequel = same_kind[rng.randrange(max(0, len(same_kind) - 50), len(same_kind))]
            if prequel not in has_sequel:
                has_sequel.add(prequel)
                series, last = titles[prequel]
                title, part = series, last + 1
                prequel_of[media_id] = prequel
                relations += _pair(media_id, prequel, "PREQUEL", "SEQUEL")
        titles[media_id] = (title, part)
        same_kind.append(media_id)
        shown = title if part == 1 else sequel_title(title, part)
        row = (
            _anime_row(rng, media_id, shown)
            if kind == "ANIME"
            else _manga_row(rng, media_id, shown)
        )
        rows.append(row)
        if kind == "ANIME":
            anime_ids.append(media_id)
        elif anime_ids and rng.random() < 0.25:
            adapted = anime_ids[rng.randrange(len(anime_ids))]
            relations += _pair(media_id, adapted, "ADAPTATION", "SOURCE")
    await ctx.insert(Media.__table__, rows)
    await ctx.insert(SyntheticMedia.__table__, [{"media_id": r["id"]} for r in rows])
    ctx.progress.advance(task, len(rows))

    new_infos = [_info_of_row(r) for r in rows]
    ctx.world.media = infos + new_infos
    await ctx.insert(
        MediaRelationEdge.__table__,
        _number(await ctx.allocate(MediaRelationEdge.__table__, len(relations)), relations),
    )

    flags = {row.id: row for row in existing}
    await _genres_and_tags(
        ctx,
        rng,
        [i.id for i in new_infos] + _lacking(infos, flags, "genres"),
        [i.id for i in new_infos] + _lacking(infos, flags, "tags"),
    )
    await _airing(
        ctx,
        [
            i
            for i in ctx.world.media
            if i.type == "ANIME" and i.status == "RELEASING" and not _has(flags, i.id, "has_airing")
        ],
    )
    await cast.seed_cast(
        ctx,
        ctx.rng("cast"),
        characters_for=[i for i in ctx.world.media if not _has(flags, i.id, "has_characters")],
        staff_for=[i for i in ctx.world.media if not _has(flags, i.id, "has_staff")],
        studios_for=[
            i for i in ctx.world.media if i.type == "ANIME" and not _has(flags, i.id, "has_studios")
        ],
        prequel_of=prequel_of,
    )


def _has(flags: dict[int, Any], media_id: int, column: str) -> bool:
    row = flags.get(media_id)
    return bool(row is not None and getattr(row, column))


def _lacking(infos: list[MediaInfo], flags: dict[int, Any], what: str) -> list[int]:
    return [i.id for i in infos if i.type == "ANIME" and not _has(flags, i.id, f"has_{what}")]


def _pair(a: int, b: int, a_to_b: str, b_to_a: str) -> list[dict[str, Any]]:
    return [
        {"media_id": a, "related_media_id": b, "relation_type": a_to_b},
        {"media_id": b, "related_media_id": a, "relation_type": b_to_a},
    ]


def _number(first: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for offset, row in enumerate(rows):
        row["id"] = first + offset
    return rows


def _info_of(row: Any) -> MediaInfo:
    total = row.episodes if row.type == "ANIME" else row.chapters
    start = start_epoch(row.start_year, row.start_month, row.start_day)
    return MediaInfo(row.id, row.type, row.format, row.status, total, row.volumes, start)


def _info_of_row(row: dict[str, Any]) -> MediaInfo:
    total = row["episodes"] if row["type"] == "ANIME" else row["chapters"]
    start = start_epoch(row["start_year"], row["start_month"], row["start_day"])
    return MediaInfo(
        row["id"], row["type"], row["format"], row["status"], total, row["volumes"], start
    )


def _start(rng: Random) -> tuple[int, int, int]:
    year = max(1975, 2026 - int(rng.expovariate(1 / 10)))
    return year, rng.randint(1, 12), rng.randint(1, 28)


def _base_row(rng: Random, media_id: int, kind: str, fmt: str, title: Title) -> dict[str, Any]:
    year, month, day = _start(rng)
    stamp = epoch_of(2015, 1, 1) + rng.randrange(10 * 365) * DAY
    return {
        "id": media_id, "id_mal": None, "type": kind, "format": fmt,
        "title_romaji": title.romaji,
        "title_english": title.english if rng.random() < 0.6 else None,
        "title_native": title.native, "synonyms": [],
        "description": text_of(rng, 200, 600),
        "start_year": year, "start_month": month, "start_day": day,
        "end_year": None, "end_month": None, "end_day": None,
        "season": None, "season_year": None, "season_int": None,
        "episodes": None, "duration": None, "chapters": None, "volumes": None,
        "country_of_origin": weighted(rng, _COUNTRIES), "is_licensed": rng.random() < 0.6,
        "cover_color": f"#{rng.randrange(0x1000000):06x}",
        "is_adult": rng.random() < 0.01, "source": "ORIGINAL",
        "popularity": 0, "favourites": 0, "trending": 0, "scored_count": 0,
        "pictures": [], "opening_themes": [], "ending_themes": [],
        "created_at": stamp, "updated_at": stamp,
    }  # fmt: skip


def _finish(row: dict[str, Any], run_days: int) -> None:
    """Status and end date from the start date and how long the run lasts."""
    start = epoch_of(row["start_year"], row["start_month"], row["start_day"])
    end = start + run_days * DAY
    if start > WORLD_END:
        row["status"] = "NOT_YET_RELEASED"
    elif end > WORLD_END:
        row["status"] = "RELEASING"
    else:
        row["status"] = "FINISHED"
        row["end_year"], row["end_month"], row["end_day"] = fuzzy(end)


def _anime_row(rng: Random, media_id: int, title: Title) -> dict[str, Any]:
    fmt = weighted(rng, _ANIME_FORMATS)
    row = _base_row(rng, media_id, "ANIME", fmt, title)
    episodes, duration = {
        "TV": (rng.choice((12, 12, 13, 24, 25, 26, 10, 11, 50)), 24),
        "TV_SHORT": (rng.choice((12, 13, 24)), rng.randint(3, 12)),
        "MOVIE": (1, rng.randint(80, 140)),
        "OVA": (rng.randint(1, 6), rng.randint(24, 50)),
        "ONA": (rng.randint(6, 13), rng.randint(12, 24)),
        "SPECIAL": (rng.randint(1, 3), rng.randint(12, 30)),
    }[fmt]
    _finish(row, (episodes - 1) * 7)
    row["episodes"] = (
        None if row["status"] == "NOT_YET_RELEASED" and rng.random() < 0.5 else episodes
    )
    row["duration"] = duration
    row["season"] = _SEASONS[row["start_month"] - 1]
    row["season_year"] = row["start_year"]
    row["season_int"] = (row["start_year"] % 100) * 10 + _SEASON_INT[row["season"]]
    row["source"] = weighted(rng, (("ORIGINAL", 0.3), ("MANGA", 0.4), ("LIGHT_NOVEL", 0.2),
                                   ("VIDEO_GAME", 0.05), ("VISUAL_NOVEL", 0.05)))  # fmt: skip
    return row


def _manga_row(rng: Random, media_id: int, title: Title) -> dict[str, Any]:
    fmt = weighted(rng, _MANGA_FORMATS)
    row = _base_row(rng, media_id, "MANGA", fmt, title)
    chapters = 1 if fmt == "ONE_SHOT" else max(4, int(rng.lognormvariate(math.log(50), 0.9)))
    _finish(row, chapters * 10)
    if rng.random() < 0.08 and row["status"] == "RELEASING":
        row["status"] = rng.choice(("HIATUS", "CANCELLED"))
    if row["status"] == "FINISHED":
        row["chapters"] = chapters
        row["volumes"] = 1 if fmt == "ONE_SHOT" else max(1, math.ceil(chapters / 9))
    if fmt == "NOVEL":
        row["source"] = rng.choice(("ORIGINAL", "WEB_NOVEL"))
    return row


async def _genres_and_tags(
    ctx: SeedContext, rng: Random, genre_ids: list[int], tag_ids: list[int]
) -> None:
    """1-4 genres and 2-6 ranked tags per media that has none."""
    genres = [
        {"media_id": media_id, "genre": genre, "position": pos}
        for media_id in genre_ids
        for pos, genre in enumerate(rng.sample(GENRES, rng.randint(1, 4)))
    ]
    await ctx.insert(MediaGenre.__table__, genres)
    table = MediaTag.__table__
    known = dict((await ctx.session.execute(sa.select(table.c.name, table.c.id))).all())
    missing = [(name, cat) for name, cat in TAGS if name not in known]
    first = await ctx.allocate(table, len(missing))
    new_tags: list[dict[str, Any]] = [
        {"id": first + n, "name": name, "category": cat, "is_general_spoiler": False,
         "is_adult": False, "user_id": None, "description": f"Works featuring {name.lower()}."}
        for n, (name, cat) in enumerate(missing)
    ]  # fmt: skip
    await ctx.insert(table, new_tags)
    tag_pool = [known.get(name) or 0 for name, _ in TAGS]
    for row in new_tags:
        tag_pool[[name for name, _ in TAGS].index(row["name"])] = row["id"]
    links = []
    for media_id in tag_ids:
        for pos, tag in enumerate(rng.sample(tag_pool, rng.randint(2, 6))):
            rank = max(20, 95 - pos * rng.randint(5, 15))
            links.append({"media_id": media_id, "tag_id": tag, "rank": rank,
                          "is_media_spoiler": rng.random() < 0.05})  # fmt: skip
    await ctx.insert(MediaTagLink.__table__, links)


async def _airing(ctx: SeedContext, releasing: list[MediaInfo]) -> None:
    """Weekly episodes for airing anime: recent and upcoming ones, at most ~50 per show."""
    rows: list[dict[str, Any]] = []
    for media in releasing:
        if media.start is None:
            continue
        aired = max(1, (WORLD_END - media.start) // WEEK + 1)
        last = min(media.total or aired + 12, aired + 12)
        for episode in range(max(1, min(aired, last) - 38), last + 1):
            airing_at = media.start + (episode - 1) * WEEK + 15 * 3600
            rows.append({"media_id": media.id, "episode": episode, "airing_at": airing_at})
    first = await ctx.allocate(AiringSchedule.__table__, len(rows))
    await ctx.insert(AiringSchedule.__table__, _number(first, rows))
