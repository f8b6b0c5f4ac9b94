"""Per-day activity counts of users (AniList's deprecated ``UserStats.activityHistory``).

AniList documents the field as "a user's activity history stats for the previous 6
months" with a 1-10 ``level``; the rest is unspecified, so Kagami chose:

- A user's activity is what they authored on their own profile: TEXT and list
  (ANIME_LIST/MANGA_LIST/MEDIA_LIST) activities. Messages are left out: their row lives
  on the *recipient's* profile and may be private, so counting them would either
  credit the wrong user or leak who is messaging whom.
- The window is the last ``DAYS`` UTC days, today included; days are UTC midnights as
  epoch seconds, because AniList's ``date`` is a Unix timestamp and users have no
  server-side timezone that every dialect agrees on.
- Only days with activity are returned (the heatmap client fills the gaps), oldest first.
- ``level`` scales each day against the user's busiest day in the window:
  ``ceil(10 * amount / busiest)``, so the busiest day is 10 and any active day is >= 1.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.social.enums import ActivityType
from kagami.social.models import Activity

DAY = 86_400
DAYS = 26 * 7  # "the previous 6 months", as whole weeks so the heatmap is rectangular
LEVELS = 10


@dataclass(frozen=True, slots=True)
class HistoryDay:
    """One active day: its UTC midnight (epoch seconds), activity count and 1-10 level."""

    date: int
    amount: int
    level: int


def window_start(now: int, days: int = DAYS) -> int:
    """The first UTC midnight inside a ``days``-day window that ends with ``now``'s day."""
    return (now - now % DAY) - (days - 1) * DAY


def level(amount: int, busiest: int) -> int:
    """An active day's 1-10 level relative to the busiest day (which is 10)."""
    if amount <= 0 or busiest <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * amount / busiest)))


async def activity_history(
    session: AsyncSession,
    user_ids: Sequence[int],
    now: int | None = None,
    days: int = DAYS,
) -> dict[int, list[HistoryDay]]:
    """Active days per user over the window ending today: one grouped statement for all users.

    ``now`` (epoch seconds) defaults to the current time; tests and replays can pin it.
    """
    current = int(time.time()) if now is None else now
    # Bucketed in a subquery so GROUP BY names a column, not an expression with its own
    # bind parameters (PostgreSQL would not match the two).
    facts = (
        sa.select(Activity.user_id, (Activity.created_at // DAY * DAY).label("day"))
        .where(
            Activity.user_id.in_(list(user_ids)),
            Activity.type != ActivityType.MESSAGE,
            Activity.created_at >= window_start(current, days),
            Activity.created_at < current - current % DAY + DAY,
        )
        .subquery()
    )
    stmt = sa.select(facts.c.user_id, facts.c.day, sa.func.count()).group_by(
        facts.c.user_id, facts.c.day
    )
    counts: dict[int, list[tuple[int, int]]] = {}
    for user_id, start, amount in (await session.execute(stmt)).all():
        counts.setdefault(user_id, []).append((int(start), int(amount)))
    out: dict[int, list[HistoryDay]] = {}
    for user_id, rows in counts.items():
        busiest = max(amount for _, amount in rows)
        out[user_id] = [HistoryDay(d, a, level(a, busiest)) for d, a in sorted(rows)]
    return out
