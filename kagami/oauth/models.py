"""OAuth: registered clients, one-time codes/PINs, access tokens (by jti) and refresh tokens.

Secrets, codes, PINs and refresh tokens are stored only as hashes; access tokens are
signed JWTs whose ``jti`` row lets them be revoked and listed ("connected apps").
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kagami.accounts.models import User
from kagami.db.base import Base, enum_column, now_epoch
from kagami.oauth.enums import ClientType, CodeKind, GrantType, TokenDialect

_HASH = sa.String(128)  # hex digest of a secret; never the secret itself


class OAuthClient(Base):
    """A developer app: AniList-style integer id, MAL-style hex id, hashed secret, redirects."""

    __tablename__ = "oauth_clients"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    mal_client_id: Mapped[str] = mapped_column(sa.String(32), unique=True)  # 32 hex chars
    name: Mapped[str] = mapped_column(sa.String(128))
    owner_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    secret_hash: Mapped[str | None] = mapped_column(_HASH)  # None = public (PKCE-only) client
    # web = confidential (secret on every token request); android/ios/other = public.
    client_type: Mapped[ClientType] = mapped_column(
        enum_column(ClientType, length=8), default=ClientType.WEB
    )
    redirect_uris: Mapped[list[str]] = mapped_column(default=list)  # exact match
    allowed_grants: Mapped[list[str]] = mapped_column(default=list)  # GrantType values
    is_builtin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[int] = mapped_column(default=now_epoch)
    updated_at: Mapped[int] = mapped_column(default=now_epoch, onupdate=now_epoch)

    owner: Mapped[User | None] = relationship(lazy="raise")

    def allows(self, grant: GrantType) -> bool:
        """Whether this client may use ``grant``."""
        return grant.value in self.allowed_grants

    @property
    def is_public(self) -> bool:
        """A public client has no secret: its codes need PKCE, and it never authenticates."""
        return ClientType(self.client_type).is_public


class OAuthAuthorizationCode(Base):
    """A single-use authorization code or PIN, with its PKCE challenge if any."""

    __tablename__ = "oauth_authorization_codes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(_HASH, unique=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("oauth_clients.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CodeKind] = mapped_column(enum_column(CodeKind, length=8), default=CodeKind.CODE)
    # The authorize endpoint that issued it: only that dialect's token endpoint redeems it.
    dialect: Mapped[TokenDialect] = mapped_column(enum_column(TokenDialect, length=16))
    redirect_uri: Mapped[str | None] = mapped_column(sa.String(2048))  # must match at exchange
    scope: Mapped[str] = mapped_column(sa.String(512), default="")
    code_challenge: Mapped[str | None] = mapped_column(sa.String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(sa.String(8))  # plain | S256
    expires_at: Mapped[int] = mapped_column(index=True)  # purge job
    used_at: Mapped[int | None] = mapped_column()  # set once; reuse revokes issued tokens
    created_at: Mapped[int] = mapped_column(default=now_epoch)

    client: Mapped[OAuthClient] = relationship(lazy="raise")


class OAuthAccessToken(Base):
    """The revocable record of one issued JWT access token, looked up by its ``jti``."""

    __tablename__ = "oauth_access_tokens"
    __table_args__ = (
        # "Connected apps": a user's live tokens grouped by client.
        sa.Index(None, "user_id", "client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    jti: Mapped[str] = mapped_column(sa.String(64), unique=True)
    client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("oauth_clients.id", ondelete="CASCADE"), index=True
    )
    # None for client_credentials tokens, which act as no user.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    dialect: Mapped[TokenDialect] = mapped_column(enum_column(TokenDialect, length=16))
    # Tokens minted from one code (or one refresh chain) share this id, so code reuse or
    # refresh-token reuse can revoke them together.
    family_id: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    grant_type: Mapped[GrantType] = mapped_column(enum_column(GrantType))
    scope: Mapped[str] = mapped_column(sa.String(512), default="")
    expires_at: Mapped[int] = mapped_column(index=True)
    revoked_at: Mapped[int | None] = mapped_column()
    created_at: Mapped[int] = mapped_column(default=now_epoch)
    last_used_at: Mapped[int | None] = mapped_column()

    client: Mapped[OAuthClient | None] = relationship(lazy="raise")
    user: Mapped[User | None] = relationship(lazy="raise")


class OAuthRefreshToken(Base):
    """A hashed, single-use refresh token; rotation keeps ``family_id`` for reuse detection."""

    __tablename__ = "oauth_refresh_tokens"
    __table_args__ = (sa.Index(None, "user_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(_HASH, unique=True)
    # SET NULL: the access-token row may be purged long before the refresh token expires.
    access_token_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("oauth_access_tokens.id", ondelete="SET NULL"), index=True
    )
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("oauth_clients.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    dialect: Mapped[TokenDialect] = mapped_column(enum_column(TokenDialect, length=16))
    scope: Mapped[str] = mapped_column(sa.String(512), default="")
    # Every token rotated from the same original grant shares this id; presenting a
    # used one revokes the whole family.
    family_id: Mapped[str] = mapped_column(sa.String(64), index=True)
    expires_at: Mapped[int | None] = mapped_column(index=True)  # None = no expiry (v1)
    used_at: Mapped[int | None] = mapped_column()  # rotated: exchanged for a new pair
    revoked_at: Mapped[int | None] = mapped_column()
    created_at: Mapped[int] = mapped_column(default=now_epoch)

    access_token: Mapped[OAuthAccessToken | None] = relationship(lazy="raise")
    client: Mapped[OAuthClient] = relationship(lazy="raise")
