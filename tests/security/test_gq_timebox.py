"""SECURITY.md GQ-8: an over-budget GraphQL request errors and gives its connection back."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.config import Settings
from kagami.db import Database
from kagami.dialects.anilist_graphql.schema_loader import build_schema
from tests.security.rl_support import client_from, limited_app, seed_ids


async def _stalls(statement: str) -> Any:
    """A resolver that holds a database connection for far longer than the time box."""

    async def resolve(_obj: Any, info: Any) -> Any:
        await info.context.session.execute(sa.text(statement))
        await asyncio.sleep(30)

    return resolve


@pytest.mark.parametrize("stall", ["sleep", "pg_sleep"])
async def test_GQ_8_over_budget_request_errors_and_the_pool_returns_to_baseline(
    settings: Settings,
    database: Database,
    backend: str,
    stall: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if stall == "pg_sleep" and backend != "postgresql":
        pytest.skip("a statement that runs past the time box needs PostgreSQL's pg_sleep")
    await seed_ids(database, 1)
    statement = "SELECT 1" if stall == "sleep" else "SELECT pg_sleep(30)"
    target = build_schema().type_map["Media"].fields["episodes"]  # type: ignore[attr-defined]
    monkeypatch.setattr(target, "resolve", await _stalls(statement))
    app = limited_app(settings, database, settings.rate_limit, graphql_timeout_seconds=0.5)
    pool = database.engine.pool
    async with client_from(app) as http:
        await http.post("/graphql", json={"query": "{ GenreCollection }"})  # builds the schema
        baseline = pool.checkedout()  # type: ignore[attr-defined]
        started = asyncio.get_running_loop().time()
        response = await http.post("/graphql", json={"query": "{ Media(id: 1) { episodes } }"})
        took = asyncio.get_running_loop().time() - started
    assert response.status_code == 503
    assert response.json()["errors"][0]["message"] == "The query took too long to run."
    assert took < 10
    assert pool.checkedout() == baseline  # type: ignore[attr-defined]
    async with client_from(app) as http:  # and the server carries on
        assert (
            await http.post("/graphql", json={"query": "{ Media(id: 1) { id } }"})
        ).status_code == 200
