"""Wire the auth services onto ``app.state`` and make sure the built-in client exists."""

from __future__ import annotations

from fastapi import FastAPI

from kagami.accounts.passwords import Passwords
from kagami.accounts.throttle import LoginThrottle
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.clients import ensure_builtin_client
from kagami.oauth.keys import load_keyring, load_session_secret
from kagami.oauth.tokens import TokenIssuer


def install_auth_state(app: FastAPI, settings: Settings) -> None:
    """Load (or create) the keys and build the shared hasher, throttle and token issuer.

    The keyring is read once here: after ``kagami keys rotate``, restart the server.
    """
    keyring = load_keyring(settings)
    key = keyring.current
    app.state.keyring = keyring
    app.state.signing_key = key
    app.state.session_secret = load_session_secret(settings)
    app.state.token_issuer = TokenIssuer(settings, key)
    app.state.passwords = Passwords(
        settings.password_hash_profile, settings.password_hash_concurrency
    )
    app.state.login_throttle = LoginThrottle(
        settings.login_max_failures,
        settings.login_lockout_seconds,
        max_bytes=settings.throttle_max_bytes,
    )
    app.state.token_throttle = LoginThrottle(
        settings.token_max_failures,
        settings.login_lockout_seconds,
        max_bytes=settings.throttle_max_bytes,
    )
    app.state.register_throttle = LoginThrottle(  # counts every attempt, not failures
        settings.register_max_per_ip,
        settings.login_lockout_seconds,
        max_bytes=settings.throttle_max_bytes,
    )


async def ensure_builtin(database: Database) -> None:
    """Idempotently create seed 002's well-known MAL client."""
    async with database.session() as session:
        await ensure_builtin_client(session)
