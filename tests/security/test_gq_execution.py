"""SECURITY.md GQ-5 (introspection switch) and GQ-7 (aliased mutations cost one request each)."""

from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa

from kagami.config import Settings
from kagami.db import Database
from kagami.lists.models import ListEntry
from tests.security.rl_support import access_token, client_from, limited_app, seed_ids

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)

SCHEMA = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "Media") { name } }'
TYPO = "{ Media(id: 1) { titel } }"


async def _post(http: httpx.AsyncClient, query: str, **headers: str) -> httpx.Response:
    return await http.post("/graphql", json={"query": query}, headers=headers)


async def test_GQ_5_introspection_off_refuses_schema_and_type_and_suggests_nothing(
    settings: Settings, database: Database
) -> None:
    app = limited_app(settings, database, settings.rate_limit, graphql_introspection=False)
    async with client_from(app) as http:
        for query in (SCHEMA, TYPE):
            refused = await _post(http, query)
            assert refused.status_code == 400
            assert "introspection has been disabled" in refused.json()["errors"][0]["message"]
        typo = await _post(http, TYPO)
        assert typo.status_code == 400 and "Did you mean" not in typo.text
        assert (await _post(http, "{ __typename }")).status_code == 200  # not introspection


async def test_GQ_5_introspection_on_is_depth_capped_and_rate_counted(
    settings: Settings, database: Database
) -> None:
    app = limited_app(settings, database, "3/minute")
    async with client_from(app) as http:
        assert (await _post(http, SCHEMA)).status_code == 200  # on by default
        assert "Did you mean" in (await _post(http, TYPO)).text
        nested = "fields { type { fields { type { fields { type { fields { name } } } } } } }"
        deep = await _post(http, '{ __type(name: "Media") { ' + nested + " } }")
        assert deep.status_code == 400, deep.text
        assert (await _post(http, SCHEMA)).status_code == 429  # each one counted


async def test_GQ_7_aliased_mutations_are_charged_one_request_per_write(
    settings: Settings, database: Database
) -> None:
    await seed_ids(database)
    app = limited_app(settings, database, "30/minute", rate_limit_burst=0)
    bearer = f"Bearer {await access_token(app, database, 1)}"

    def writes(media_id: int) -> str:
        saves = (
            f"e{n}: SaveMediaListEntry(mediaId: {media_id}, progress: {n}) {{ id }}"
            for n in range(20)
        )
        return "mutation { " + " ".join(saves) + " }"

    async with client_from(app) as http:
        first = await _post(http, writes(1), Authorization=bearer)
        assert first.status_code == 200, first.text
        after = await _post(http, "{ Viewer { id } }", Authorization=bearer)
        assert after.headers["X-RateLimit-Remaining"] == "9"  # 30 - 20 writes - this one
        refused = await _post(http, writes(2), Authorization=bearer)
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["message"] == "Too Many Requests."
    assert int(refused.headers["Retry-After"]) >= 55
    async with database.sessionmaker() as session:
        media = await session.scalars(sa.select(ListEntry.media_id).where(ListEntry.user_id == 1))
        assert list(media) == [1]  # none of the refused writes happened
