"""Apps with a rate limit of the test's own, and clients coming from a chosen address."""

from __future__ import annotations

from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.clients import ensure_builtin_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.models import OAuthClient
from tests.factories import make_one_of_each

QUERY = {"query": "{ Media(id: 1) { id } }"}


def limited_app(settings: Settings, database: Database, limit: str, **update: Any) -> FastAPI:
    """The app with ``rate_limit=limit`` (and any other settings in ``update``)."""
    return create_app(settings.model_copy(update={"rate_limit": limit, **update}), database)


def client_from(app: FastAPI, ip: str = "10.0.0.1") -> httpx.AsyncClient:
    """An in-process client of ``app`` whose requests come from peer address ``ip``."""
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def access_token(app: Any, database: Database, user_id: int) -> str:
    """A real access token of ``user_id`` (signed by the app's key)."""
    async with database.session() as session:
        await ensure_builtin_client(session)
        client_id = await session.scalar(sa.select(OAuthClient.id).limit(1))
        issued = await app.state.token_issuer.issue(
            session,
            client_id=client_id,
            user_id=user_id,
            dialect=TokenDialect.ANILIST,
            grant=GrantType.AUTHORIZATION_CODE,
        )
    return str(issued.access_token)


async def seed_ids(database: Database, count: int = 2) -> None:
    """Users, media and the rest with ids 1..``count``, committed."""
    async with database.sessionmaker() as session:
        await make_one_of_each(session, count=count)
        await session.commit()
