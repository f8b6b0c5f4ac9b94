"""Seed 001 "Reviews": one review, a series' and a user's reviews, rate, create/edit/delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.community.models import Review
from kagami.community.reviews import ReviewQuery, find_reviews, first_review
from kagami.community.reviews_service import (
    SCORE_MAX,
    SUMMARY_MAX,
    delete_review,
    rate_review,
    save_review,
)
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.auth import v1_principal, v1_user_id, v1_viewer_id
from kagami.dialects.anilist_v1.errors import V1Error, V1Route, invalid
from kagami.dialects.anilist_v1.payload import MAX_INT, Payload, read_payload
from kagami.dialects.anilist_v1.review_models import review_models
from kagami.dialects.anilist_v1.series import SeriesType, series_kind, series_or_404
from kagami.dialects.anilist_v1.users import resolve_user
from kagami.errors import Invalid

MAX_REVIEWS = 100  # reviews in one list answer, best rated first (the seed pages none)

router = APIRouter(route_class=V1Route, dependencies=[Depends(v1_principal)])


async def _one(
    session: AsyncSession, series_type: str, review_id: int, viewer: int | None
) -> dict[str, Any]:
    """The review model of ``review_id`` if it is of this series type and visible, else 404."""
    kind = series_kind(series_type)
    found = None
    if 0 < review_id <= MAX_INT:
        q = ReviewQuery(id=review_id, media_type=kind.value, viewer_id=viewer)
        found = await first_review(session, q)
    if found is None:
        raise V1Error(404, "not_found", f"No {series_type} review with id {review_id}.")
    return (await review_models(session, [found], viewer))[0]


async def _listed(session: AsyncSession, q: ReviewQuery, viewer: int | None) -> list[Any]:
    q.sort = [("rating", True)]
    page = await find_reviews(session, q, 1, MAX_REVIEWS)
    return await review_models(session, page.items, viewer)


@router.get("/{series_type:series}/review/{review_id:int}")
async def review(
    request: Request,
    series_type: SeriesType,
    review_id: int,
    viewer: int | None = Depends(v1_viewer_id),
) -> dict[str, Any]:
    """A review model with its small series and small user."""
    async with request.app.state.db.session() as session:
        return await _one(session, series_type, review_id, viewer)


@router.get("/{series_type:series}/{series_id:int}/reviews")
async def series_reviews(
    request: Request,
    series_type: SeriesType,
    series_id: int,
    viewer: int | None = Depends(v1_viewer_id),
) -> list[dict[str, Any]]:
    """The series' review models, best rated first (at most 100)."""
    async with request.app.state.db.session() as session:
        media = await series_or_404(session, series_type, series_id)
        return await _listed(session, ReviewQuery(media_id=media.id, viewer_id=viewer), viewer)


@router.get("/user/{ident}/reviews")
async def user_reviews(
    request: Request, ident: str, viewer: int | None = Depends(v1_viewer_id)
) -> list[dict[str, Any]]:
    """The user's review models of anime and manga, best rated first (at most 100)."""
    async with request.app.state.db.session() as session:
        user = await resolve_user(session, ident)
        return await _listed(session, ReviewQuery(user_id=user.id, viewer_id=viewer), viewer)


@router.post("/{series_type:series}/review/rate")
async def rate(
    request: Request, series_type: SeriesType, user_id: int = Depends(v1_user_id)
) -> dict[str, Any]:
    """Rate a review: 0 no rating, 1 up, 2 down; answers the review model."""
    payload = await read_payload(request)
    review_id = payload.integer("id", required=True, minimum=1)
    rating = payload.integer("rating", required=True, maximum=2)
    assert review_id is not None and rating is not None
    async with request.app.state.db.session() as session:
        await _one(session, series_type, review_id, user_id)
        await rate_review(session, user_id, review_id, mapping.REVIEW_RATINGS[rating])
        return await _one(session, series_type, review_id, user_id)


def _fields(p: Payload, *, create: bool) -> dict[str, Any]:
    """save_review's arguments from the seed's payload (text, summary, private, score)."""
    text = p.text("text", required=create, max_length=200_000)
    summary = p.text("summary", required=create, max_length=SUMMARY_MAX * 4)
    return {
        "body": text,
        "summary": summary,
        "private": p.flag("private"),
        "score": p.integer("score", maximum=SCORE_MAX),
    }


def _renamed(exc: Invalid, id_field: str) -> V1Error:
    """The service's field names as the payload spells them (body -> text, media_id -> ...)."""
    names = {"body": "text", "media_id": id_field}
    fields = {
        names.get(k, k): [m.replace("body", "text") for m in v] for k, v in exc.fields.items()
    }
    return invalid(fields)


async def _save(request: Request, series_type: str, user_id: int, *, create: bool) -> Any:
    id_field = f"{series_type}_id"
    payload = await read_payload(request)
    media_id = payload.integer(id_field, required=True, minimum=1)
    fields = _fields(payload, create=create)
    async with request.app.state.db.session() as session:
        media = await series_or_404(session, series_type, media_id or 0)
        review_id = None
        if not create:
            mine = await first_review(
                session, ReviewQuery(media_id=media.id, user_id=user_id, viewer_id=user_id)
            )
            if mine is None:
                raise V1Error(404, "not_found", f"You have no review of this {series_type}.")
            review_id = mine.id
        try:
            saved: Review = await save_review(
                session,
                user_id,
                review_id=review_id,
                media_id=media.id if create else None,
                body_min=mapping.REVIEW_TEXT_MIN,
                **fields,
            )
        except Invalid as exc:
            raise _renamed(exc, id_field) from None
        return (await review_models(session, [saved], user_id))[0]


@router.post("/{series_type:series}/review")
async def create_review(
    request: Request, series_type: SeriesType, user_id: int = Depends(v1_user_id)
) -> dict[str, Any]:
    """Create the user's review (text >= 2000, summary 20-120 characters, score 0-100)."""
    return await _save(request, series_type, user_id, create=True)


@router.put("/{series_type:series}/review")
async def edit_review(
    request: Request, series_type: SeriesType, user_id: int = Depends(v1_user_id)
) -> dict[str, Any]:
    """Edit the user's review of the series named by ``anime_id``/``manga_id``."""
    return await _save(request, series_type, user_id, create=False)


@router.delete("/{series_type:series}/review")
async def remove_review(
    request: Request, series_type: SeriesType, user_id: int = Depends(v1_user_id)
) -> bool:
    """Delete a review (the user's own; moderators any)."""
    payload = await read_payload(request)
    review_id = payload.integer("id", required=True, minimum=1)
    assert review_id is not None
    async with request.app.state.db.session() as session:
        await _one(session, series_type, review_id, user_id)
        return await delete_review(session, user_id, review_id)
