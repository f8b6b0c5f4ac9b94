"""Viewer through a real bearer token: the one auth hook (context.resolve_viewer) end to end."""

from __future__ import annotations

import sqlalchemy as sa

from kagami.db import Database
from kagami.oauth.clients import ensure_builtin_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.models import OAuthClient
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.factories import make_user


async def _token(gql: GraphQLClient, database: Database, user_id: int) -> str:
    async with database.session() as s:
        await ensure_builtin_client(s)
        client_id = await s.scalar(sa.select(OAuthClient.id).limit(1))
        issued = await gql.app.state.token_issuer.issue(
            s,
            client_id=client_id,
            user_id=user_id,
            dialect=TokenDialect.ANILIST,
            grant=GrantType.AUTHORIZATION_CODE,
        )
    return str(issued.access_token)


async def test_viewer_with_a_valid_token_is_the_token_user(
    gql: GraphQLClient, database: Database
) -> None:
    async with database.session() as s:
        user = await make_user(s, name="Vera")
    token = await _token(gql, database, user.id)
    status, body = await gql("{ Viewer { id name } }", Authorization=f"Bearer {token}")
    assert status == 200
    assert body == {"data": {"Viewer": {"id": user.id, "name": "Vera"}}}


async def test_public_queries_accept_a_valid_token(gql: GraphQLClient, database: Database) -> None:
    async with database.session() as s:
        user = await make_user(s)
    token = await _token(gql, database, user.id)
    status, _ = await gql("{ GenreCollection }", Authorization=f"Bearer {token}")
    assert status == 200
