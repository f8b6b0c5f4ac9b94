"""MAL v2 user lists: ``/users/{name}/animelist`` and ``/mangalist`` (``@me`` needs a token).

Another user's list shows their non-private entries. NSFW works stay on user lists unless
``nsfw=false`` is sent explicitly: a sync app reading its own list must see every entry.
"""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache
from typing import Any, Final

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.queries import find_user
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.dialects.mal import docs, mapping
from kagami.dialects.mal.auth import MalCaller, mal_caller, mal_user
from kagami.dialects.mal.errors import MalError
from kagami.dialects.mal.fields import Fields
from kagami.dialects.mal.list_status import entry_columns, status_renderer
from kagami.dialects.mal.media_query import fields_of, safe_condition, user_of
from kagami.dialects.mal.media_view import columns_for, render_media
from kagami.dialects.mal.paging import envelope, page_of
from kagami.http import JSONResponse
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.memory import collector_paused

router = APIRouter(tags=["MyAnimeList user lists"])

_SORTS: Final[dict[str, tuple[Any, ...]]] = {
    "list_score": (ListEntry.score.desc(),),
    "list_updated_at": (ListEntry.updated_at.desc(),),
    "title": (Media.title_romaji.asc(),),
    "start_date": (Media.start_date_int.desc().nulls_last(),),
    "id": (sa.func.coalesce(Media.id_mal, mapping.SYNTHETIC_MAL_BASE + Media.id).asc(),),
}


def _sort(request: Request, prefix: str) -> tuple[Any, ...]:
    """``sort``: list_score, list_updated_at, {anime,manga}_title/_start_date/_id; 400 else."""
    raw = request.query_params.get("sort") or ""
    if not raw:
        return ()
    names = {"list_score": "list_score", "list_updated_at": "list_updated_at"}
    names |= {prefix + key: key for key in ("title", "start_date", "id")}
    if raw not in names:
        raise MalError(400, "invalid_parameters", "invalid sort")
    return _SORTS[names[raw]]


def _statuses(request: Request, media_type: MediaType) -> list[MediaListStatus] | None:
    """``status`` as canonical statuses (watching includes rewatching); empty = all."""
    raw = request.query_params.get("status") or ""
    if not raw:
        return None
    try:
        status = mapping.list_statuses(media_type)[raw]
    except KeyError:
        raise MalError(400, "invalid_parameters", "invalid status") from None
    if status is MediaListStatus.CURRENT:
        return [MediaListStatus.CURRENT, MediaListStatus.REPEATING]
    return [status]


def _hide_nsfw(request: Request) -> bool:
    """Only an explicit ``nsfw=false`` hides NSFW works on a user list."""
    return request.query_params.get("nsfw", "").strip().lower() in ("false", "0")


def _entries_select(fields: Fields, node_fields: Fields) -> sa.Select[Any]:
    """A Core SELECT of just the entry and media columns the answer shows (no ORM objects).

    Media columns are labelled ``m__<key>``; :func:`_entries_and_media` splits the rows.
    """
    entry_keys = entry_columns(fields.sub("list_status"))
    media_keys = columns_for(node_fields)
    entries, media = ListEntry.__table__.c, Media.__table__.c
    columns = [entries[key] for key in entry_keys]
    columns += [media[key].label(f"m__{key}") for key in media_keys]
    return sa.select(*columns).join_from(ListEntry, Media, Media.id == ListEntry.media_id)


async def _entries_and_media(session: AsyncSession, stmt: sa.Select[Any]) -> list[tuple[Any, Any]]:
    """Run :func:`_entries_select`'s statement: (entry, media) read-only named tuples per row."""
    result = await (await session.connection()).execute(stmt)
    keys = list(result.keys())
    split = next(i for i, key in enumerate(keys) if key.startswith("m__"))
    entry = _row_class(tuple(keys[:split]))._make
    media = _row_class(tuple(key[3:] for key in keys[split:]))._make
    with collector_paused():
        return [(entry(row[:split]), media(row[split:])) for row in result.all()]


@lru_cache(maxsize=64)
def _row_class(keys: tuple[str, ...]) -> Any:
    """A named tuple class with these attribute names (cheaper per row than a Record)."""
    return namedtuple("Row", keys)


async def user_list(
    request: Request, caller: MalCaller, user_name: str, media_type: MediaType
) -> dict[str, Any]:
    """One page of a user's anime or manga list: ``{node, list_status}`` items."""
    prefix = "anime_" if media_type is MediaType.ANIME else "manga_"
    viewer = user_of(caller)
    page = page_of(request, cap=1000)
    fields = fields_of(request)
    node_fields = Fields({k: fields[k] for k in fields if k != "list_status"})
    order, statuses = _sort(request, prefix), _statuses(request, media_type)
    async with request.app.state.db.session() as session:
        if user_name == "@me":
            owner_id = (await mal_user(caller)).user_id
        else:
            owner = await find_user(session, None, user_name[:64])
            if owner is None:  # as MAL answers for unknown users and private lists
                raise MalError(403, "forbidden", "")
            owner_id = owner.id
        stmt = _entries_select(fields, node_fields).where(
            ListEntry.user_id == owner_id, ListEntry.media_type == media_type
        )
        if owner_id != viewer:
            stmt = stmt.where(ListEntry.private.is_(False))
        if statuses is not None:
            stmt = stmt.where(ListEntry.status.in_(statuses))
        if _hide_nsfw(request):
            stmt = stmt.where(safe_condition())
        stmt = stmt.order_by(*order, ListEntry.id).offset(page.offset).limit(page.limit + 1)
        rows = await _entries_and_media(session, stmt)
        more, rows = len(rows) > page.limit, rows[: page.limit]
        nodes = await render_media(session, [m for _, m in rows], node_fields, user_id=viewer)
    items: list[dict[str, Any]] = []
    if "list_status" not in fields:
        return envelope(request, page, [{"node": node} for node in nodes], more)
    # Not "comments": lists never return them.
    status_fields = Fields({k: v for k, v in fields.sub("list_status").items() if k != "comments"})
    render = status_renderer(media_type, status_fields)
    with collector_paused():
        for (entry, _media), node in zip(rows, nodes, strict=True):
            items.append({"node": node, "list_status": render(entry)})
    return envelope(request, page, items, more)


@router.get(
    "/users/{user_name}/animelist",
    openapi_extra=docs.USER_LIST,
)
async def animelist(
    request: Request, user_name: str, caller: MalCaller = Depends(mal_caller)
) -> Any:
    """A user's anime list (``@me`` for the token's user): status, sort, limit ≤ 1000."""
    return JSONResponse(await user_list(request, caller, user_name, MediaType.ANIME))


@router.get(
    "/users/{user_name}/mangalist",
    openapi_extra=docs.USER_LIST,
)
async def mangalist(
    request: Request, user_name: str, caller: MalCaller = Depends(mal_caller)
) -> Any:
    """A user's manga list (``@me`` for the token's user): status, sort, limit ≤ 1000."""
    return JSONResponse(await user_list(request, caller, user_name, MediaType.MANGA))
