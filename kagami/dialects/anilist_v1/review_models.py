"""The v1 review model, built for many reviews at once (their series, users and votes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.queries import users_by_ids
from kagami.catalogue.enums import MediaType
from kagami.community.models import Review
from kagami.community.reviews import review_votes
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.models import small_series_by_ids, small_user


def v1_datetime(epoch: int | None) -> str | None:
    """Epoch seconds as v1's "2014-05-03 14:44:15" (UTC)."""
    if epoch is None:
        return None
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime(mapping.DATETIME_FORMAT)


async def review_models(
    session: AsyncSession, reviews: Sequence[Review], viewer_id: int | None
) -> list[dict[str, Any]]:
    """Review models with small series and small user (three statements for any number)."""
    if not reviews:
        return []
    series = await small_series_by_ids(session, [r.media_id for r in reviews])
    users = await users_by_ids(session, list({r.user_id for r in reviews}))
    votes = await review_votes(session, viewer_id, [r.id for r in reviews]) if viewer_id else {}
    out = []
    for review in reviews:
        user = users.get(review.user_id)
        vote = votes.get(review.id)
        key = mapping.SERIES_TYPE_NAMES[MediaType(review.media_type)]
        out.append(
            {
                "id": review.id,
                "date": v1_datetime(review.created_at),
                "rating": review.rating,
                "rating_amount": review.rating_amount,
                "summary": review.summary,
                "private": int(review.private),
                "user_rating": mapping.REVIEW_RATING_NUMBERS[vote] if vote else 0,
                "text": review.body,
                "score": review.score,
                key: series.get(review.media_id),
                "user": small_user(user) if user else None,
            }
        )
    return out
