"""People phase: users with varied options, list options, follows; and (after lists) favourites."""

from __future__ import annotations

import math
from random import Random
from typing import Any

import sqlalchemy as sa

from kagami.accounts.models import MediaListOptions, User
from kagami.importers.synthetic.cast import zipf_weights
from kagami.importers.synthetic.clock import DAY, WORLD_END, WORLD_START
from kagami.importers.synthetic.context import SeedContext, UserInfo
from kagami.importers.synthetic.names import user_name
from kagami.importers.synthetic.text import paragraph
from kagami.importers.synthetic.vocab import (
    ADVANCED_SECTIONS,
    CUSTOM_LIST_NAMES,
    PROFILE_COLOURS,
    TIMEZONES,
)
from kagami.social.models import Favourite, Follow

_SCORE_FORMATS = (("POINT_10_DECIMAL", 0.35), ("POINT_10", 0.3), ("POINT_100", 0.2),
                  ("POINT_5", 0.1), ("POINT_3", 0.05))  # fmt: skip
_PLACES = ("Japan", "Germany", "Brazil", "Canada", "Philippines", "France")
_TITLE_LANGUAGES = (("ROMAJI", 0.6), ("ENGLISH", 0.3), ("NATIVE", 0.04),
                    ("ROMAJI_STYLISED", 0.03), ("ENGLISH_STYLISED", 0.03))  # fmt: skip


def _weighted(rng: Random, pairs: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


async def seed_users(ctx: SeedContext) -> None:
    """Users (unique names, no password), their per-type list options, and who follows whom."""
    rng = ctx.rng("users")
    table = User.__table__
    taken = set((await ctx.session.execute(sa.select(table.c.name_lower))).scalars())
    count = ctx.tier.users
    task = ctx.task("Users", total=count)
    joined = sorted(
        WORLD_START + rng.randrange(WORLD_END - WORLD_START - 60 * DAY) for _ in range(count)
    )
    first = await ctx.allocate(table, count)
    users: list[dict[str, Any]] = []
    options: list[dict[str, Any]] = []
    for n, created in enumerate(joined):
        name = user_name(rng)
        while name.lower() in taken:
            name = f"{name[:16]}{rng.randrange(10_000)}"
        taken.add(name.lower())
        info = UserInfo(first + n, name, created, _weighted(rng, _SCORE_FORMATS))
        info.never_scores = rng.random() < 0.08
        users.append(_user_row(rng, info))
        options += _list_options(rng, info)
        ctx.world.users.append(info)
    await ctx.insert(table, users)
    first_option = await ctx.allocate(MediaListOptions.__table__, len(options))
    for offset, row in enumerate(options):
        row["id"] = first_option + offset
    await ctx.insert(MediaListOptions.__table__, options)
    ctx.progress.advance(task, count)
    await _follows(ctx, rng)


def _user_row(rng: Random, info: UserInfo) -> dict[str, Any]:
    donator = rng.randint(1, 4) if rng.random() < 0.03 else 0
    birthday = rng.random() < 0.25
    return {
        "id": info.id, "name": info.name, "name_lower": info.name.strip().casefold(),
        "email": f"{info.name.lower()}@example.test", "password_hash": None, "is_active": True,
        "about": paragraph(rng, rng.randint(1, 3)) if rng.random() < 0.3 else None,
        "avatar_large": None, "avatar_medium": None, "banner_image": None,
        "donator_tier": donator, "donator_badge": "Donator" if donator else None,
        "moderator_roles": None,
        "gender": rng.choice(("Female", "Male", "Non-binary")) if rng.random() < 0.4 else None,
        "location": rng.choice(_PLACES) if rng.random() < 0.2 else None,
        "birth_year": rng.randint(1975, 2008) if birthday else None,
        "birth_month": rng.randint(1, 12) if birthday else None,
        "birth_day": rng.randint(1, 28) if birthday else None,
        "unread_notification_count": 0,
        "title_language": _weighted(rng, _TITLE_LANGUAGES),
        "staff_name_language": rng.choice(("ROMAJI_WESTERN", "ROMAJI_WESTERN", "ROMAJI", "NATIVE")),
        "display_adult_content": rng.random() < 0.1, "airing_notifications": rng.random() < 0.8,
        "profile_color": PROFILE_COLOURS[rng.randrange(len(PROFILE_COLOURS))],
        "timezone": TIMEZONES[rng.randrange(len(TIMEZONES))],
        "activity_merge_time": rng.choice((720, 720, 720, 0, 60, 1440, 20161)),
        "restrict_messages_to_following": rng.random() < 0.05,
        "disabled_list_activity": {"PLANNING": True} if rng.random() < 0.05 else {},
        "notification_options": {}, "score_format": info.score_format,
        "row_order": rng.choice(("score", "score", "title", "updatedAt", "id")),
        "created_at": info.created_at,
        "updated_at": info.created_at + rng.randrange(max(1, WORLD_END - info.created_at)),
    }  # fmt: skip


def _list_options(rng: Random, info: UserInfo) -> list[dict[str, Any]]:
    rows = []
    for media_type, chance in (("ANIME", 0.5), ("MANGA", 0.35)):
        if rng.random() >= chance:
            continue
        custom = rng.sample(CUSTOM_LIST_NAMES, rng.randint(1, 3)) if rng.random() < 0.3 else []
        advanced = rng.random() < 0.1
        sections = list(ADVANCED_SECTIONS[: rng.randint(3, 5)]) if advanced else []
        info.custom_lists[media_type] = custom
        if advanced:
            info.advanced[media_type] = sections
        rows.append({
            "user_id": info.id, "media_type": media_type, "custom_lists": custom,
            "advanced_scoring": sections, "advanced_scoring_enabled": advanced,
            "split_completed_section_by_format": rng.random() < 0.1,
            "section_order": [], "theme": None,
            "created_at": info.created_at, "updated_at": info.created_at,
        })  # fmt: skip
    return rows


async def _follows(ctx: SeedContext, rng: Random) -> None:
    users = ctx.world.users
    if len(users) < 2:
        return
    popular = list(range(len(users)))
    rng.shuffle(popular)
    cum = zipf_weights(len(users), exponent=0.7, offset=10)
    rows: list[dict[str, Any]] = []
    for index, user in enumerate(users):
        want = min(len(users) - 1, 300, int(rng.lognormvariate(math.log(6), 1.0)))
        picked = dict.fromkeys(
            popular[i] for i in rng.choices(range(len(users)), cum_weights=cum, k=want)
        )
        for target in sorted(picked):
            if target == index:
                continue
            other = users[target]
            since = max(user.created_at, other.created_at)
            created = since + rng.randrange(max(1, WORLD_END - since))
            rows.append({"follower_id": user.id, "followed_id": other.id, "created_at": created})
            ctx.world.followers.setdefault(other.id, []).append(user.id)
    await ctx.insert(Follow.__table__, rows)


async def seed_favourites(ctx: SeedContext) -> None:
    """Ordered favourites of every kind, then the favourites counters by SQL aggregate."""
    rng = ctx.rng("favourites")
    world = ctx.world
    characters = list(world.main_character_ids)
    rng.shuffle(characters)
    pools = {
        "CHARACTER": (characters, zipf_weights(len(characters)), 0.45, 8, "character_id"),
        "STAFF": (world.staff_ids, zipf_weights(len(world.staff_ids)), 0.2, 5, "staff_id"),
        "STUDIO": (world.studio_ids, zipf_weights(len(world.studio_ids)), 0.12, 3, "studio_id"),
    }
    rows: list[dict[str, Any]] = []
    task = ctx.task("Favourites", total=len(world.users))
    for user in world.users:
        candidates = world.favourite_candidates.get(user.id, [])
        for kind, chance, most in (("ANIME", 0.55, 10), ("MANGA", 0.3, 5)):
            mine = [media_id for media_id, media_type, _ in candidates if media_type == kind]
            if mine and rng.random() < chance:
                for order, media_id in enumerate(mine[: rng.randint(1, most)], start=1):
                    rows.append(_favourite(rng, user, kind, "media_id", media_id, order))
        for kind, (ids, cum, chance, most, column) in pools.items():
            if ids and rng.random() < chance:
                picked = dict.fromkeys(rng.choices(ids, cum_weights=cum, k=rng.randint(1, most)))
                for order, target in enumerate(picked, start=1):
                    rows.append(_favourite(rng, user, kind, column, target, order))
        ctx.progress.advance(task)
    first = await ctx.allocate(Favourite.__table__, len(rows))
    for offset, row in enumerate(rows):
        row["id"] = first + offset
    await ctx.insert(Favourite.__table__, rows)
    for table, column in (("media", "media_id"), ("characters", "character_id"),
                          ("staff", "staff_id"), ("studios", "studio_id")):  # fmt: skip
        await ctx.execute(
            f"UPDATE {table} SET favourites = f.n FROM (SELECT {column} AS target, count(*) AS n"
            f" FROM favourites WHERE {column} IS NOT NULL GROUP BY {column}) AS f"
            f" WHERE {table}.id = f.target"
        )


def _favourite(
    rng: Random, user: UserInfo, kind: str, column: str, target: int, order: int
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "user_id": user.id, "kind": kind, "media_id": None, "character_id": None,
        "staff_id": None, "studio_id": None, "favourite_order": order,
        "created_at": user.created_at + rng.randrange(max(1, WORLD_END - user.created_at)),
    }  # fmt: skip
    row[column] = target
    return row
