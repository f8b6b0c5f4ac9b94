"""The one bearer-token check every dialect uses: signature, claims, then the jti row.

A valid signature alone never authenticates: the stored row must be live, its client must
exist and its user must be active, so revocation takes effect on the very next request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache
from typing import Any

import jwt
import sqlalchemy as sa
from fastapi import Request
from jwt.types import Options
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.caching import BoundedCache
from kagami.db.base import now_epoch
from kagami.errors import InvalidToken, Unauthorized
from kagami.oauth.codes import digest
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.keys import ALGORITHM, Keyring, SigningKey, token_public_key
from kagami.oauth.models import OAuthAccessToken, OAuthClient
from kagami.oauth.tokens import AUDIENCE, LOCAL_ISSUER, fixed_token_shape

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


@cache
def _token_statement() -> Any:
    """The jti row look-up, built once: a Core SELECT of the columns checked, no ORM object.

    Built per call, the ORM statement cost more than everything else a cached read does.
    """
    token = OAuthAccessToken
    return (
        sa.select(
            token.revoked_at,
            token.expires_at,
            token.user_id,
            token.client_id,
            token.scope,
            token.grant_type,
            token.dialect,
            User.is_active.label("user_active"),
        )
        .join(OAuthClient, OAuthClient.id == token.client_id)
        .outerjoin(User, User.id == token.user_id)
        .where(token.jti == sa.bindparam("jti"))
    )


# Tokens whose signature one of our keys verified, by token: the rate limiter (which only
# needs the subject, before any SQL) and the bearer check share it, so a request verifies
# a token's Ed25519 signature at most once. A hit counts only for the very key object it
# verified with, so a retired key's tokens stop matching at once.
_SIGNED: BoundedCache[str, tuple[Any, Any, dict[str, Any]]] = BoundedCache(
    max_bytes=4 << 20, max_age=60.0
)
# Only the signature: time and audience claims are the caller's to check.
_SIGNATURE_ONLY: Options = {
    "verify_exp": False, "verify_nbf": False, "verify_iat": False,
    "verify_aud": False, "verify_iss": False,
}  # fmt: skip
_CLAIMS_ONLY: Options = {
    "verify_signature": False, "verify_exp": True, "verify_nbf": True, "verify_iat": True,
    "verify_aud": True, "verify_iss": True,
    "require": ["exp", "iat", "nbf", "jti", "aud", "iss"],
}  # fmt: skip


def signed_claims(keys: Keyring | SigningKey, token: str) -> dict[str, Any] | None:
    """The claims of a token one of our live keys signed (nothing else checked), else None."""
    if len(token) > MAX_TOKEN_BYTES:
        return None
    hit = _SIGNED.get(token)
    if hit is not None:
        kid, verified_with, claims = hit
        ring = keys if isinstance(keys, Keyring) else Keyring(keys)
        if ring.verification_key(kid) is verified_with:
            return claims
    public = token_public_key(keys, token)
    if public is None:
        return None
    try:
        claims = jwt.decode(token, public, algorithms=[ALGORITHM], options=_SIGNATURE_ONLY)
        kid = jwt.get_unverified_header(token).get("kid")
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    _SIGNED.put(token, (kid, public, claims), 2 * len(token) + 512)
    return claims


# Tokens whose signature and claims checked out, by (token, issuer, audiences): a client
# sends the same token with every request, and parsing it again cost more than the rest
# of a cached read. A hit still re-checks what time can change (the key's retirement,
# exp); the jti row is read on every request regardless, so revocation stays immediate.
_VERIFIED: BoundedCache[tuple[str, str, tuple[str, ...]], tuple[Any, Any, dict[str, Any]]] = (
    BoundedCache(max_bytes=4 << 20, max_age=60.0)
)


def _verified_claims(
    keys: Keyring | SigningKey, token: str, issuer: str, audiences: list[str]
) -> dict[str, Any]:
    """The token's claims once its signature, exp/nbf/iat, iss and aud check out."""
    cache_key = (token, issuer, tuple(audiences))
    ring = keys if isinstance(keys, Keyring) else Keyring(keys)
    hit = _VERIFIED.get(cache_key)
    if hit is not None:
        kid, verified_with, claims = hit
        if ring.verification_key(kid) is verified_with:
            if claims["exp"] <= time.time():  # as jwt.decode (no leeway)
                raise InvalidToken("expired")
            return claims
    if signed_claims(ring, token) is None:  # the signature, verified once per token
        raise InvalidToken("invalid")
    try:  # then the claims, from the same bytes
        claims = jwt.decode(
            token,
            algorithms=[ALGORITHM],
            audience=audiences,
            issuer=[issuer, LOCAL_ISSUER],
            options=_CLAIMS_ONLY,
        )
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.ExpiredSignatureError:
        raise InvalidToken("expired") from None
    except (jwt.PyJWTError, ValueError, TypeError):
        raise InvalidToken("invalid") from None
    _VERIFIED.put(cache_key, (kid, ring.verification_key(kid), claims), 2 * len(token) + 512)
    return claims


async def verify_access_token(
    session: AsyncSession,
    keys: Keyring | SigningKey,
    token: str,
    *,
    issuer: str,
    audience: TokenDialect | None = None,
) -> Principal:
    """Check signature (EdDSA only, key chosen by ``kid``), exp/nbf/iss/aud, then the jti row.

    ``issuer`` is the server's base URL; tokens minted locally (``LOCAL_ISSUER``) pass too.
    A token without a dot is a fixed fixture token, found by its digest. An unknown ``kid``
    or one naming a retired key (BT-8) is an invalid token.
    """
    if "." not in token:
        return await _fixed_token(session, token, audience)
    audiences = [AUDIENCE[audience]] if audience else list(AUDIENCE.values())
    claims = _verified_claims(keys, token, issuer, audiences)
    jti = claims.get("jti")
    if not isinstance(jti, str) or len(jti) > 64 or len(jti) == FIXED_JTI_LENGTH:
        raise InvalidToken("invalid")
    return await _live_row(session, jti, claims.get("sub"))


FIXED_JTI_LENGTH = 64  # a fixed token's row is keyed by its SHA-256 hex; JWT jtis are 32 hex


async def _fixed_token(
    session: AsyncSession, token: str, audience: TokenDialect | None
) -> Principal:
    """A fixture's fixed token: its row is keyed by the token's digest, and that is all it has."""
    if not fixed_token_shape(token):
        raise InvalidToken("invalid")  # no database look-up for what no fixture could store
    principal = await _live_row(session, digest(token), None)
    if audience is not None and principal.dialect != audience:
        raise InvalidToken("invalid")
    return principal


async def _live_row(session: AsyncSession, jti: str, subject: object) -> Principal:
    """The principal of a live token row; revoked, expired or orphaned rows are refused."""
    connection = await session.connection()
    record = (await connection.execute(_token_statement(), {"jti": jti})).first()
    if record is None:
        raise InvalidToken("revoked")  # purged, client deleted or user deleted
    if record.revoked_at is not None:
        raise InvalidToken("revoked")
    if record.expires_at <= now_epoch():
        raise InvalidToken("expired")
    if record.user_id is not None and not record.user_active:
        raise InvalidToken("revoked")
    fixed = len(jti) == FIXED_JTI_LENGTH
    if record.user_id is not None and not fixed and subject != str(record.user_id):
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
    session: AsyncSession | None = None,
) -> Principal | None:
    """Authenticate the request's bearer token for ``dialect`` (the web session is ignored).

    ``url_token`` (AniList v1 routes only, BT-7) also accepts v1's ``access_token`` URL
    parameter or header; sending it alongside ``Authorization`` is refused (RFC 6750 §2).
    Raises ``InvalidToken`` for a bad token and ``Unauthorized`` for a missing one if ``required``.
    The look-up runs in ``session`` when given (a route reading in one session), else in its own.
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
    keys, issuer = request.app.state.keyring, settings.base_url
    if session is not None:
        return await verify_access_token(session, keys, token, issuer=issuer, audience=audience)
    async with request.app.state.db.session() as own:
        return await verify_access_token(own, keys, token, issuer=issuer, audience=audience)
