"""Verified bearer tokens are remembered; a remembered one is refused exactly when it would be."""

from __future__ import annotations

import pytest

from kagami.config import Settings
from kagami.db import Database
from kagami.errors import InvalidToken
from kagami.oauth.bearer import verify_access_token
from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID, find_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.keys import load_keyring, load_signing_key, rotate_signing_key
from kagami.oauth.setup import ensure_builtin
from kagami.oauth.tokens import TokenIssuer
from tests.factories import make_user


async def _mal_token(settings: Settings, database: Database) -> tuple[str, int]:
    await ensure_builtin(database)
    async with database.session() as s:
        user = await make_user(s)
        client = await find_client(s, BUILTIN_MAL_CLIENT_ID)
        assert client is not None
        issued = await TokenIssuer(settings, load_signing_key(settings)).issue(
            s,
            client_id=client.id,
            user_id=user.id,
            dialect=TokenDialect.MAL,
            grant=GrantType.PASSWORD,
        )
    return issued.access_token, user.id


async def test_a_remembered_token_is_refused_once_its_key_retires(
    settings: Settings, database: Database
) -> None:
    token, user_id = await _mal_token(settings, database)
    rotate_signing_key(settings, 3600)  # the token's key now verifies for another hour
    keyring = load_keyring(settings)
    for _ in range(2):  # verified, then answered from memory
        async with database.session() as s:
            principal = await verify_access_token(s, keyring, token, issuer=settings.base_url)
        assert principal.user_id == user_id
    ((kid, (old_key, _retires)),) = keyring.previous.items()
    keyring.previous[kid] = (old_key, 1)  # the retirement time has passed
    async with database.session() as s:
        with pytest.raises(InvalidToken):
            await verify_access_token(s, keyring, token, issuer=settings.base_url)


async def test_a_remembered_token_still_needs_the_right_audience_and_issuer(
    settings: Settings, database: Database
) -> None:
    token, _ = await _mal_token(settings, database)
    keys = load_signing_key(settings)
    async with database.session() as s:
        await verify_access_token(
            s, keys, token, issuer=settings.base_url, audience=TokenDialect.MAL
        )
        with pytest.raises(InvalidToken):
            await verify_access_token(
                s, keys, token, issuer=settings.base_url, audience=TokenDialect.ANILIST
            )
        with pytest.raises(InvalidToken):
            await verify_access_token(s, keys, token, issuer="https://elsewhere.example")
