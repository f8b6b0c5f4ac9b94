"""Catalogue reads for MAL routes: media by MAL id, ``q`` search, nsfw filter, one page."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any, Final

import sqlalchemy as sa
from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.caching import BoundedCache
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Media
from kagami.catalogue.queries import MediaQuery, media_select
from kagami.db.rows import to_record
from kagami.dialects.mal import mapping
from kagami.dialects.mal.auth import MalCaller
from kagami.dialects.mal.errors import MalError
from kagami.dialects.mal.fields import Fields, parse_fields
from kagami.dialects.mal.media_view import render_media
from kagami.dialects.mal.paging import Page, envelope, page_of
from kagami.digits import ascii_digits

MIN_Q, MAX_Q = 3, 64
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}


def parse_mal_id(raw: str) -> int:
    """A path id; MAL answers 400 for a non-numeric one and 404 for an unknown one."""
    if not ascii_digits(raw) or len(raw) > 10:
        raise MalError(400, "invalid_parameters", "invalid id")
    return int(raw)


@cache
def _by_mal_id(synthetic: bool) -> sa.Select[Any]:
    """Prebuilt look-ups: by real idMal, or by media id for a synthetic MAL id."""
    by = (
        sa.and_(Media.id == sa.bindparam("id"), Media.id_mal.is_(None))
        if synthetic
        else Media.id_mal == sa.bindparam("id")
    )
    return sa.select(Media).where(Media.type == sa.bindparam("type"), by).limit(1)


@lru_cache(maxsize=256)
def _columns_by_mal_id(synthetic: bool, columns: tuple[str, ...]) -> sa.Select[Any]:
    """:func:`_by_mal_id` as a Core SELECT of just ``columns`` (built once per shape)."""
    table = Media.__table__.c
    return _by_mal_id(synthetic).with_only_columns(*(table[key] for key in columns))


async def media_by_mal_id(
    session: AsyncSession,
    media_type: MediaType,
    raw_id: str,
    columns: tuple[str, ...] | None = None,
) -> Any:
    """The media of this type with this MAL id, or MAL's 404.

    With ``columns``, a read-only record of just those columns instead of the ORM object.
    """
    mal_id = parse_mal_id(raw_id)
    media_id = mapping.synthetic_media_id(mal_id)
    if media_id is None and not 0 < mal_id < mapping.SYNTHETIC_MAL_BASE:
        raise MalError(404, "not_found", "")
    params = {"id": media_id if media_id is not None else mal_id, "type": media_type}
    if columns is not None:
        stmt = _columns_by_mal_id(media_id is not None, columns)
        row = (await (await session.connection()).execute(stmt, params)).first()
        if row is None:
            raise MalError(404, "not_found", "")
        return to_record(list(columns), row)
    stmt = _by_mal_id(media_id is not None)
    media = (await session.execute(stmt, params)).scalars().first()
    if media is None:
        raise MalError(404, "not_found", "")
    return media


def nsfw_allowed(request: Request) -> bool:
    """``nsfw=true`` (or Python-style ``True``) shows gray/black works; default hides them."""
    raw = request.query_params.get("nsfw", "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise MalError(400, "invalid_parameters", "invalid nsfw")


def safe_condition() -> Any:
    """Only white (safe) works."""
    return sa.and_(
        Media.is_adult.is_(False), sa.func.coalesce(Media.age_rating, "").not_in(("r+", "rx"))
    )


def search_query(request: Request) -> str:
    """``q`` as MAL takes it: required, at least 3 characters; longer ones are cut to 64."""
    q = (request.query_params.get("q") or "").strip()
    if len(q) < MIN_Q:
        raise MalError(400, "invalid_parameters", "invalid q")
    return q[:MAX_Q]


# Parsed ``fields=`` by their text: apps send the same few on every request. Fields are
# never changed once parsed (``with_names`` copies), so one parse serves them all.
_PARSED: Final = BoundedCache[str, Fields](max_bytes=1 << 20, max_age=600.0)


def fields_of(request: Request) -> Fields:
    """The request's ``fields=`` (a 400 for malformed ones, which are never kept)."""
    raw = request.query_params.get("fields")
    if raw is None:
        return parse_fields(None)
    parsed = _PARSED.get(raw)
    if parsed is None:
        parsed = parse_fields(raw)
        _PARSED.put(raw, parsed, 16 * len(raw) + 200)
    return parsed


def user_of(caller: MalCaller) -> int | None:
    """The calling user (None for client-id-only callers)."""
    return caller.principal.user_id if caller.principal is not None else None


async def page_of_media(
    session: AsyncSession,
    stmt: sa.Select[Any],
    page: Page,
) -> tuple[list[Media], bool]:
    """One page of ``stmt``'s media and whether more follow (one extra row, no count)."""
    rows = list((await session.execute(stmt.offset(page.offset).limit(page.limit + 1))).scalars())
    return rows[: page.limit], len(rows) > page.limit


def search_select(request: Request, media_type: MediaType, q: str) -> sa.Select[Any]:
    """Media of a type matching ``q``, best match first (the catalogue's title search)."""
    dialect = "sqlite" if request.app.state.settings.is_sqlite else "postgresql"
    return media_select(MediaQuery(type=media_type.value, search=q), dialect)


async def media_list(
    request: Request,
    caller: MalCaller,
    stmt: sa.Select[Any],
    page: Page,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A ``{data: [{node}], paging}`` answer for a media SELECT."""
    fields = fields_of(request)
    async with request.app.state.db.session() as session:
        rows, more = await page_of_media(session, stmt, page)
        nodes = await render_media(session, rows, fields, user_id=user_of(caller))
    body = envelope(request, page, [{"node": node} for node in nodes], more)
    return {**body, **(extra or {})}


async def search_list(request: Request, caller: MalCaller, media_type: MediaType) -> Any:
    """``GET /anime`` or ``/manga``: title search (``q`` required), nsfw filter, limit ≤ 100."""
    stmt = search_select(request, media_type, search_query(request))
    if not nsfw_allowed(request):
        stmt = stmt.where(safe_condition())
    return await media_list(request, caller, stmt, page_of(request, cap=100))
