"""Fixtures for the social mutation tests: the small social graph and its users, signed in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from kagami.db import Database
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.dialects.anilist_graphql.mutations_social.support import Caller, caller
from tests.dialects.anilist_graphql.social_data import Social, build_social


@pytest.fixture
async def social(database: Database) -> Social:
    """alice, bob, carol and dave (a moderator) with their activities, replies and likes."""
    return await build_social(database)


@pytest.fixture
async def who(
    gql: GraphQLClient, database: Database, social: Social
) -> Callable[[str], Awaitable[Caller]]:
    """Sign a user of the social graph in by name."""

    async def signed_in(name: str) -> Caller:
        return await caller(gql, database, social, name)

    return signed_in


@pytest.fixture
async def dave(who: Callable[[str], Awaitable[Caller]]) -> Caller:
    """The moderator, signed in."""
    return await who("dave")
