"""Characters, staff and studios, and their edges to media (voice actors in two languages)."""

from __future__ import annotations

import itertools
from random import Random
from typing import Any

from kagami.catalogue.models import (
    Character,
    MediaCharacter,
    MediaCharacterVoiceActor,
    MediaStaff,
    MediaStudio,
    Staff,
    Studio,
)
from kagami.importers.synthetic.clock import DAY, WORLD_START
from kagami.importers.synthetic.context import MediaInfo, SeedContext
from kagami.importers.synthetic.names import PersonName, japanese_name, studio_name, western_name
from kagami.importers.synthetic.text import paragraph

_ANIME_ROLES = ("Director", "Series Composition", "Character Design", "Music", "Original Creator")
_MANGA_ROLES = {"MANGA": ("Story & Art",), "ONE_SHOT": ("Story & Art",)}
_NOVEL_ROLES = ("Story", "Illustration")
_HOME_TOWNS = ("Tokyo, Japan", "Osaka, Japan", "Saitama, Japan", "Hokkaido, Japan",
               "Fukuoka, Japan", "Kanagawa, Japan", "Aichi, Japan", None)  # fmt: skip
_CREATIVE_JOBS = (("Director",), ("Mangaka",), ("Composer",), ("Animator", "Character Designer"),
                  ("Script Writer",), ("Illustrator",))  # fmt: skip


def zipf_weights(count: int, exponent: float = 0.8, offset: int = 5) -> list[float]:
    """Cumulative weights so a few items are picked often and most rarely (popular VAs, studios)."""
    return list(itertools.accumulate(1 / (rank + offset) ** exponent for rank in range(count)))


def _stamp(rng: Random) -> int:
    return WORLD_START + rng.randrange(11 * 365) * DAY


def _birth(rng: Random, low: int, high: int) -> tuple[int, int, int]:
    return rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28)


def _staff_row(
    rng: Random, staff_id: int, name: PersonName, language: str, jobs: tuple[str, ...]
) -> dict[str, Any]:
    year, month, day = _birth(rng, 1955, 2002)
    debut = year + rng.randint(18, 30)
    return {
        "id": staff_id, "name_first": name.first, "name_middle": None, "name_last": name.last,
        "name_full": name.full, "name_native": name.native, "name_alternative": [],
        "language_v2": language.title(), "language": language,
        "description": paragraph(rng, 2), "primary_occupations": list(jobs), "gender": name.gender,
        "birth_year": year, "birth_month": month, "birth_day": day,
        "death_year": None, "death_month": None, "death_day": None,
        "age": 2026 - year, "years_active": [debut], "home_town": _HOME_TOWNS[rng.randrange(8)],
        "blood_type": rng.choice(("A", "B", "O", "AB", None)), "website": None,
        "favourites": 0, "is_favourite_blocked": False, "updated_at": _stamp(rng),
    }  # fmt: skip


def _character_row(rng: Random, character_id: int, role: str) -> dict[str, Any]:
    name = japanese_name(rng)
    adult = rng.random() < 0.3
    age = str(rng.randint(20, 45) if adult else rng.randint(12, 19))
    if rng.random() < 0.1:
        age = f"{age}-{int(age) + 1}"
    birthday = rng.random() < 0.7
    trait = rng.choice(("cheerful", "stoic", "reckless", "bookish", "kind-hearted", "cunning"))
    return {
        "id": character_id, "name_first": name.first, "name_middle": None,
        "name_last": name.last, "name_full": name.full, "name_native": name.native,
        "name_alternative": [name.first.lower() + "-chan"] if rng.random() < 0.1 else [],
        "name_alternative_spoiler": [],
        "description": f"A {trait} {role.lower()} character. {paragraph(rng, 2)}",
        "gender": name.gender if rng.random() < 0.97 else "Non-binary",
        "age": age if rng.random() < 0.8 else None,
        "birth_year": None, "birth_month": rng.randint(1, 12) if birthday else None,
        "birth_day": rng.randint(1, 28) if birthday else None,
        "blood_type": rng.choice(("A", "B", "O", "AB")) if rng.random() < 0.3 else None,
        "favourites": 0, "is_favourite_blocked": False, "updated_at": _stamp(rng),
    }  # fmt: skip


class _Pool:
    """Ids with Zipf weights, for picking popular members more often."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids
        self.cum = zipf_weights(len(ids))

    def pick(self, rng: Random) -> int:
        return rng.choices(self.ids, cum_weights=self.cum)[0]


async def _make_staff(
    ctx: SeedContext, rng: Random, japanese: int, english: int, creatives: int
) -> tuple[_Pool, _Pool, _Pool]:
    first = await ctx.allocate(Staff.__table__, japanese + english + creatives)
    rows = []
    for n in range(japanese + english + creatives):
        if n < japanese:
            rows.append(
                _staff_row(rng, first + n, japanese_name(rng), "JAPANESE", ("Voice Actor",))
            )
        elif n < japanese + english:
            rows.append(_staff_row(rng, first + n, western_name(rng), "ENGLISH", ("Voice Actor",)))
        else:
            jobs = _CREATIVE_JOBS[rng.randrange(len(_CREATIVE_JOBS))]
            rows.append(_staff_row(rng, first + n, japanese_name(rng), "JAPANESE", jobs))
    await ctx.insert(Staff.__table__, rows)
    ids = [r["id"] for r in rows]
    ctx.world.staff_ids = ids
    return (
        _Pool(ids[:japanese]),
        _Pool(ids[japanese : japanese + english]),
        _Pool(ids[japanese + english :]),
    )


async def seed_cast(
    ctx: SeedContext,
    rng: Random,
    *,
    characters_for: list[MediaInfo],
    staff_for: list[MediaInfo],
    studios_for: list[MediaInfo],
    prequel_of: dict[int, int],
) -> None:
    """Studios, staff and characters for media that lack them, with every edge."""
    task = ctx.task("Characters, staff, studios", total=len(characters_for))
    await _studios(ctx, rng, studios_for)
    japanese, english, creatives = await _make_staff(
        ctx, rng, max(40, len(characters_for) // 4), max(20, len(characters_for) // 8),
        max(40, len(staff_for) // 3),
    )  # fmt: skip
    staff_rows: list[dict[str, Any]] = []
    for media in staff_for:
        if media.type == "ANIME":
            roles = _ANIME_ROLES[: rng.randint(3, 5)]
        else:
            roles = _MANGA_ROLES.get(media.format or "MANGA", _NOVEL_ROLES)
        for pos, role in enumerate(roles):
            staff_rows.append({"media_id": media.id, "staff_id": creatives.pick(rng),
                               "role": role, "position": pos})  # fmt: skip
    first = await ctx.allocate(MediaStaff.__table__, len(staff_rows))
    for offset, row in enumerate(staff_rows):
        row["id"] = first + offset
    await ctx.insert(MediaStaff.__table__, staff_rows)

    mains: dict[int, list[tuple[int, int | None, int | None]]] = {}  # media -> (char, ja, en)
    next_char = await ctx.allocate(Character.__table__, 0)
    next_edge = await ctx.allocate(MediaCharacter.__table__, 0)
    next_va = await ctx.allocate(MediaCharacterVoiceActor.__table__, 0)
    characters: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    voices: list[dict[str, Any]] = []
    for media in characters_for:
        voiced = media.type == "ANIME"
        cast: list[tuple[str, int | None, tuple[int | None, int | None]]] = [
            ("MAIN", char, (ja, en)) for char, ja, en in mains.get(prequel_of.get(media.id, 0), [])
        ]
        if not cast:
            cast += [("MAIN", None, (None, None))] * rng.randint(1, 3)
        cast += [("SUPPORTING", None, (None, None))] * rng.randint(2, 6)
        cast += [("BACKGROUND", None, (None, None))] * rng.randint(0, 3)
        media_mains = mains.setdefault(media.id, [])
        for pos, (role, char_id, (ja, en)) in enumerate(cast):
            if char_id is None:
                char_id = next_char
                next_char += 1
                characters.append(_character_row(rng, char_id, role))
                if role == "MAIN":
                    ctx.world.main_character_ids.append(char_id)
                if voiced and (role != "BACKGROUND" or rng.random() < 0.5):
                    ja = japanese.pick(rng)
                    en = english.pick(rng) if role != "BACKGROUND" and rng.random() < 0.4 else None
            edges.append({"id": next_edge, "media_id": media.id, "character_id": char_id,
                          "role": role, "name": None, "position": pos})  # fmt: skip
            if role == "MAIN":
                media_mains.append((char_id, ja, en))
            for position, (staff_id, language) in enumerate(((ja, "Japanese"), (en, "English"))):
                if voiced and staff_id is not None:
                    voices.append({"id": next_va, "media_character_id": next_edge,
                                   "staff_id": staff_id, "language": language,
                                   "role_notes": None, "dub_group": None,
                                   "position": position})  # fmt: skip
                    next_va += 1
            next_edge += 1
        ctx.progress.advance(task)
    await ctx.allocate(Character.__table__, len(characters))
    await ctx.allocate(MediaCharacter.__table__, len(edges))
    await ctx.allocate(MediaCharacterVoiceActor.__table__, len(voices))
    await ctx.insert(Character.__table__, characters)
    await ctx.insert(MediaCharacter.__table__, edges)
    await ctx.insert(MediaCharacterVoiceActor.__table__, voices)


async def _studios(ctx: SeedContext, rng: Random, anime: list[MediaInfo]) -> None:
    count = max(24, len(anime) // 40)
    first = await ctx.allocate(Studio.__table__, count)
    rows: list[dict[str, Any]] = [
        {"id": first + n, "name": studio_name(n), "is_animation_studio": n % 10 < 7,
         "wiki_url": None, "favourites": 0, "updated_at": _stamp(rng)}
        for n in range(count)
    ]  # fmt: skip
    await ctx.insert(Studio.__table__, rows)
    ctx.world.studio_ids = [r["id"] for r in rows]
    animators = _Pool([r["id"] for r in rows if r["is_animation_studio"]])
    producers = _Pool([r["id"] for r in rows if not r["is_animation_studio"]])
    edges: list[dict[str, Any]] = []
    for media in anime:
        edges.append({"media_id": media.id, "studio_id": animators.pick(rng), "is_main": True})
        for producer in dict.fromkeys(producers.pick(rng) for _ in range(rng.randint(0, 2))):
            edges.append({"media_id": media.id, "studio_id": producer, "is_main": False})
    first_edge = await ctx.allocate(MediaStudio.__table__, len(edges))
    for offset, row in enumerate(edges):
        row["id"] = first_edge + offset
    await ctx.insert(MediaStudio.__table__, edges)
