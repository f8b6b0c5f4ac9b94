"""MAL ``GET /v2/users/@me``: the token's user (default fields per the v2 reference).

``fields=anime_statistics`` adds MAL's per-status counts and days, computed in one grouped
statement over the user's anime list; ``time_zone`` and ``is_supporter`` are also served.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.service import get_user
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.dialects.mal import docs, mapping
from kagami.dialects.mal.auth import mal_user
from kagami.dialects.mal.errors import MalError
from kagami.dialects.mal.fields import parse_fields
from kagami.errors import NotFound
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.oauth.bearer import Principal

router = APIRouter(tags=["MyAnimeList users"])

_STATUS_KEYS = {
    MediaListStatus.CURRENT: "watching",
    MediaListStatus.REPEATING: "watching",
    MediaListStatus.COMPLETED: "completed",
    MediaListStatus.PAUSED: "on_hold",
    MediaListStatus.DROPPED: "dropped",
    MediaListStatus.PLANNING: "plan_to_watch",
}


def _birthday(year: int | None, month: int | None, day: int | None) -> str | None:
    if year and month and day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


async def anime_statistics(session: AsyncSession, user_id: int) -> dict[str, Any]:
    """MAL's ``anime_statistics``: per-status items and days, episodes, rewatches, mean."""
    minutes = ListEntry.progress * sa.func.coalesce(Media.duration, 0)
    scored = sa.case((ListEntry.score > 0, ListEntry.score))
    stmt = (
        sa.select(
            ListEntry.status,
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(minutes), 0),
            sa.func.coalesce(sa.func.sum(ListEntry.progress), 0),
            sa.func.coalesce(sa.func.sum(ListEntry.repeat), 0),
            sa.func.coalesce(sa.func.sum(scored), 0),
            sa.func.count(scored),
        )
        .join(Media, Media.id == ListEntry.media_id)
        .where(ListEntry.user_id == user_id, ListEntry.media_type == MediaType.ANIME)
        .group_by(ListEntry.status)
    )
    stats: dict[str, Any] = {}
    for key in dict.fromkeys(_STATUS_KEYS.values()):
        stats[f"num_items_{key}"] = 0
    days: dict[str, float] = dict.fromkeys(dict.fromkeys(_STATUS_KEYS.values()), 0.0)
    items = episodes = rewatched = score_sum = score_count = 0
    for status, count, watched, progress, repeat, total, scores in await session.execute(stmt):
        key = _STATUS_KEYS[MediaListStatus(status)]
        stats[f"num_items_{key}"] += count
        days[key] += watched / 1440
        items, episodes, rewatched = items + count, episodes + progress, rewatched + repeat
        score_sum, score_count = score_sum + total, score_count + scores
    stats["num_items"] = items
    for key in ("watching", "completed", "on_hold", "dropped"):
        stats[f"num_days_{key}"] = round(days[key], 2)
    stats["num_days"] = round(sum(days.values()), 2)
    stats["num_episodes"] = episodes
    stats["num_times_rewatched"] = rewatched
    stats["mean_score"] = round(score_sum / score_count / 10, 2) if score_count else 0.0
    stats["num_days_watched"] = stats["num_days"]
    return stats


@router.get("/users/@me", openapi_extra=docs.DETAIL)
async def users_me(request: Request, principal: Principal = Depends(mal_user)) -> dict[str, Any]:
    """The authenticated user: id, name, picture, gender, birthday, location, joined_at."""
    fields = parse_fields(request.query_params.get("fields"))
    try:
        async with request.app.state.db.session() as session:
            user = await get_user(session, principal.user_id or 0)
            stats = (
                await anime_statistics(session, user.id) if "anime_statistics" in fields else None
            )
    except NotFound:
        raise MalError(404, "not_found", "") from None
    body: dict[str, Any] = {
        "id": user.id,
        "name": user.name,
        "joined_at": mapping.timestamp_to_mal(user.created_at),
    }
    # MAL omits unset optional fields rather than sending null.
    for key, value in (
        ("picture", user.avatar_large),
        ("gender", user.gender),
        ("birthday", _birthday(user.birth_year, user.birth_month, user.birth_day)),
        ("location", user.location if user.location is not None else ""),
    ):
        if value is not None:
            body[key] = value
    if stats is not None:
        body["anime_statistics"] = stats
    if "time_zone" in fields and user.timezone:
        body["time_zone"] = user.timezone
    if "is_supporter" in fields:
        body["is_supporter"] = user.donator_tier > 0
    return body
