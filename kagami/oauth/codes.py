"""Authorization codes and PINs: 256 random bits, stored as SHA-256, single use, 10 minutes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.db.base import now_epoch
from kagami.oauth.enums import CodeKind, TokenDialect
from kagami.oauth.errors import InvalidGrant
from kagami.oauth.models import OAuthAuthorizationCode


def digest(raw: str) -> str:
    """SHA-256 hex: how codes, PINs and refresh tokens are stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


def code_family(code_id: int) -> str:
    """The token family every token minted from one code belongs to."""
    return f"code:{code_id}"


def s256(verifier: str) -> str:
    """RFC 7636 S256 transform: base64url(sha256(verifier)) without padding."""
    return (
        urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()
    )


async def issue_code(
    session: AsyncSession,
    *,
    client_id: int,
    user_id: int,
    kind: CodeKind,
    dialect: TokenDialect,
    redirect_uri: str | None,
    lifetime: int,
    scope: str = "",
    code_challenge: str | None = None,
    code_challenge_method: str | None = None,
) -> str:
    """Store a new code's hash and return the raw code (it is never stored)."""
    raw = secrets.token_urlsafe(32)
    session.add(
        OAuthAuthorizationCode(
            code_hash=digest(raw),
            client_id=client_id,
            user_id=user_id,
            kind=kind,
            dialect=dialect,
            redirect_uri=redirect_uri,
            scope=scope,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            expires_at=now_epoch() + lifetime,
        )
    )
    await session.flush()
    return raw


async def code_owner(session: AsyncSession, raw: str) -> int | None:
    """The user a live, unused code was issued to (for the PIN page)."""
    return await session.scalar(
        sa.select(OAuthAuthorizationCode.user_id).where(
            OAuthAuthorizationCode.code_hash == digest(raw),
            OAuthAuthorizationCode.used_at.is_(None),
            OAuthAuthorizationCode.expires_at > now_epoch(),
        )
    )


async def redeem_code(
    session: AsyncSession,
    raw: str | None,
    *,
    client_id: int,
    kind: CodeKind,
    dialect: TokenDialect,
    redirect_uri: str | None,
    code_verifier: str | None,
    check_redirect: bool = True,
    require_pkce: bool = False,
) -> OAuthAuthorizationCode:
    """Burn the code atomically, then check it; any mismatch leaves it burned (TK-1, TK-2, TK-3).

    A code redeems only at the token endpoint of the dialect whose authorize endpoint issued
    it, and a public client's code (``require_pkce``) only if it was bound to a PKCE challenge.

    ``UPDATE ... WHERE used_at IS NULL`` lets exactly one of N concurrent redemptions win;
    a second redemption revokes every token the first one minted.
    """
    if not raw or len(raw) > 512:
        raise InvalidGrant("The authorization code is invalid.")
    now = now_epoch()
    code_hash = digest(raw)
    result = await session.execute(
        sa.update(OAuthAuthorizationCode)
        .where(
            OAuthAuthorizationCode.code_hash == code_hash, OAuthAuthorizationCode.used_at.is_(None)
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    row = await session.scalar(
        sa.select(OAuthAuthorizationCode).where(OAuthAuthorizationCode.code_hash == code_hash)
    )
    if row is None:
        raise InvalidGrant("The authorization code is invalid.")
    if result.rowcount != 1:  # type: ignore[attr-defined]
        from kagami.oauth.tokens import revoke_replayed

        family = code_family(row.id)
        await revoke_replayed(session, "code_reused", family, raw, row.user_id, row.client_id)
        raise InvalidGrant("The authorization code has already been used.")
    if row.expires_at <= now:
        raise InvalidGrant("The authorization code has expired.")
    if row.client_id != client_id or row.kind != kind:
        raise InvalidGrant("The authorization code was not issued to this client.")
    if row.dialect != dialect:
        raise InvalidGrant("The authorization code was issued for another API.")
    if require_pkce and row.code_challenge is None:
        raise InvalidGrant("A public client's authorization code needs PKCE.")
    # Byte-equal to what the authorize request carried (which may have omitted it).
    if check_redirect and row.redirect_uri is not None and redirect_uri != row.redirect_uri:
        raise InvalidGrant("The redirect_uri does not match the authorization request.")
    _check_pkce(row, code_verifier)
    return row


def _check_pkce(row: OAuthAuthorizationCode, verifier: str | None) -> None:
    if row.code_challenge is None:
        if verifier:  # downgrade defence (RFC 9700 §4.8)
            raise InvalidGrant("No code_challenge was sent, so no code_verifier is expected.")
        return
    if not verifier:
        raise InvalidGrant("The code_verifier is missing.")
    try:
        expected = verifier if row.code_challenge_method == "plain" else s256(verifier)
    except UnicodeEncodeError:
        raise InvalidGrant("The code_verifier is invalid.") from None
    if not hmac.compare_digest(expected, row.code_challenge):
        raise InvalidGrant("The code_verifier does not match the code_challenge.")
