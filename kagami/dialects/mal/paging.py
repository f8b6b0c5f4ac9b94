"""MAL paging: ``limit``/``offset`` checks and the ``{"data", "paging"}`` envelope.

``paging.next``/``previous`` are absolute URLs on the public base URL carrying the request's
own query with the offset moved, because clients follow them verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlencode

from fastapi import Request

from kagami.dialects.mal.errors import MalError
from kagami.digits import ascii_digits

MAX_OFFSET: Final = 2**31 - 1


@dataclass(frozen=True)
class Page:
    """The window a list request asks for."""

    limit: int
    offset: int


def _integer(raw: str | None, name: str) -> int | None:
    """A query integer, or a 400 like MAL's for anything else."""
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    if len(text) > 12 or not ascii_digits(text.lstrip("-")):
        raise MalError(400, "invalid_parameters", f"invalid {name}")
    return int(text)


def page_of(request: Request, default: int = 100, cap: int = 100) -> Page:
    """``limit`` (1.., clamped to the endpoint's cap) and ``offset`` (0..) of a list request."""
    limit = _integer(request.query_params.get("limit"), "limit")
    offset = _integer(request.query_params.get("offset"), "offset")
    if limit is not None and limit < 1:
        raise MalError(400, "invalid_parameters", "invalid limit")
    if offset is not None and not 0 <= offset <= MAX_OFFSET:
        raise MalError(400, "invalid_parameters", "invalid offset")
    return Page(min(limit if limit is not None else default, cap), offset or 0)


def _url(request: Request, offset: int) -> str:
    """The request's own URL on the public base URL, with ``offset`` replaced."""
    base = request.app.state.settings.base_url
    path = request.scope["path"]  # the full path (Starlette keeps the mount prefix in it)
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    query.append(("offset", str(offset)))
    return f"{base}{path}?{urlencode(query)}"


def paging(request: Request, page: Page, has_more: bool) -> dict[str, str]:
    """MAL's ``paging`` object: ``previous`` unless on the first page, ``next`` if more follow."""
    links: dict[str, str] = {}
    if page.offset > 0:
        links["previous"] = _url(request, max(0, page.offset - page.limit))
    if has_more:
        links["next"] = _url(request, page.offset + page.limit)
    return links


def envelope(
    request: Request, page: Page, items: list[dict[str, Any]], has_more: bool
) -> dict[str, Any]:
    """The list envelope ``{"data": [...], "paging": {...}}``."""
    return {"data": items, "paging": paging(request, page, has_more)}
