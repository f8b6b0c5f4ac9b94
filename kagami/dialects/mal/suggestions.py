"""MAL v2 ``GET /anime/suggestions``: item co-occurrence over other users' lists.

The user's best 50 anime seed it; the 200 users whose lists share the most seeds are the
neighbours; every anime on a neighbour's list that the user does not have scores the sum
of those neighbours' overlaps. Each step is bounded, so the cost never grows with the
whole user base. A user with an empty list gets an empty list, as on MAL.
"""

from __future__ import annotations

from typing import Any, Final

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.dialects.mal import docs
from kagami.dialects.mal.auth import MalCaller, mal_caller, mal_user
from kagami.dialects.mal.media_query import media_list, nsfw_allowed, safe_condition
from kagami.dialects.mal.paging import page_of
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry

router = APIRouter(tags=["MyAnimeList anime"])

MAX_SEEDS: Final = 50
MAX_NEIGHBOURS: Final = 200


def suggestion_select(user_id: int, media_type: MediaType = MediaType.ANIME) -> sa.Select[Any]:
    """Media ranked by co-occurrence with the user's list, excluding what the user has."""
    liked = ListEntry.status != MediaListStatus.DROPPED
    seeds = (
        sa.select(ListEntry.media_id)
        .where(ListEntry.user_id == user_id, ListEntry.media_type == media_type, liked)
        .order_by(ListEntry.score.desc(), ListEntry.updated_at.desc(), ListEntry.id)
        .limit(MAX_SEEDS)
        .scalar_subquery()
    )
    overlap = sa.func.count().label("overlap")
    neighbours = (
        sa.select(ListEntry.user_id.label("user_id"), overlap)
        .where(
            ListEntry.media_id.in_(seeds),
            ListEntry.user_id != user_id,
            ListEntry.private.is_(False),
            liked,
        )
        .group_by(ListEntry.user_id)
        .order_by(overlap.desc(), ListEntry.user_id)
        .limit(MAX_NEIGHBOURS)
        .subquery()
    )
    own = sa.select(ListEntry.media_id).where(ListEntry.user_id == user_id)
    weight = sa.func.sum(neighbours.c.overlap).label("weight")
    candidates = (
        sa.select(ListEntry.media_id.label("media_id"), weight)
        .join(neighbours, neighbours.c.user_id == ListEntry.user_id)
        .where(
            ListEntry.media_type == media_type,
            ListEntry.private.is_(False),
            liked,
            ListEntry.media_id.not_in(own),
        )
        .group_by(ListEntry.media_id)
        .subquery()
    )
    return (
        sa.select(Media)
        .join(candidates, candidates.c.media_id == Media.id)
        .order_by(candidates.c.weight.desc(), Media.popularity.desc(), Media.id)
    )


@router.get("/anime/suggestions", openapi_extra=docs.SUGGESTIONS)
async def anime_suggestions(request: Request, caller: MalCaller = Depends(mal_caller)) -> Any:
    """Anime the user may like (a user token is required); limit ≤ 100."""
    principal = await mal_user(caller)
    stmt = suggestion_select(principal.user_id or 0)
    if not nsfw_allowed(request):
        stmt = stmt.where(safe_condition())
    return await media_list(request, caller, stmt, page_of(request, cap=100))
