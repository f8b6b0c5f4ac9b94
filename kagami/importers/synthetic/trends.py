"""Trends phase: two weeks of daily ``MediaTrend`` rows for airing and popular media.

Runs after the lists (it reads popularity and mean scores); sets each media's ``trending``
to its newest day, so TRENDING_DESC has something to sort by.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from kagami.catalogue.models import MediaTrend
from kagami.importers.synthetic.clock import DAY, WORLD_END
from kagami.importers.synthetic.context import SeedContext

DAYS = 14
_POPULAR = "SELECT id FROM media WHERE popularity > 0 ORDER BY popularity DESC, id LIMIT :n"
_STATS = (
    "SELECT m.id, m.status, m.popularity, m.mean_score,"
    " (SELECT count(*) FROM list_entries e WHERE e.media_id = m.id"
    "  AND e.status IN ('CURRENT', 'REPEATING')) AS in_progress"
    " FROM media m WHERE m.id IN ({ids}) ORDER BY m.id"
)
_AIRED = (
    "SELECT media_id, airing_at, episode FROM airing_schedules"
    " WHERE airing_at >= :start AND airing_at < :end ORDER BY media_id, episode"
)


async def seed_trends(ctx: SeedContext) -> None:
    """Daily trend rows for the last ``DAYS`` days of releasing anime and the most popular media."""
    rng = ctx.rng("trends")
    releasing = [m.id for m in ctx.world.media if m.type == "ANIME" and m.status == "RELEASING"]
    popular = await ctx.session.execute(sa.text(_POPULAR), {"n": max(20, ctx.tier.users // 10)})
    seeded = {m.id for m in ctx.world.media}  # real media are there only with enrich_real
    ids = sorted(set(releasing) | {i for i in popular.scalars() if i in seeded})
    if not ids:
        return
    today = WORLD_END - DAY
    first_day = today - (DAYS - 1) * DAY
    aired: dict[tuple[int, int], int] = {}
    for media_id, airing_at, episode in await ctx.session.execute(
        sa.text(_AIRED), {"start": first_day, "end": today + DAY}
    ):
        aired[(media_id, (airing_at - first_day) // DAY)] = episode
    stats = await ctx.session.execute(sa.text(_STATS.format(ids=", ".join(map(str, ids)))))
    rows: list[dict[str, Any]] = []
    for media_id, status, popularity, mean_score, in_progress in stats:
        for day in range(DAYS):
            growth = (DAYS - 1 - day) * rng.randint(0, 2)  # popularity grew towards today
            episode = aired.get((media_id, day))
            rows.append(
                {"media_id": media_id, "date": first_day + day * DAY,
                 "trending": rng.randint(0, 3) + (popularity or 0) // 8 + (12 if episode else 0),
                 "average_score": mean_score, "popularity": max(0, (popularity or 0) - growth),
                 "in_progress": in_progress, "releasing": status == "RELEASING",
                 "episode": episode}
            )  # fmt: skip
    first = await ctx.allocate(MediaTrend.__table__, len(rows))
    for offset, row in enumerate(rows):
        row["id"] = first + offset
    await ctx.insert(MediaTrend.__table__, rows)
    await ctx.execute(
        "UPDATE media SET trending = t.trending FROM media_trends t"
        " WHERE t.media_id = media.id AND t.date = :today",
        today=today,
    )
