"""SECURITY.md RL-8: a 429 is decided before GraphQL parsing, token look-up or any SQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kagami.config import Settings
from kagami.db import Database
from tests.security.rl_support import QUERY, client_from, limited_app

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


async def test_RL_8_refused_graphql_request_is_never_parsed_nor_queried(
    settings: Settings, database: Database, sql_counter: Callable[..., Any]
) -> None:
    app = limited_app(settings, database, "1/minute")
    async with client_from(app) as http:
        assert (await http.post("/graphql", json=QUERY)).status_code != 429
        documents = app.state.anilist_graphql.documents
        parsed = len(documents)
        unseen = {"query": "{ Page { media { id title { romaji } } } }"}
        with sql_counter() as counted:
            refused = await http.post(
                "/graphql", json=unseen, headers={"Authorization": "Bearer a.b.c"}
            )
    assert refused.status_code == 429
    assert len(documents) == parsed  # the new document was not even parsed
    assert counted.statements == []
