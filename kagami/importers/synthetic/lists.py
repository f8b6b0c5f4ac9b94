"""Lists phase: log-normal list sizes, a realistic status/score mix, consistent progress, dates."""

from __future__ import annotations

import math
from bisect import bisect_right
from random import Random
from typing import Any

from kagami.importers.synthetic.cast import zipf_weights
from kagami.importers.synthetic.clock import WEEK, WORLD_END, fuzzy
from kagami.importers.synthetic.context import MediaInfo, SeedContext, UserInfo
from kagami.importers.synthetic.tiers import LIST_SIGMA
from kagami.importers.synthetic.vocab import LIST_NOTES
from kagami.lists.models import ListEntry, ListEntryCustomList
from kagami.lists.totals import rebuild as rebuild_totals

# Cumulative status shares: 55% COMPLETED, 22% PLANNING, 8% CURRENT, 5% each of the rest.
_STATUS_CUM = ((0.55, "COMPLETED"), (0.77, "PLANNING"), (0.85, "CURRENT"), (0.90, "DROPPED"),
               (0.95, "PAUSED"), (1.0, "REPEATING"))  # fmt: skip
_CUTS = [cut for cut, _ in _STATUS_CUM]
_STATUSES = [status for _, status in _STATUS_CUM]
_UNFINISHED = frozenset({"RELEASING", "HIATUS"})
_FINISHED_ONLY = frozenset({"COMPLETED", "REPEATING"})
_FLUSH = 20_000
_NO_DATE = (None, None, None)
_MANGA_WEIGHT = 0.45  # users track fewer manga than anime


def _quantise(score: int, fmt: str) -> int:
    """A POINT_100 value the user's score format can express, as the UI would store it."""
    if fmt == "POINT_10":
        return max(10, round(score / 10) * 10)
    if fmt == "POINT_5":
        return min((20, 40, 60, 80, 100), key=lambda v: abs(v - score))
    if fmt == "POINT_3":
        return min((20, 50, 80), key=lambda v: abs(v - score))
    return score


class _Sampler:
    """Popularity-weighted sampling of distinct media (a few shows are on most lists)."""

    def __init__(self, rng: Random, media: list[MediaInfo]) -> None:
        self.order = list(range(len(media)))
        rng.shuffle(self.order)
        base = zipf_weights(len(media), exponent=0.75, offset=20)
        # Turn the cumulative Zipf weights back into per-rank weights, damp manga, re-accumulate.
        cum, total, previous = [], 0.0, 0.0
        for rank, acc in enumerate(base):
            weight = acc - previous
            previous = acc
            item = media[self.order[rank]]
            if item.type == "MANGA":
                weight *= _MANGA_WEIGHT
            if item.status == "NOT_YET_RELEASED":
                weight *= 0.3  # only planners add what has not started yet
            total += weight
            cum.append(total)
        self.cum = cum
        self.ranks = range(len(media))

    def pick(self, rng: Random, count: int) -> list[int]:
        """``count`` distinct media indexes."""
        size = len(self.order)
        if count * 3 > size:  # near-complete lists: weighting barely matters
            return rng.sample(range(size), count)
        seen: dict[int, None] = {}
        for _ in range(8):
            for rank in rng.choices(self.ranks, cum_weights=self.cum, k=(count - len(seen)) * 2):
                seen.setdefault(self.order[rank])
                if len(seen) == count:
                    return list(seen)
        for index in rng.sample(range(size), size):
            seen.setdefault(index)
            if len(seen) == count:
                break
        return list(seen)


async def seed_lists(ctx: SeedContext) -> None:
    """Every user's list entries and custom-list memberships, then the media statistics."""
    rng = ctx.rng("lists")
    media = ctx.world.media
    if not media:
        return
    sampler = _Sampler(rng, media)
    quality = [min(92.0, max(35.0, rng.gauss(70, 8))) for _ in media]
    mu = math.log(ctx.tier.list_median)
    task = ctx.task("List entries", total=len(ctx.world.users))
    next_id = await ctx.allocate(ListEntry.__table__, 0)
    first_id = next_id
    entries: list[dict[str, Any]] = []
    memberships: list[dict[str, Any]] = []
    for user in ctx.world.users:
        size = min(len(media), max(1, int(rng.lognormvariate(mu, LIST_SIGMA))))
        rows = [_entry(rng, user, media[i], quality[i]) for i in sampler.pick(rng, size)]
        rows.sort(key=lambda r: (r["created_at"], r["media_id"]))
        for row in rows:
            row["id"] = next_id
            next_id += 1
            names = user.custom_lists.get(row["media_type"])
            if names and rng.random() < 0.15:
                picked = rng.sample(names, 2 if len(names) > 1 and rng.random() < 0.1 else 1)
                row["hidden_from_status_lists"] = rng.random() < 0.15
                memberships += [
                    {"entry_id": row["id"], "list_name": name, "user_id": user.id}
                    for name in picked
                ]
        _remember(ctx, user, rows)
        entries += rows
        if len(entries) >= _FLUSH:
            await _flush(ctx, entries, memberships)
        ctx.progress.advance(task)
    await _flush(ctx, entries, memberships)
    await ctx.allocate(ListEntry.__table__, next_id - first_id)
    await ctx.execute(
        "UPDATE media SET popularity = s.n, scored_count = s.scored,"
        " mean_score = s.mean, average_score = s.mean"
        " FROM (SELECT media_id, count(*) AS n,"
        " sum(CASE WHEN score > 0 THEN 1 ELSE 0 END) AS scored,"
        " CAST(ROUND(AVG(CASE WHEN score > 0 THEN score END)) AS INTEGER) AS mean"
        " FROM list_entries GROUP BY media_id) AS s WHERE media.id = s.media_id"
    )
    await rebuild_totals(ctx.session)  # what the list services would have maintained


async def _flush(
    ctx: SeedContext, entries: list[dict[str, Any]], memberships: list[dict[str, Any]]
) -> None:
    await ctx.insert(ListEntry.__table__, entries)
    await ctx.insert(ListEntryCustomList.__table__, memberships)
    entries.clear()
    memberships.clear()


def _remember(ctx: SeedContext, user: UserInfo, rows: list[dict[str, Any]]) -> None:
    """Keep what favourites, reviews and list activities will draw from."""
    scored = sorted(
        (r for r in rows if r["status"] == "COMPLETED" and r["score"] > 0),
        key=lambda r: (-r["score"], r["id"]),
    )
    ctx.world.favourite_candidates[user.id] = [
        (r["media_id"], r["media_type"], r["score"]) for r in scored[:12]
    ]
    latest = sorted(rows, key=lambda r: (-r["updated_at"], r["id"]))[:5]
    ctx.world.recent_entries[user.id] = [
        (r["media_id"], r["media_type"], r["status"], r["progress"], r["updated_at"])
        for r in latest
    ]


def _status(roll: float, media: MediaInfo) -> str:
    status = _STATUSES[bisect_right(_CUTS, roll)]
    if media.status == "NOT_YET_RELEASED":
        return "PLANNING"
    if status in _FINISHED_ONLY and media.status in _UNFINISHED:
        return "CURRENT"
    return status


def _released(media: MediaInfo) -> int:
    """How many episodes/chapters are out: the total, or an estimate for running media."""
    if media.status in _UNFINISHED and media.start is not None:
        weekly = max(1, (WORLD_END - media.start) // WEEK + 1)
        return min(weekly, media.total) if media.total else min(weekly, 1_000)
    return media.total or (24 if media.type == "ANIME" else 60)


def _progress(rng: Random, status: str, media: MediaInfo) -> tuple[int, int, int]:
    """(progress, progress_volumes, repeat) consistent with the status and the media's length."""
    if status == "PLANNING":
        return 0, 0, 0
    out = _released(media)
    roll = rng.random()
    partial = 1 + int(roll * (out - 1)) if out > 1 else 0
    progress = out if status == "COMPLETED" else partial
    roll = rng.random()
    repeat = 1 + int(roll * 75) % 3 if status == "REPEATING" or roll < 0.04 else 0
    volumes = 0
    if media.type == "MANGA":
        if status == "COMPLETED" and media.volumes:
            volumes = media.volumes
        elif media.volumes and media.total:
            volumes = progress * media.volumes // media.total
        else:
            volumes = progress // 9
    return progress, volumes, repeat


def _entry(rng: Random, user: UserInfo, media: MediaInfo, quality: float) -> dict[str, Any]:
    random = rng.random
    status = _status(random(), media)
    score = 0
    if status != "PLANNING" and not user.never_scores and random() >= 0.025:
        raw = round(rng.gauss(quality, 11))
        score = _quantise(min(100, max(10, raw)), user.score_format)
    progress, volumes, repeat = _progress(rng, status, media)
    low = max(user.created_at, media.start or 0)
    if low >= WORLD_END:
        low = user.created_at
    created = low + int(random() * (WORLD_END - low))
    updated = created + int(random() ** 3 * (WORLD_END - created))
    # One roll for the dates, one for the rare extras (they never coincide, which is fine).
    dates, extra = random(), random()
    started = fuzzy(created) if status != "PLANNING" and dates < 0.75 else _NO_DATE
    completed = fuzzy(updated) if status == "COMPLETED" and dates > 0.25 else _NO_DATE
    sections = user.advanced.get(media.type)
    advanced = (
        {s: round(min(10.0, max(0.0, score / 10 + rng.gauss(0, 0.8))), 1) for s in sections}
        if sections and score
        else {}
    )
    return {
        "user_id": user.id, "media_id": media.id, "media_type": media.type, "status": status,
        "score": score, "progress": progress, "progress_volumes": volumes, "repeat": repeat,
        "priority": 1 + int(extra * 50) if status == "PLANNING" and extra < 0.1 else 0,
        "private": 0.1 <= extra < 0.13,
        "notes": LIST_NOTES[int(extra * 1000) % len(LIST_NOTES)] if 0.13 <= extra < 0.15 else None,
        "hidden_from_status_lists": False, "advanced_scores": advanced,
        "started_year": started[0], "started_month": started[1], "started_day": started[2],
        "completed_year": completed[0], "completed_month": completed[1],
        "completed_day": completed[2],
        "rewatch_value": 1 + int(extra * 1000) % 5 if 0.15 <= extra < 0.18 else 0, "tags": [],
        "created_at": created, "updated_at": updated,
    }  # fmt: skip
