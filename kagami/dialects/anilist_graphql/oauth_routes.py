"""AniList v2 OAuth: authorize (code, implicit token, PIN redirect) and the token endpoint."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kagami.errors import InvalidToken, Unauthorized
from kagami.oauth.enums import TokenDialect
from kagami.oauth.errors import OAuthError
from kagami.oauth.server import AuthorizationServer
from kagami.oauth.tokens import IssuedTokens
from kagami.web.authorize import authorize

router = APIRouter(tags=["AniList v2 OAuth"])


def _render(issued: IssuedTokens, _dialect: TokenDialect) -> dict[str, Any]:
    return {
        "token_type": "Bearer",
        "expires_in": issued.expires_in,
        "access_token": issued.access_token,
    }


def _render_error(exc: OAuthError) -> dict[str, Any]:
    # Laravel Passport's shape, which AniList v2 serves.
    return {"error": exc.error, "error_description": exc.description, "message": exc.description}


server = AuthorizationServer(TokenDialect.ANILIST, {"authorization_code"}, _render, _render_error)


def graphql_auth_error(exc: Unauthorized) -> tuple[int, dict[str, Any]]:
    """How the GraphQL dialect answers a bad token (400 ``Invalid token``) or none (401)."""
    if isinstance(exc, InvalidToken):
        status, message = 400, "Invalid token"
    else:
        status, message = 401, "Unauthorized."
    return status, {
        "data": None,
        "errors": [{"message": message, "status": status, "locations": []}],
    }


@router.get("/api/v2/oauth/authorize", include_in_schema=False)
async def oauth_authorize(request: Request) -> Response:
    """Start the code or implicit flow (consent page after login)."""
    return await authorize(request, "anilist")


@router.post("/api/v2/oauth/token")
async def oauth_token(request: Request) -> Response:
    """Exchange an authorization code (JSON or form body) for a one-year JWT."""
    return await server.create_token_response(request)
