"""OAuth enums: grants a client may use, code kinds, and which dialect issued a token."""

from __future__ import annotations

import enum


class GrantType(enum.StrEnum):
    """A grant a client may be allowed to use (stored in ``oauth_clients.allowed_grants``)."""

    AUTHORIZATION_CODE = "authorization_code"
    IMPLICIT = "implicit"
    PIN = "pin"  # v1 authorization_pin
    CLIENT_CREDENTIALS = "client_credentials"
    PASSWORD = "password"  # MAL v0.21 /auth/token
    REFRESH_TOKEN = "refresh_token"
    PKCE_PLAIN = "pkce_plain"  # MAL apps send code_challenge_method=plain


class ClientType(enum.StrEnum):
    """MAL's app types: ``web`` is confidential (has a secret); the rest are public (PKCE)."""

    WEB = "web"
    ANDROID = "android"
    IOS = "ios"
    OTHER = "other"

    @property
    def is_public(self) -> bool:
        """Whether the client has no secret and must prove itself with PKCE instead."""
        return self is not ClientType.WEB


class CodeKind(enum.StrEnum):
    """Whether a one-time code goes back by redirect or is shown to the user as a PIN."""

    CODE = "code"
    PIN = "pin"


class TokenDialect(enum.StrEnum):
    """Which dialect's token endpoint issued a token (its shape and lifetime follow)."""

    ANILIST = "anilist"  # GraphQL v2
    ANILIST_V1 = "anilist_v1"
    MAL = "mal"  # v2 and v0.21
