"""Seed 001 "User Lists": grouped and raw lists, create/edit/remove entries.

Writes go through ``kagami.lists.service`` only; scores convert through
``kagami.lists.scoring`` in the list owner's ``score_type`` (``score_raw`` is POINT_100).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import MediaListOptions, User
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.dialects.anilist_v1 import mapping
from kagami.dialects.anilist_v1.auth import v1_user_id, v1_viewer_id
from kagami.dialects.anilist_v1.errors import V1Error, V1Route, invalid
from kagami.dialects.anilist_v1.models import small_series_by_ids, v1_date
from kagami.dialects.anilist_v1.payload import MAX_INT, Payload, read_payload
from kagami.dialects.anilist_v1.users import padded_custom_lists, resolve_user, user_model
from kagami.lists.changes import EntryChanges
from kagami.lists.models import ListEntry
from kagami.lists.queries import EntryQuery, collection, custom_list_names, list_options
from kagami.lists.service import delete_entry, save_entry

router = APIRouter(route_class=V1Route, tags=["User Lists"])

MAX_COUNT = 100_000  # episodes, chapters, volumes, rewatches: the service bounds them further
MAX_NOTES = 10_000

# Per series type: (progress field, volumes field or None, repeat field).
FIELDS: dict[MediaType, tuple[str, str | None, str]] = {
    MediaType.ANIME: ("episodes_watched", None, "rewatched"),
    MediaType.MANGA: ("chapters_read", "volumes_read", "reread"),
}


def entry_model(
    entry: Any,
    media_type: MediaType,
    score_type: int,
    options: MediaListOptions | None,
    customs: Sequence[str],
    series: dict[str, Any] | None,
) -> dict[str, Any]:
    """A list entry as v1 shows it (``series`` None for the raw list)."""
    progress, volumes, repeat = FIELDS[media_type]
    slots = padded_custom_lists(options)
    names = list(options.advanced_scoring) if options else []
    scores = entry.advanced_scores or {}
    body: dict[str, Any] = {
        "record_id": entry.id,
        "series_id": entry.media_id,
        "list_status": mapping.LIST_STATUS_NAMES[media_type][entry.status],
        "score": mapping.score_to_v1(entry.score, score_type),
        "score_raw": entry.score,
        progress: entry.progress,
    }
    if volumes is not None:
        body[volumes] = entry.progress_volumes
    body.update(
        {
            repeat: entry.repeat,
            "notes": entry.notes,
            "advanced_rating_scores": [scores.get(name, 0) for name in names],
            "custom_lists": [1 if slot and slot in customs else 0 for slot in slots],
            "hidden_default": int(entry.hidden_from_status_lists),
            "private": int(entry.private),
            "priority": entry.priority,
            "added_time": v1_date(entry.created_at),
            "updated_time": v1_date(entry.updated_at),
        }
    )
    if series is not None:
        body[mapping.SERIES_TYPE_NAMES[media_type]] = series
    return body


async def _options(session: AsyncSession, user_id: int, media_type: MediaType) -> Any:
    return (await list_options(session, [user_id])).get((user_id, media_type.value))


async def _list(
    request: Request, ident: str, media_type: MediaType, viewer_id: int | None, *, raw: bool
) -> dict[str, Any]:
    """The user model with their list grouped by status word and by custom list."""
    async with request.app.state.db.session() as session:
        user = await resolve_user(session, ident)
        q = EntryQuery(user_ids=[user.id], media_type=media_type.value, viewer_id=viewer_id)
        found = await collection(
            session, user, q, force_single_completed=True, chunk=None, per_chunk=None
        )
        entries = {e.id: e for g in found.groups for e in g.entries}
        series = (
            {}
            if raw
            else await small_series_by_ids(session, [e.media_id for e in entries.values()])
        )
        options = await _options(session, user.id, media_type)
        body = await user_model(session, user, viewer_id)
    score_type = mapping.SCORE_TYPE_BY_FORMAT[user.score_format]
    models = {
        e.id: entry_model(
            e,
            media_type,
            score_type,
            options,
            found.custom_lists.get(e.id, []),
            None if raw else series.get(e.media_id),
        )
        for e in entries.values()
    }
    keys = mapping.LIST_GROUP_KEYS[media_type]
    lists: dict[str, list[dict[str, Any]]] = {}
    custom: dict[str, list[dict[str, Any]]] = {}
    for group in found.groups:
        rows = [models[e.id] for e in group.entries]
        if group.is_custom_list and group.custom_list is not None:
            custom[group.custom_list] = rows
        elif group.status is not None:
            lists.setdefault(keys[group.status], []).extend(rows)
    return {**body, "lists": lists, "custom_lists": custom}


def _route_list(media_type: MediaType, suffix: str, raw: bool) -> None:
    """Register GET user/{ident}/{animelist|mangalist}{suffix}."""
    name = f"{mapping.SERIES_TYPE_NAMES[media_type]}list"

    async def read(
        request: Request, ident: str, viewer_id: int | None = Depends(v1_viewer_id)
    ) -> dict[str, Any]:
        return await _list(request, ident, media_type, viewer_id, raw=raw)

    read.__doc__ = f"A user's {name} without series data." if raw else f"A user's {name}, grouped."
    router.add_api_route(
        f"/user/{{ident}}/{name}{suffix}", read, methods=["GET"], name=f"{name}{suffix}"
    )


def _score(payload: Payload, score_type: int) -> int | None:
    """The POINT_100 score a payload sets: ``score_raw`` wins over ``score`` in the user's type."""
    raw = payload.integer("score_raw", maximum=100)
    if raw is not None:
        return raw
    value = payload.text("score", max_length=16)
    if value is None or value.strip() == "":
        return None
    try:
        return mapping.score_from_v1(value, score_type)
    except ValueError:
        message = f"The score is not a valid score for score type {score_type}."
        raise invalid({"score": [message]}) from None


def _status(payload: Payload, media_type: MediaType) -> Any:
    value = payload.text("list_status", max_length=32)
    if value is None or value.strip() == "":
        return None
    words = mapping.LIST_STATUS_WORDS[media_type]
    word = value.strip().lower().replace("_", " ")
    status = words.get(word) or words.get(word.replace("on hold", "on-hold"))
    if status is None:
        choices = ", ".join(f'"{w}"' for w in words)
        raise invalid({"list_status": [f"The list status must be one of {choices}."]})
    return status


def _advanced(payload: Payload, names: Sequence[str]) -> list[float] | None:
    items = payload.csv("advanced_rating_scores", max_items=max(1, len(names)) + 1)
    if not items:
        return None
    try:
        return [float(i) if i else 0.0 for i in items]
    except ValueError:
        raise invalid(
            {"advanced_rating_scores": ["Each advanced score must be a number."]}
        ) from None


def _customs(payload: Payload, slots: Sequence[str]) -> list[str] | None:
    items = payload.csv("custom_lists", max_items=max(len(slots), mapping.CUSTOM_LIST_SLOTS) + 1)
    if items is None:
        return None
    if any(i not in ("0", "1", "") for i in items):
        raise invalid({"custom_lists": ["The custom lists must be comma separated 1 or 0."]})
    chosen = [i for i, flag in enumerate(items) if flag == "1"]
    if any(i >= len(slots) or not slots[i] for i in chosen):
        raise invalid({"custom_lists": ["A 1 is set for a custom list slot that is empty."]})
    return [slots[i] for i in chosen]


def changes_of(
    payload: Payload, media_type: MediaType, user: User, options: MediaListOptions | None
) -> EntryChanges:
    """The canonical entry changes a v1 payload asks for (422 on a malformed field)."""
    progress, volumes, repeat = FIELDS[media_type]
    return EntryChanges(
        status=_status(payload, media_type),
        score=_score(payload, mapping.SCORE_TYPE_BY_FORMAT[user.score_format]),
        progress=payload.integer(progress, maximum=MAX_COUNT),
        progress_volumes=payload.integer(volumes, maximum=MAX_COUNT) if volumes else None,
        repeat=payload.integer(repeat, maximum=MAX_COUNT),
        notes=payload.text("notes", max_length=MAX_NOTES),
        advanced_scores=_advanced(payload, list(options.advanced_scoring) if options else []),
        custom_lists=_customs(payload, padded_custom_lists(options)),
        hidden_from_status_lists=payload.flag("hidden_default"),
    )


async def _media(session: AsyncSession, media_id: int, media_type: MediaType) -> Media:
    media = await session.get(Media, media_id)
    if media is None or media.type is not media_type:
        raise invalid({"id": ["The selected id is invalid."]})
    return media


async def _entry_of(session: AsyncSession, user_id: int, media_id: int) -> ListEntry | None:
    return await session.scalar(
        sa.select(ListEntry).where(ListEntry.user_id == user_id, ListEntry.media_id == media_id)
    )


async def _save(
    request: Request, user_id: int, media_type: MediaType, *, must_exist: bool
) -> dict[str, Any]:
    payload = await read_payload(request)
    media_id = payload.integer("id", required=True, minimum=1)
    assert media_id is not None
    async with request.app.state.db.session() as session:
        media = await _media(session, media_id, media_type)
        if must_exist and await _entry_of(session, user_id, media.id) is None:
            raise V1Error(404, "not_found", "This series is not on your list.")
        user = await resolve_user(session, str(user_id))
        options = await _options(session, user_id, media_type)
        changes = changes_of(payload, media_type, user, options)
        entry = await save_entry(session, user_id, media_id=media.id, changes=changes)
        customs = (await custom_list_names(session, [entry.id])).get(entry.id, [])
        series = await small_series_by_ids(session, [media.id])
        score_type = mapping.SCORE_TYPE_BY_FORMAT[user.score_format]
        return entry_model(entry, media_type, score_type, options, customs, series.get(media.id))


async def _delete(request: Request, user_id: int, media_type: MediaType, media_id: int) -> bool:
    async with request.app.state.db.session() as session:
        entry = await _entry_of(session, user_id, media_id)
        if entry is None or entry.media_type is not media_type:
            raise V1Error(404, "not_found", "This series is not on your list.")
        await delete_entry(session, user_id, entry.id)
    return True


def _route_writes(media_type: MediaType) -> None:
    """Register POST/PUT {animelist|mangalist} and DELETE {animelist|mangalist}/{id}."""
    name = f"{mapping.SERIES_TYPE_NAMES[media_type]}list"

    async def create(request: Request, user_id: int = Depends(v1_user_id)) -> dict[str, Any]:
        return await _save(request, user_id, media_type, must_exist=False)

    async def edit(request: Request, user_id: int = Depends(v1_user_id)) -> dict[str, Any]:
        return await _save(request, user_id, media_type, must_exist=True)

    async def remove(
        request: Request,
        media_id: int = Path(ge=1, le=MAX_INT),
        user_id: int = Depends(v1_user_id),
    ) -> bool:
        return await _delete(request, user_id, media_type, media_id)

    create.__doc__ = f"Add a series to the {name} (or update it if it is there)."
    edit.__doc__ = f"Edit a series already on the {name}."
    remove.__doc__ = f"Remove a series from the {name}."
    router.add_api_route(f"/{name}", create, methods=["POST"], name=f"create_{name}")
    router.add_api_route(f"/{name}", edit, methods=["PUT"], name=f"edit_{name}")
    router.add_api_route(f"/{name}/{{media_id}}", remove, methods=["DELETE"], name=f"remove_{name}")


for _type in (MediaType.ANIME, MediaType.MANGA):
    _route_list(_type, "", raw=False)
    _route_list(_type, "/raw", raw=True)
    _route_writes(_type)
