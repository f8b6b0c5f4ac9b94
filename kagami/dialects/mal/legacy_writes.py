"""v0.21's list writes: ``PUT``/``DELETE /anime/{id}/my_list_status`` and device tokens.

The mobile app PUT a form (``status``, ``score``, ``num_watched_episodes``,
``is_rewatching``, ``start_date``, ``finish_date``; v2 later added ``priority``,
``num_times_rewatched`` and ``comments``, accepted here too). Every write goes through
kagami.lists.service, so AniList clients see the same entry.
"""

from __future__ import annotations

from typing import Any, Final

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.dialects.mal import docs, mapping
from kagami.dialects.mal.auth import mal_user
from kagami.dialects.mal.errors import MalError
from kagami.dialects.mal.fields import parse_fields
from kagami.dialects.mal.legacy_nodes import list_status
from kagami.digits import ascii_digits
from kagami.errors import Invalid
from kagami.lists import service
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.queries import entries_for_media
from kagami.oauth.bearer import Principal

router = APIRouter(tags=["MyAnimeList v0.21"])

# Everything a write answers: the core plus every list-status extra.
ANSWER_FIELDS: Final = parse_fields(
    "start_date,finish_date,priority,num_times_rewatched,rewatch_value,tags,comments"
)
MAX_COUNT: Final = 100_000  # episodes, rewatches: far above any real value, bounded
_BOOLEANS: Final = {"true": True, "1": True, "false": False, "0": False}
MAX_COMMENTS: Final = 10_000


def _bad(message: str) -> MalError:
    return MalError(400, "bad_request", message)


def _count(form: dict[str, str], name: str, high: int = MAX_COUNT) -> int | None:
    raw = form.get(name)
    if raw is None:
        return None
    text = raw.strip()
    if not ascii_digits(text) or len(text) > 9 or int(text) > high:
        raise _bad(f"invalid {name}")
    return int(text)


def _boolean(form: dict[str, str], name: str) -> bool | None:
    raw = form.get(name)
    if raw is None:
        return None
    value = _BOOLEANS.get(raw.strip().lower())
    if value is None:
        raise _bad(f"invalid {name}")
    return value


def _date(form: dict[str, str], name: str) -> FuzzyDate | None:
    raw = form.get(name)
    if raw is None:
        return None
    try:
        return mapping.date_from_mal(raw[:32])
    except ValueError:
        raise _bad(f"invalid {name}") from None


async def anime_by_mal_id(session: AsyncSession, mal_id: int) -> Media | None:
    """The anime a MAL id names: a synthetic id's media, else the media with that idMal."""
    media_id = mapping.synthetic_media_id(mal_id)
    if media_id is not None:
        media = await session.get(Media, media_id)
    else:
        media = await session.scalar(
            sa.select(Media).where(Media.type == MediaType.ANIME, Media.id_mal == mal_id)
        )
    if media is None or media.type is not MediaType.ANIME:
        return None
    return media if mapping.mal_id_of(media.id, media.id_mal) == mal_id else None


async def _anime(session: AsyncSession, anime_id: int) -> Media:
    media = await anime_by_mal_id(session, anime_id) if 0 < anime_id <= mapping.MAX_MAL_ID else None
    if media is None:
        raise MalError(404, "not_found", "")
    return media


def _changes(form: dict[str, str], current: Any) -> EntryChanges:
    """The form as canonical changes; fields left out stay as they are."""
    status = form.get("status")
    if status is not None and status.strip() not in mapping.ANIME_LIST_STATUS:
        raise _bad("invalid status")
    score = _count(form, "score", 10)
    comments = form.get("comments")
    if comments is not None and len(comments) > MAX_COMMENTS:
        raise _bad("invalid comments")
    return EntryChanges(
        status=mapping.status_from_mal(
            status.strip() if status is not None else None,
            _boolean(form, "is_rewatching"),
            MediaType.ANIME,
            current,
        ),
        score=mapping.score_from_mal(score) if score is not None else None,
        progress=_count(form, "num_watched_episodes"),
        priority=_count(form, "priority", 2),
        repeat=_count(form, "num_times_rewatched"),
        notes=comments,
        started_at=_date(form, "start_date"),
        completed_at=_date(form, "finish_date"),
    )


@router.put("/anime/{anime_id}/my_list_status", openapi_extra=docs.LEGACY_FORM)
async def put_my_list_status(
    anime_id: int, request: Request, principal: Principal = Depends(mal_user)
) -> dict[str, Any]:
    """Add the anime to the caller's list or update the fields the form names."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    if any("\x00" in key or "\x00" in value for key, value in form.items()):
        raise _bad("invalid body")  # PostgreSQL text cannot hold a NUL
    user_id = principal.user_id or 0
    async with request.app.state.db.session() as session:
        media = await _anime(session, anime_id)
        existing = (await entries_for_media(session, user_id, [media.id])).get(media.id)
        changes = _changes(form, existing.status if existing is not None else None)
        try:
            entry = await service.save_entry(session, user_id, media_id=media.id, changes=changes)
        except Invalid as exc:
            field = next(iter(exc.fields), "parameters")
            raise _bad(f"invalid {field}") from None
        return list_status(entry, ANSWER_FIELDS)


@router.delete("/anime/{anime_id}/my_list_status")
async def delete_my_list_status(
    anime_id: int, request: Request, principal: Principal = Depends(mal_user)
) -> list[Any]:
    """Remove the anime from the caller's list: ``[]``, or 404 when it was not on it."""
    user_id = principal.user_id or 0
    async with request.app.state.db.session() as session:
        media = await _anime(session, anime_id)
        entry = (await entries_for_media(session, user_id, [media.id])).get(media.id)
        if entry is None:
            raise MalError(404, "not_found", "")
        await service.delete_entry(session, user_id, entry.id)
    return []


@router.post("/users/@me/device_tokens")
async def device_tokens(_principal: Principal = Depends(mal_user)) -> list[Any]:
    """The app's push registration: accepted and answered ``[]``; Kagami sends no pushes."""
    return []
