"""Which requests are rate limited, and whose bucket they count against (token > client > IP)."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import Scope

from kagami.dialects.mal.auth import KNOWN_CLIENTS_STATE
from kagami.http.surfaces import API, surface_of_scope
from kagami.oauth.bearer import signed_claims


def is_limited(scope: Scope) -> bool:
    """Whether the request is an API call (GraphQL, v1 REST, MAL) rather than a page or login.

    Token and code endpoints have their own failure throttles (kagami.accounts.throttle).
    """
    return surface_of_scope(scope) in API


def _digest(value: str) -> str:
    # Fixed length whatever the caller sends, and no secret is kept in the limiter's storage.
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _query_token(scope: Scope) -> str | None:
    # AniList v1 also takes the token as a URL parameter on its /api routes.
    query = scope.get("query_string", b"")
    if not scope["path"].startswith("/api/") or b"access_token=" not in query:
        return None
    for key, value in parse_qsl(query.decode("latin-1")):
        if key == "access_token" and value:
            return value
    return None


def _state(scope: Scope) -> Any:
    return getattr(scope.get("app"), "state", None)


def _token_bucket(scope: Scope, token: str) -> str | None:
    """The bucket of a token we signed: its subject (new tokens share it), else the token.

    Only the signature is checked (no SQL), through the bearer check's cache, so the
    request's own authentication does not verify it again. A forged or foreign token
    names no bucket: sending random tokens cannot dodge the caller's address bucket.
    """
    keyring = getattr(_state(scope), "keyring", None)
    claims = signed_claims(keyring, token) if keyring is not None else None
    if claims is None:
        return None
    if isinstance(subject := claims.get("sub"), str) and subject:
        return "user:" + _digest(subject)
    return "token:" + _digest(token)  # a client-credentials token: no user


def _client_bucket(scope: Scope, client_id: str) -> str | None:
    """The bucket of a registered client's ``X-MAL-CLIENT-ID``; None for any other id.

    Known ids are those the MAL routes recently looked up and found (their cache, no SQL
    here): random ids then count against the address, so they cannot dodge it.
    """
    key = client_id.strip().lower()
    known = getattr(_state(scope), KNOWN_CLIENTS_STATE, None)
    if known is None or known.get(key) is None:
        return None
    return "client:" + _digest(key)


def bucket_key(scope: Scope) -> str:
    """The caller's bucket: its token's user, else its OAuth client id, else its peer address."""
    authorization = _header(scope, b"authorization")
    token = None
    if authorization:
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            token = value.strip()
    token = token or _query_token(scope)
    if token and (bucket := _token_bucket(scope, token)):
        return bucket
    client_id = _header(scope, b"x-mal-client-id")
    if client_id and (bucket := _client_bucket(scope, client_id)):
        return bucket
    client = scope.get("client")
    return "ip:" + _digest(client[0] if client else "unknown")
