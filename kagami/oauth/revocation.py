"""RFC 7009 revocation and RFC 7662 introspection, for confidential clients (RR-6, RR-7).

Both need client authentication (Basic or ``client_id``/``client_secret`` in the form).
A client only ever sees or revokes its own tokens: another client's token is refused on
revoke and reads as ``{"active": false}`` on introspect.
"""

from __future__ import annotations

from typing import Any

import jwt
import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.db.base import now_epoch
from kagami.errors import Unauthorized
from kagami.oauth.bearer import verify_access_token
from kagami.oauth.clients import find_client, secret_matches
from kagami.oauth.codes import digest
from kagami.oauth.enums import TokenDialect
from kagami.oauth.errors import InvalidClient, InvalidRequest, OAuthError, UnauthorizedClient
from kagami.oauth.keys import ALGORITHM, token_public_key
from kagami.oauth.models import OAuthAccessToken, OAuthClient, OAuthRefreshToken
from kagami.oauth.server import NO_STORE, AuthorizationServer
from kagami.oauth.tokens import fixed_token_shape, revoke_family
from kagami.observability import fingerprint, security_event

router = APIRouter(tags=["OAuth"])
# Only its request parsing is used: form or JSON body, Basic credentials, none in the URL.
_parser = AuthorizationServer(TokenDialect.MAL, set(), lambda *_: {}, lambda _: {})


def _reply(status: int, body: dict[str, Any], basic: bool = False) -> JSONResponse:
    headers = dict(NO_STORE)
    if basic and status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="kagami"'
    return JSONResponse(body, status_code=status, headers=headers)


def _error(exc: OAuthError, basic: bool) -> JSONResponse:
    """RFC 6749 §5.2's error shape, which RFC 7009 and RFC 7662 use."""
    body = {"error": exc.error, "error_description": exc.description}
    return _reply(exc.status_code, body, basic)


async def _authenticated_client(
    request: Request, session: AsyncSession
) -> tuple[OAuthClient, dict[str, str]]:
    parsed = await _parser.create_oauth2_request(request)
    client_id, secret = parsed.client_credentials()
    client = await find_client(session, client_id)
    if client is None or not secret_matches(client, secret):
        raise InvalidClient("Client authentication failed.")
    return client, parsed.params


def _jti(request: Request, token: str) -> str | None:
    """The row key of an access token: a JWT's ``jti`` (expired or not, signature still
    checked), or a fixture's fixed token's digest, so both revoke and introspect alike."""
    if "." not in token:
        return digest(token) if fixed_token_shape(token) else None
    public = token_public_key(request.app.state.keyring, token)
    if public is None:
        return None
    try:
        claims = jwt.decode(
            token,
            public,
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_aud": False, "verify_nbf": False},
        )
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    jti = claims.get("jti")
    return jti if isinstance(jti, str) else None


def _revoked(kind: str, user_id: int | None, client_id: int, token: str) -> None:
    security_event(
        "token_revoked",
        level="info",
        user_id=user_id,
        client_id=client_id,
        kind=kind,
        token_fingerprint=fingerprint(token),
    )


@router.post("/oauth/revoke")
async def revoke(request: Request) -> JSONResponse:
    """Revoke a refresh token (and its grant's access tokens) or one access token."""
    basic = request.headers.get("authorization", "")[:6].lower() == "basic "
    try:
        async with request.app.state.db.session() as session:
            client, params = await _authenticated_client(request, session)
            token = params.get("token") or ""
            if not token or len(token) > 8192:
                raise InvalidRequest("The token parameter is required.")
            refresh = await session.scalar(
                sa.select(OAuthRefreshToken).where(OAuthRefreshToken.token_hash == digest(token))
            )
            if refresh is not None:
                if refresh.client_id != client.id:
                    raise UnauthorizedClient("The token was not issued to this client.")
                await revoke_family(session, refresh.family_id)
                _revoked("refresh", refresh.user_id, client.id, token)
                return _reply(200, {})
            jti = _jti(request, token)
            access = None
            if jti is not None:
                access = await session.scalar(
                    sa.select(OAuthAccessToken).where(OAuthAccessToken.jti == jti)
                )
            if access is not None:
                if access.client_id != client.id:
                    raise UnauthorizedClient("The token was not issued to this client.")
                if access.revoked_at is None:
                    access.revoked_at = now_epoch()
                    _revoked("access", access.user_id, client.id, token)
    except OAuthError as exc:
        return _error(exc, basic)
    return _reply(200, {})  # unknown, expired and already-revoked tokens alike (RFC 7009 §2.2)


@router.post("/oauth/introspect")
async def introspect(request: Request) -> JSONResponse:
    """Whether a token is live, for the client it was issued to; anything else is inactive."""
    basic = request.headers.get("authorization", "")[:6].lower() == "basic "
    inactive: dict[str, Any] = {"active": False}
    try:
        async with request.app.state.db.session() as session:
            client, params = await _authenticated_client(request, session)
            token = params.get("token") or ""
            if not token or len(token) > 8192:
                return _reply(200, inactive)
            now = now_epoch()
            refresh = await session.scalar(
                sa.select(OAuthRefreshToken).where(OAuthRefreshToken.token_hash == digest(token))
            )
            if refresh is not None:
                live = (
                    refresh.client_id == client.id
                    and refresh.revoked_at is None
                    and refresh.used_at is None
                    and (refresh.expires_at is None or refresh.expires_at > now)
                )
                if not live:
                    return _reply(200, inactive)
                body = {
                    "active": True,
                    "client_id": str(client.id),
                    "token_type": "refresh_token",
                    "scope": refresh.scope,
                    "iat": refresh.created_at,
                }
                if refresh.user_id is not None:
                    body["sub"] = str(refresh.user_id)
                if refresh.expires_at is not None:
                    body["exp"] = refresh.expires_at
                return _reply(200, body)
            try:
                principal = await verify_access_token(
                    session,
                    request.app.state.keyring,
                    token,
                    issuer=request.app.state.settings.base_url,
                )
            except Unauthorized:
                return _reply(200, inactive)
            jti = _jti(request, token)
            row = None
            if principal.client_id == client.id and jti is not None:
                row = await session.scalar(
                    sa.select(OAuthAccessToken).where(OAuthAccessToken.jti == jti)
                )
            if row is None:
                return _reply(200, inactive)
            body = {
                "active": True,
                "client_id": str(client.id),
                "token_type": "access_token",
                "scope": row.scope,
                "exp": row.expires_at,
                "iat": row.created_at,
            }
            if principal.user_id is not None:
                body["sub"] = str(principal.user_id)
            return _reply(200, body)
    except OAuthError as exc:
        return _error(exc, basic)
