"""MAL OAuth: v2 authorize with PKCE, /v1/oauth2/token, and v0.21's password-grant endpoint."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kagami.oauth.enums import TokenDialect
from kagami.oauth.errors import OAuthError
from kagami.oauth.server import AuthorizationServer
from kagami.oauth.tokens import IssuedTokens
from kagami.web.authorize import authorize

router = APIRouter(tags=["MyAnimeList OAuth"])


def _render(issued: IssuedTokens, _dialect: TokenDialect) -> dict[str, Any]:
    return {
        "token_type": "Bearer",
        "expires_in": issued.expires_in,
        "access_token": issued.access_token,
        "refresh_token": issued.refresh_token,
    }


def _render_error(exc: OAuthError) -> dict[str, Any]:
    return {"error": exc.error, "message": exc.description}


v2_server = AuthorizationServer(
    TokenDialect.MAL, {"authorization_code", "refresh_token"}, _render, _render_error
)
legacy_server = AuthorizationServer(
    TokenDialect.MAL, {"password", "refresh_token"}, _render, _render_error
)


@router.get("/v1/oauth2/authorize", include_in_schema=False)
async def oauth2_authorize(request: Request) -> Response:
    """Start MAL's authorization-code flow (PKCE required: plain or S256)."""
    return await authorize(request, "mal")


@router.post("/v1/oauth2/token")
async def oauth2_token(request: Request) -> Response:
    """authorization_code (+ code_verifier) and refresh_token (rotated)."""
    return await v2_server.create_token_response(request)


@router.post("/v0.21/auth/token")
async def legacy_token(request: Request) -> Response:
    """Seed 002's password grant and its refresh, for v0.21 apps."""
    return await legacy_server.create_token_response(request)
