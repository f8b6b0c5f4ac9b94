"""MAL auth dependencies: a user token (main_auth) or ``X-MAL-CLIENT-ID`` (client_auth).

Use ``mal_caller`` on public-read routes and ``mal_user`` on ``@me``/write routes.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.caching import BoundedCache
from kagami.dialects.mal.errors import MalError, from_auth_error
from kagami.errors import Unauthorized
from kagami.oauth.bearer import Principal, authenticate_bearer
from kagami.oauth.clients import find_client
from kagami.oauth.enums import TokenDialect

KNOWN_CLIENTS_STATE = "mal_known_clients"


def known_clients_cache() -> BoundedCache[str, int]:
    """Known client ids, for a few seconds: public reads then skip a look-up each.

    Only hits are kept (an unknown id is looked up every time), and a deleted client
    stops working within the entry's age. One per app (``app.state``), not per process.
    """
    return BoundedCache[str, int](max_bytes=1 << 20, max_age=10.0)


@dataclass(frozen=True)
class MalCaller:
    """Who is calling: a user token (principal) and/or a client id."""

    principal: Principal | None
    client_id: int | None


async def mal_caller(request: Request) -> MalCaller:
    """Bearer wins when present; else a known ``X-MAL-CLIENT-ID``; neither -> 403 like MAL."""
    return await caller_in(request)


async def caller_in(request: Request, session: AsyncSession | None = None) -> MalCaller:
    """:func:`mal_caller` with its look-ups in ``session`` (a route reading in one session)."""
    try:
        principal = await authenticate_bearer(
            request, dialect=TokenDialect.MAL, required=False, session=session
        )
    except Unauthorized as exc:
        raise from_auth_error(exc) from None
    if principal is not None:
        return MalCaller(principal, principal.client_id)
    header = request.headers.get("x-mal-client-id")
    if header is None:
        raise MalError(403, "forbidden", "")
    key = header.strip().lower()
    cache: BoundedCache[str, int] | None = getattr(request.app.state, KNOWN_CLIENTS_STATE, None)
    known = cache.get(key) if cache is not None else None
    if known is not None:
        return MalCaller(None, known)
    client = None
    if len(key) == 32:
        if session is not None:
            client = await find_client(session, key)
        else:
            async with request.app.state.db.session() as own:
                client = await find_client(own, key)
    if client is None:
        raise MalError(400, "bad_request", "Invalid client id")
    if cache is not None:
        cache.put(key, client.id, 200)
    return MalCaller(None, client.id)


async def mal_user(caller: MalCaller = Depends(mal_caller)) -> Principal:
    """Require a user token (client id alone or client_credentials -> 401 invalid_token)."""
    if caller.principal is None or caller.principal.user_id is None:
        raise from_auth_error(Unauthorized("Authentication required."))
    return caller.principal
