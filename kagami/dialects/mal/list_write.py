"""MAL v2 list writes: PATCH (PUT too, as v0.21 apps send) and DELETE ``my_list_status``.

The form is translated to :class:`EntryChanges` through ``mapping`` and written by
``kagami.lists.service`` only, so the entry follows the same rules as an AniList write.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import parse_qsl

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request

from kagami.catalogue.enums import MediaType
from kagami.dialects.mal import docs, mapping
from kagami.dialects.mal.auth import mal_user
from kagami.dialects.mal.errors import MalError
from kagami.dialects.mal.fields import EMPTY
from kagami.dialects.mal.list_status import render_list_status
from kagami.dialects.mal.media_query import media_by_mal_id
from kagami.digits import ascii_digits
from kagami.errors import Invalid
from kagami.lists.changes import EntryChanges, FuzzyDate
from kagami.lists.models import ListEntry
from kagami.lists.service import delete_entry, save_entry
from kagami.oauth.bearer import Principal

router = APIRouter(tags=["MyAnimeList list updates"])

_BOOLS: Final = {"true": True, "1": True, "false": False, "0": False}
MAX_FORM_FIELDS: Final = 50


class Form:
    """A form body's fields (first value of each), read with MAL's 400 on bad values."""

    def __init__(self, body: bytes) -> None:
        try:
            pairs = parse_qsl(body.decode(), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
        except (UnicodeDecodeError, ValueError):
            raise MalError(400, "invalid_parameters", "invalid body") from None
        if any("\x00" in key or "\x00" in value for key, value in pairs):
            raise MalError(400, "invalid_parameters", "invalid body")
        self.values: dict[str, str] = {}
        for key, value in pairs:
            self.values.setdefault(key, value)

    def _bad(self, name: str) -> MalError:
        return MalError(400, "invalid_parameters", f"invalid {name}")

    def text(self, name: str) -> str | None:
        """A string field, or None when absent."""
        return self.values.get(name)

    def integer(self, name: str, high: int | None = None) -> int | None:
        """A non-negative integer field (at most ``high``)."""
        raw = self.values.get(name)
        if raw is None or raw.strip() == "":
            return None
        raw = raw.strip()
        if not ascii_digits(raw) or len(raw) > 9 or (high is not None and int(raw) > high):
            raise self._bad(name)
        return int(raw)

    def boolean(self, name: str) -> bool | None:
        """``true``/``false`` in any case, or 1/0."""
        raw = self.values.get(name)
        if raw is None or raw.strip() == "":
            return None
        value = _BOOLS.get(raw.strip().lower())
        if value is None:
            raise self._bad(name)
        return value

    def date(self, name: str) -> FuzzyDate | None:
        """A YYYY-MM-DD / YYYY-MM / YYYY date ("" clears it)."""
        raw = self.values.get(name)
        if raw is None:
            return None
        try:
            return mapping.date_from_mal(raw)
        except ValueError:
            raise self._bad(name) from None

    def tags(self) -> list[str] | None:
        """Comma-separated tags."""
        raw = self.values.get("tags")
        if raw is None:
            return None
        return [tag.strip() for tag in raw.split(",") if tag.strip()]


def _names(media_type: MediaType) -> dict[str, str]:
    """Form names per canonical field for anime or manga."""
    if media_type is MediaType.ANIME:
        return {
            "repeating": "is_rewatching",
            "progress": "num_watched_episodes",
            "repeat": "num_times_rewatched",
            "value": "rewatch_value",
        }
    return {
        "repeating": "is_rereading",
        "progress": "num_chapters_read",
        "repeat": "num_times_reread",
        "value": "reread_value",
    }


def changes_of(form: Form, media_type: MediaType, current: Any) -> EntryChanges:
    """The form as canonical changes; ``current`` is the entry's status before the write."""
    names = _names(media_type)
    raw_status = form.text("status") or None
    try:
        status = mapping.status_from_mal(
            raw_status, form.boolean(names["repeating"]), media_type, current
        )
    except KeyError:
        raise MalError(400, "invalid_parameters", "invalid status") from None
    score = form.integer("score", 10)
    return EntryChanges(
        status=status,
        score=None if score is None else mapping.score_from_mal(score),
        progress=form.integer(names["progress"]),
        progress_volumes=form.integer("num_volumes_read")
        if media_type is MediaType.MANGA
        else None,
        repeat=form.integer(names["repeat"]),
        priority=form.integer("priority", 2),
        rewatch_value=form.integer(names["value"], 5),
        tags=form.tags(),
        notes=form.text("comments"),
        started_at=form.date("start_date"),
        completed_at=form.date("finish_date"),
    )


async def _entry(session: Any, user_id: int, media_id: int) -> ListEntry | None:
    stmt = sa.select(ListEntry).where(ListEntry.user_id == user_id, ListEntry.media_id == media_id)
    return (await session.execute(stmt)).scalars().first()


async def update_status(
    request: Request, principal: Principal, media_type: MediaType, raw_id: str
) -> dict[str, Any]:
    """Add or update the entry with the fields present; answer the full list status."""
    form = Form(await request.body())
    user_id = principal.user_id or 0
    async with request.app.state.db.session() as session:
        media = await media_by_mal_id(session, media_type, raw_id)
        existing = await _entry(session, user_id, media.id)
        changes = changes_of(form, media_type, existing.status if existing else None)
        try:
            entry = await save_entry(session, user_id, media_id=media.id, changes=changes)
        except Invalid as exc:
            field, messages = next(iter(exc.fields.items()), ("", [""]))
            raise MalError(400, "invalid_parameters", messages[0] if messages else field) from None
        return render_list_status(entry, media_type, EMPTY, full=True)


async def remove_status(
    request: Request, principal: Principal, media_type: MediaType, raw_id: str
) -> list[Any]:
    """Delete the entry; 404 when it is not on the list (MAL: "be careful when retrying")."""
    user_id = principal.user_id or 0
    async with request.app.state.db.session() as session:
        media = await media_by_mal_id(session, media_type, raw_id)
        existing = await _entry(session, user_id, media.id)
        if existing is None:
            raise MalError(404, "not_found", "")
        await delete_entry(session, user_id, existing.id)
    return []


@router.patch("/anime/{anime_id}/my_list_status", openapi_extra=docs.ANIME_FORM)
@router.put("/anime/{anime_id}/my_list_status", include_in_schema=False)
async def anime_update(
    request: Request, anime_id: str, principal: Principal = Depends(mal_user)
) -> Any:
    """Form fields: status, is_rewatching, score, num_watched_episodes, priority,
    num_times_rewatched, rewatch_value, tags, comments, start_date, finish_date."""
    return await update_status(request, principal, MediaType.ANIME, anime_id)


@router.delete("/anime/{anime_id}/my_list_status")
async def anime_delete(
    request: Request, anime_id: str, principal: Principal = Depends(mal_user)
) -> Any:
    """Remove the anime from the user's list."""
    return await remove_status(request, principal, MediaType.ANIME, anime_id)


@router.patch("/manga/{manga_id}/my_list_status", openapi_extra=docs.MANGA_FORM)
@router.put("/manga/{manga_id}/my_list_status", include_in_schema=False)
async def manga_update(
    request: Request, manga_id: str, principal: Principal = Depends(mal_user)
) -> Any:
    """Form fields: status, is_rereading, score, num_volumes_read, num_chapters_read,
    priority, num_times_reread, reread_value, tags, comments, start_date, finish_date."""
    return await update_status(request, principal, MediaType.MANGA, manga_id)


@router.delete("/manga/{manga_id}/my_list_status")
async def manga_delete(
    request: Request, manga_id: str, principal: Principal = Depends(mal_user)
) -> Any:
    """Remove the manga from the user's list."""
    return await remove_status(request, principal, MediaType.MANGA, manga_id)
