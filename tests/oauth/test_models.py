"""OAuth models: unique client ids, codes, jtis and refresh tokens; owner/user deletion."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kagami.accounts.models import User
from kagami.db.base import now_epoch
from kagami.oauth.enums import CodeKind, GrantType, TokenDialect
from kagami.oauth.models import (
    OAuthAccessToken,
    OAuthAuthorizationCode,
    OAuthClient,
    OAuthRefreshToken,
)

Sessions = async_sessionmaker[AsyncSession]
HEX = "0123456789abcdef" * 2


async def _add(session_factory: Sessions, *rows: object) -> None:
    async with session_factory() as session, session.begin():
        session.add_all(rows)


@pytest.fixture
async def owner_and_client(session_factory: Sessions) -> tuple[int, int]:
    """A user and a client they own."""
    user = User(name="dev")
    await _add(session_factory, user)
    client = OAuthClient(
        mal_client_id=HEX,
        name="App",
        owner_user_id=user.id,
        redirect_uris=["https://app.example/cb"],
        allowed_grants=[GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN],
    )
    await _add(session_factory, client)
    return user.id, client.id


def _access(client_id: int | None, user_id: int | None, jti: str) -> OAuthAccessToken:
    return OAuthAccessToken(
        jti=jti,
        client_id=client_id,
        user_id=user_id,
        dialect=TokenDialect.ANILIST,
        grant_type=GrantType.AUTHORIZATION_CODE,
        expires_at=now_epoch() + 3600,
    )


async def test_mal_client_id_is_unique(
    session_factory: Sessions, owner_and_client: tuple[int, int]
) -> None:
    with pytest.raises(IntegrityError):
        await _add(session_factory, OAuthClient(mal_client_id=HEX, name="Copy"))


async def test_client_ids_are_integers_and_grants_checkable(
    session_factory: Sessions, owner_and_client: tuple[int, int]
) -> None:
    async with session_factory() as session:
        client = await session.get(OAuthClient, owner_and_client[1])
    assert client is not None and isinstance(client.id, int)
    assert client.allows(GrantType.REFRESH_TOKEN)
    assert not client.allows(GrantType.PASSWORD)


async def test_code_hash_is_unique(
    session_factory: Sessions, owner_and_client: tuple[int, int]
) -> None:
    user_id, client_id = owner_and_client

    def code(kind: CodeKind) -> OAuthAuthorizationCode:
        return OAuthAuthorizationCode(
            code_hash="h1",
            client_id=client_id,
            user_id=user_id,
            kind=kind,
            dialect=TokenDialect.MAL,
            expires_at=1,
        )

    await _add(session_factory, code(CodeKind.CODE))
    with pytest.raises(IntegrityError):
        await _add(session_factory, code(CodeKind.PIN))


async def test_jti_is_unique_and_client_credentials_need_no_user(
    session_factory: Sessions, owner_and_client: tuple[int, int]
) -> None:
    user_id, client_id = owner_and_client
    await _add(session_factory, _access(client_id, user_id, "j1"), _access(client_id, None, "j2"))
    with pytest.raises(IntegrityError):
        await _add(session_factory, _access(client_id, user_id, "j1"))


async def test_refresh_token_hash_is_unique(
    session_factory: Sessions, owner_and_client: tuple[int, int]
) -> None:
    user_id, client_id = owner_and_client

    def refresh(family: str) -> OAuthRefreshToken:
        return OAuthRefreshToken(
            token_hash="r1",
            client_id=client_id,
            user_id=user_id,
            dialect=TokenDialect.MAL,
            family_id=family,
        )

    await _add(session_factory, refresh("f1"))
    with pytest.raises(IntegrityError):
        await _add(session_factory, refresh("f2"))


async def test_deleting_owner_keeps_client_but_drops_their_tokens(
    session_factory: Sessions, owner_and_client: tuple[int, int]
) -> None:
    user_id, client_id = owner_and_client
    access = _access(client_id, user_id, "j1")
    await _add(session_factory, access)
    await _add(
        session_factory,
        OAuthRefreshToken(
            token_hash="r1",
            access_token_id=access.id,
            client_id=client_id,
            user_id=user_id,
            dialect=TokenDialect.ANILIST,
            family_id="f1",
        ),
    )
    async with session_factory() as session, session.begin():
        await session.execute(sa.delete(User).where(User.id == user_id))
    async with session_factory() as session:
        client = await session.get(OAuthClient, client_id)
        assert client is not None and client.owner_user_id is None
        for model in (OAuthAccessToken, OAuthRefreshToken):
            assert await session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
