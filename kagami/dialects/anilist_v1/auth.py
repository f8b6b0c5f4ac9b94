"""v1 token dependencies (seed 001 "Authentication").

Every v1 resource route needs a token: ``v1_principal`` accepts any (client_credentials
reads most GET routes); ``v1_user_principal`` refuses client_credentials tokens, for the
routes seed 001 keeps from them (current user, following/followers, favourites, airing,
notifications, every write). Tokens come as ``Authorization: Bearer`` or, when
``KAGAMI_V1_QUERY_TOKENS`` is on, as the ``access_token`` header or URL parameter.
"""

from __future__ import annotations

from fastapi import Depends, Request

from kagami.dialects.anilist_v1.errors import from_auth_error
from kagami.errors import Unauthorized
from kagami.oauth.bearer import Principal, authenticate_bearer
from kagami.oauth.enums import TokenDialect


async def v1_principal(request: Request) -> Principal:
    """Bearer auth for v1 routes (plus v1's URL token when enabled), rendered as v1 errors."""
    url_token = request.app.state.settings.v1_query_tokens and request.url.path.startswith("/api/")
    try:
        principal = await authenticate_bearer(
            request, dialect=TokenDialect.ANILIST_V1, url_token=url_token
        )
    except Unauthorized as exc:
        raise from_auth_error(exc) from None
    assert principal is not None
    return principal


async def v1_user_principal(principal: Principal = Depends(v1_principal)) -> Principal:
    """Like ``v1_principal`` but refuses client_credentials tokens (they act as no user)."""
    if principal.user_id is None:
        raise from_auth_error(Unauthorized("This endpoint needs a user."))
    return principal


async def v1_user_id(principal: Principal = Depends(v1_user_principal)) -> int:
    """The id of the user a code/pin-grant token acts for."""
    assert principal.user_id is not None
    return principal.user_id


async def v1_viewer_id(principal: Principal = Depends(v1_principal)) -> int | None:
    """The user a token acts for, or None for a client_credentials token."""
    return principal.user_id
