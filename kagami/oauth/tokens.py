"""Access tokens (signed JWT + revocable jti row) and refresh tokens (random, hashed, rotated)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import NoReturn

import jwt
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.config import Settings
from kagami.db.base import now_epoch
from kagami.oauth.codes import digest
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.errors import InvalidGrant
from kagami.oauth.keys import ALGORITHM, SigningKey
from kagami.oauth.models import OAuthAccessToken, OAuthClient, OAuthRefreshToken
from kagami.observability import fingerprint, security_event

# The issuer of tokens minted outside HTTP (CLI, fixtures, the pytest plugin): a server accepts
# it beside its own base URL, so such a token works whatever host and port the server binds.
LOCAL_ISSUER = "urn:kagami:local"

AUDIENCE = {
    TokenDialect.ANILIST: "anilist",
    TokenDialect.ANILIST_V1: "anilist-v1",
    TokenDialect.MAL: "mal",
}


def access_lifetime(settings: Settings, dialect: TokenDialect) -> int:
    """Seconds an access token of ``dialect`` lives (AniList 1 year, v1 and MAL 1 hour)."""
    return {
        TokenDialect.ANILIST: settings.anilist_token_lifetime,
        TokenDialect.ANILIST_V1: settings.anilist_v1_token_lifetime,
        TokenDialect.MAL: settings.mal_token_lifetime,
    }[dialect]


@dataclass(frozen=True)
class IssuedTokens:
    """What a token endpoint hands back, before the dialect shapes it."""

    access_token: str
    expires_in: int
    expires_at: int
    refresh_token: str | None = None


class TokenIssuer:
    """Mints tokens with the app's signing key and lifetimes."""

    def __init__(self, settings: Settings, key: SigningKey, *, issuer: str | None = None) -> None:
        self.settings = settings
        self.key = key
        self.issuer = issuer

    async def issue(
        self,
        session: AsyncSession,
        *,
        client_id: int,
        user_id: int | None,
        dialect: TokenDialect,
        grant: GrantType,
        family_id: str | None = None,
        with_refresh: bool = False,
        scope: str = "",
    ) -> IssuedTokens:
        """Store a jti row, sign the JWT, and optionally add a refresh token in the same family."""
        now = now_epoch()
        lifetime = access_lifetime(self.settings, dialect)
        family = family_id or uuid.uuid4().hex
        jti = uuid.uuid4().hex
        row = OAuthAccessToken(
            jti=jti,
            client_id=client_id,
            user_id=user_id,
            dialect=dialect,
            grant_type=grant,
            scope=scope,
            expires_at=now + lifetime,
            family_id=family,
        )
        session.add(row)
        await session.flush()
        claims = {
            "iss": self.issuer or self.settings.base_url,
            "aud": AUDIENCE[dialect],
            "jti": jti,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
            "client_id": client_id,
        }
        if user_id is not None:
            claims["sub"] = str(user_id)
        token = jwt.encode(
            claims, self.key.private, algorithm=ALGORITHM, headers={"kid": self.key.kid}
        )
        refresh = None
        if with_refresh:
            refresh = secrets.token_urlsafe(48)
            expires = None
            if dialect == TokenDialect.MAL:
                expires = now + self.settings.mal_refresh_lifetime
            session.add(
                OAuthRefreshToken(
                    token_hash=digest(refresh),
                    access_token_id=row.id,
                    client_id=client_id,
                    user_id=user_id,
                    dialect=dialect,
                    scope=scope,
                    family_id=family,
                    expires_at=expires,
                )
            )
            await session.flush()
        return IssuedTokens(token, lifetime, now + lifetime, refresh)


MIN_FIXED_TOKEN = 16


async def store_fixed_token(
    session: AsyncSession,
    raw: str,
    *,
    client_id: int,
    user_id: int,
    dialect: TokenDialect,
    lifetime: int,
) -> bool:
    """Make ``raw`` a live access token (test fixtures): stored by digest, never as itself.

    A fixed token has no dot, so bearer checks tell it from a JWT. Returns True when the
    row was new; an existing one is pointed at this user and client and made live again.
    """
    if not fixed_token_shape(raw):
        raise ValueError(
            f"a fixed token is {MIN_FIXED_TOKEN} to 512 letters, digits, '-', '_' or '~'"
        )
    jti = digest(raw)
    row = await session.scalar(sa.select(OAuthAccessToken).where(OAuthAccessToken.jti == jti))
    expires_at = now_epoch() + lifetime
    if row is None:
        session.add(
            OAuthAccessToken(
                jti=jti,
                client_id=client_id,
                user_id=user_id,
                dialect=dialect,
                grant_type=GrantType.AUTHORIZATION_CODE,
                expires_at=expires_at,
                family_id=uuid.uuid4().hex,
            )
        )
    else:
        row.client_id, row.user_id, row.dialect = client_id, user_id, dialect
        row.expires_at, row.revoked_at = expires_at, None
    await session.flush()
    return row is None


_FIXED_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~")


def fixed_token_shape(raw: str) -> bool:
    """Whether ``raw`` could be a fixed token: 16-512 of letters, digits, ``-``, ``_``, ``~``."""
    return MIN_FIXED_TOKEN <= len(raw) <= 512 and _FIXED_CHARS.issuperset(raw)


async def use_refresh_token(
    session: AsyncSession,
    raw: str | None,
    client_id: int,
    *,
    single_use: bool = True,
    grace_seconds: int = 0,
) -> OAuthRefreshToken:
    """Burn a refresh token (one concurrent caller wins); reuse after ``grace_seconds`` revokes."""
    if not raw or len(raw) > 512:
        raise InvalidGrant("The refresh token is invalid.")
    now = now_epoch()
    token_hash = digest(raw)
    query = sa.select(OAuthRefreshToken).where(OAuthRefreshToken.token_hash == token_hash)
    if single_use:
        # Take the token's row lock before anything else: concurrent replays then queue on
        # this one row and see the winner's used_at, instead of locking the family's rows in
        # another order and deadlocking on PostgreSQL.
        query = query.with_for_update(key_share=True)
    row = await session.scalar(query)
    if row is None:
        raise InvalidGrant("The refresh token is invalid.")
    if row.client_id != client_id:  # another client's token: leave it untouched (RR-2)
        raise InvalidGrant("The refresh token was not issued to this client.")
    if row.revoked_at is not None:
        raise InvalidGrant("The refresh token has been revoked.")
    if row.expires_at is not None and row.expires_at <= now:
        raise InvalidGrant("The refresh token has expired.")
    if row.used_at is not None and single_use:
        if grace_seconds > 0 and now - row.used_at < grace_seconds:
            # A retry right after the first use (lost response): refuse, keep the family (RR-3).
            raise InvalidGrant("The refresh token has already been used.")
        await _revoke_reused(session, row, raw)
    if not single_use:
        return row
    result = await session.execute(
        sa.update(OAuthRefreshToken)
        .where(
            OAuthRefreshToken.id == row.id,
            OAuthRefreshToken.used_at.is_(None),
            OAuthRefreshToken.revoked_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if grace_seconds > 0:  # a concurrent caller burnt it just now: inside the window
            raise InvalidGrant("The refresh token has already been used.")
        await _revoke_reused(session, row, raw)
    return row


async def revoke_replayed(
    session: AsyncSession, event: str, family_id: str, raw: str, user_id: int | None, client_id: int
) -> None:
    """A single-use code or refresh token came back: revoke its grant's family, log it (OB-4)."""
    await revoke_family(session, family_id)
    security_event(event, user_id=user_id, client_id=client_id, token_fingerprint=fingerprint(raw))


async def _revoke_reused(session: AsyncSession, row: OAuthRefreshToken, raw: str) -> NoReturn:
    await revoke_replayed(session, "refresh_reused", row.family_id, raw, row.user_id, row.client_id)
    raise ReusedRefreshToken("The refresh token has already been used.")


class ReusedRefreshToken(InvalidGrant):  # type: ignore[misc,valid-type]
    """A rotated refresh token came back: the family is revoked and must stay revoked."""


async def _revoke_access(session: AsyncSession, *where: sa.ColumnElement[bool]) -> None:
    await session.execute(
        sa.update(OAuthAccessToken)
        .where(OAuthAccessToken.revoked_at.is_(None), *where)
        .values(revoked_at=now_epoch())
        .execution_options(synchronize_session=False)
    )


async def _revoke_refresh(session: AsyncSession, *where: sa.ColumnElement[bool]) -> None:
    await session.execute(
        sa.update(OAuthRefreshToken)
        .where(OAuthRefreshToken.revoked_at.is_(None), *where)
        .values(revoked_at=now_epoch())
        .execution_options(synchronize_session=False)
    )


async def revoke_family(session: AsyncSession, family_id: str) -> None:
    """Revoke every access and refresh token of one grant (code or refresh chain).

    Concurrent replays of one burnt token all land here; locking the family's rows in one
    fixed order (access by id, then refresh by id) first makes them queue instead of
    deadlocking on PostgreSQL. ``key_share`` (FOR NO KEY UPDATE) leaves foreign-key checks
    of in-flight inserts unblocked. SQLite ignores the locking clause.
    """
    for model in (OAuthAccessToken, OAuthRefreshToken):
        await session.execute(
            sa.select(model.id)
            .where(model.family_id == family_id)
            .order_by(model.id)
            .with_for_update(key_share=True)
        )
    await _revoke_access(session, OAuthAccessToken.family_id == family_id)
    await _revoke_refresh(session, OAuthRefreshToken.family_id == family_id)


async def revoke_user_tokens(
    session: AsyncSession, user_id: int, client_id: int | None = None
) -> None:
    """Revoke a user's tokens, for every client or just one ("revoke app")."""
    access = [OAuthAccessToken.user_id == user_id]
    refresh = [OAuthRefreshToken.user_id == user_id]
    if client_id is not None:
        access.append(OAuthAccessToken.client_id == client_id)
        refresh.append(OAuthRefreshToken.client_id == client_id)
    await _revoke_access(session, *access)
    await _revoke_refresh(session, *refresh)


async def revoke_client_tokens(session: AsyncSession, client_id: int) -> None:
    """Revoke everything a client holds (secret regenerated)."""
    await _revoke_access(session, OAuthAccessToken.client_id == client_id)
    await _revoke_refresh(session, OAuthRefreshToken.client_id == client_id)


@dataclass(frozen=True)
class ConnectedApp:
    """One client the user has live tokens for."""

    client_id: int
    name: str
    tokens: int
    last_issued: int


async def connected_apps(session: AsyncSession, user_id: int) -> list[ConnectedApp]:
    """Clients holding live access or refresh tokens for the user, for the account page."""
    now = now_epoch()
    live_access = sa.select(
        OAuthAccessToken.client_id.label("cid"), OAuthAccessToken.created_at.label("at")
    ).where(
        OAuthAccessToken.user_id == user_id,
        OAuthAccessToken.revoked_at.is_(None),
        OAuthAccessToken.expires_at > now,
    )
    live_refresh = sa.select(
        OAuthRefreshToken.client_id.label("cid"), OAuthRefreshToken.created_at.label("at")
    ).where(
        OAuthRefreshToken.user_id == user_id,
        OAuthRefreshToken.revoked_at.is_(None),
        OAuthRefreshToken.used_at.is_(None),
        sa.or_(OAuthRefreshToken.expires_at.is_(None), OAuthRefreshToken.expires_at > now),
    )
    live = sa.union_all(live_access, live_refresh).subquery()
    rows = await session.execute(
        sa.select(OAuthClient.id, OAuthClient.name, sa.func.count(), sa.func.max(live.c.at))
        .join(live, live.c.cid == OAuthClient.id)
        .group_by(OAuthClient.id, OAuthClient.name)
        .order_by(OAuthClient.name)
    )
    return [ConnectedApp(cid, name, count, last) for cid, name, count, last in rows]


async def purge_expired(session: AsyncSession) -> int:
    """Delete expired codes, access and refresh tokens; a purged token reads as never issued."""
    from kagami.oauth.models import OAuthAuthorizationCode

    now = now_epoch()
    deleted = 0
    for model in (OAuthAuthorizationCode, OAuthAccessToken, OAuthRefreshToken):
        expires = model.expires_at
        result = await session.execute(
            sa.delete(model)
            .where(expires.is_not(None), expires <= now)
            .execution_options(synchronize_session=False)
        )
        deleted += result.rowcount or 0  # type: ignore[attr-defined]
    return deleted
