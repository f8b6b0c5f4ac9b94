"""The one bearer-token check every dialect uses: signature, claims, then the jti row.

A valid signature alone never authenticates: the stored row must be live, its client must
exist and its user must be active, so revocation takes effect on the very next request.
"""

from __future__ import annotations

from dataclasses import dataclass

import jwt
import sqlalchemy as sa
from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.db.base import now_epoch
from kagami.errors import InvalidToken, Unauthorized
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.keys import ALGORITHM, Keyring, SigningKey, token_public_key
from kagami.oauth.models import OAuthAccessToken, OAuthClient
from kagami.oauth.tokens import AUDIENCE

MAX_TOKEN_BYTES = 8192


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: a user (None for client_credentials) through a client."""

    user_id: int | None
    client_id: int | None
    scopes: tuple[str, ...]
    grant: GrantType
    dialect: TokenDialect


def bearer_token(request: Request) -> str | None:
    """The ``Authorization: Bearer`` token; None when absent, ``InvalidToken`` when malformed."""
    values = request.headers.getlist("authorization")
    if not values:
        return None
    if len(values) > 1:
        raise InvalidToken("invalid")
    scheme, _, token = values[0].strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_BYTES or " " in token:
        raise InvalidToken("invalid")
    return token


# Prebuilt: every authenticated request runs it, and building it costs more than running it.
_TOKEN_ROW = (
    sa.select(OAuthAccessToken, OAuthClient.id, User.is_active)
    .join(OAuthClient, OAuthClient.id == OAuthAccessToken.client_id)
    .outerjoin(User, User.id == OAuthAccessToken.user_id)
    .where(OAuthAccessToken.jti == sa.bindparam("jti"))
)


async def verify_access_token(
    session: AsyncSession,
    keys: Keyring | SigningKey,
    token: str,
    *,
    issuer: str,
    audience: TokenDialect | None = None,
) -> Principal:
    """Check signature (EdDSA only, key chosen by ``kid``), exp/nbf/iss/aud, then the jti row.

    An unknown ``kid`` or one naming a retired key (BT-8) is an invalid token.
    """
    audiences = [AUDIENCE[audience]] if audience else list(AUDIENCE.values())
    public = token_public_key(keys, token)
    if public is None:
        raise InvalidToken("invalid")
    try:
        claims = jwt.decode(
            token,
            public,
            algorithms=[ALGORITHM],
            audience=audiences,
            issuer=issuer,
            options={"require": ["exp", "iat", "nbf", "jti", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise InvalidToken("expired") from None
    except (jwt.PyJWTError, ValueError, TypeError):
        raise InvalidToken("invalid") from None
    jti = claims.get("jti")
    if not isinstance(jti, str) or len(jti) > 64:
        raise InvalidToken("invalid")
    row = (await session.execute(_TOKEN_ROW, {"jti": jti})).first()
    if row is None:
        raise InvalidToken("revoked")  # purged, client deleted or user deleted
    record, _client, user_active = row
    if record.revoked_at is not None:
        raise InvalidToken("revoked")
    if record.expires_at <= now_epoch():
        raise InvalidToken("expired")
    if record.user_id is not None and not user_active:
        raise InvalidToken("revoked")
    if record.user_id is not None and claims.get("sub") != str(record.user_id):
        raise InvalidToken("invalid")
    return Principal(
        user_id=record.user_id,
        client_id=record.client_id,
        scopes=tuple(record.scope.split()),
        grant=record.grant_type,
        dialect=record.dialect,
    )


def v1_url_token(request: Request) -> str | None:
    """AniList v1's ``access_token`` URL parameter or request header; only v1 routes ask."""
    values = request.query_params.getlist("access_token") + request.headers.getlist("access_token")
    if not values:
        return None
    token = values[0].strip()
    if len(values) > 1 or not token or len(token) > MAX_TOKEN_BYTES or " " in token:
        raise InvalidToken("invalid")
    return token


async def authenticate_bearer(
    request: Request,
    *,
    dialect: TokenDialect | None = None,
    required: bool = True,
    url_token: bool = False,
) -> Principal | None:
    """Authenticate the request's bearer token for ``dialect`` (the web session is ignored).

    ``url_token`` (AniList v1 routes only, BT-7) also accepts v1's ``access_token`` URL
    parameter or header; sending it alongside ``Authorization`` is refused (RFC 6750 §2).
    Raises ``InvalidToken`` for a bad token and ``Unauthorized`` for a missing one if ``required``.
    """
    token = bearer_token(request)
    if url_token:
        alternative = v1_url_token(request)
        if alternative is not None:
            if token is not None:
                raise InvalidToken("invalid")
            token = alternative
    if token is None:
        if required:
            raise Unauthorized("Authentication required.")
        return None
    settings = request.app.state.settings
    audience = None if settings.cross_dialect_tokens else dialect
    async with request.app.state.db.session() as session:
        return await verify_access_token(
            session,
            request.app.state.keyring,
            token,
            issuer=settings.base_url,
            audience=audience,
        )
