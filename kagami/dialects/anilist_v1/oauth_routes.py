"""AniList v1 (2017) auth: authorize (code or PIN), access_token (four grants), current user."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kagami.oauth.enums import TokenDialect
from kagami.oauth.errors import OAuthError
from kagami.oauth.server import AuthorizationServer
from kagami.oauth.tokens import IssuedTokens
from kagami.web.authorize import authorize

router = APIRouter(tags=["AniList v1"])


def _render(issued: IssuedTokens, _dialect: TokenDialect) -> dict[str, Any]:
    body: dict[str, Any] = {
        "access_token": issued.access_token,
        "token_type": "bearer",
        "expires": issued.expires_at,
        "expires_in": issued.expires_in,
    }
    if issued.refresh_token is not None:
        body["refresh_token"] = issued.refresh_token
    return body


def _render_error(exc: OAuthError) -> dict[str, Any]:
    return {"error": exc.error, "error_description": exc.description}


server = AuthorizationServer(
    TokenDialect.ANILIST_V1,
    {"authorization_code", "authorization_pin", "client_credentials", "refresh_token"},
    _render,
    _render_error,
    query_credentials=True,  # v1 documents URL params
)


@router.get("/api/auth/authorize", include_in_schema=False)
async def auth_authorize(request: Request) -> Response:
    """Ask the user to approve the client; result by redirect (code) or on screen (pin)."""
    return await authorize(request, "anilist_v1")


@router.post("/api/auth/access_token")
async def access_token(request: Request) -> Response:
    """Token endpoint: authorization_code, authorization_pin, client_credentials, refresh_token."""
    return await server.create_token_response(request)
