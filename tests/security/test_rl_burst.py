"""SECURITY.md RL-2: AniList's burst limiter, with the same one-minute lock-out."""

from __future__ import annotations

import asyncio

import pytest

from kagami.config import Settings
from kagami.db import Database
from kagami.ratelimit.middleware import burst_limit
from tests.security.rl_support import QUERY, client_from, limited_app

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@SQLITE_ONLY
async def test_RL_2_more_than_burst_requests_in_a_second_are_refused_with_budget_left(
    settings: Settings, database: Database
) -> None:
    app = limited_app(settings, database, "1000/minute", rate_limit_burst=5)
    async with client_from(app, "10.0.0.9") as http:  # builds the schema: the slow first request
        await http.post("/graphql", json=QUERY)
    async with client_from(app) as http:
        answers = [await http.post("/graphql", json=QUERY) for _ in range(6)]
        assert 429 not in [r.status_code for r in answers[:5]]
        refused = answers[5]
        assert refused.status_code == 429
        # The minute's budget was nowhere near spent: the burst tripped the lock-out.
        assert int(answers[4].headers["X-RateLimit-Remaining"]) == 995
        assert 55 <= int(refused.headers["Retry-After"]) <= 60
        await asyncio.sleep(1.1)  # a new second, but the lock-out holds for the minute
        assert (await http.post("/graphql", json=QUERY)).status_code == 429
    async with client_from(app, "10.0.0.2") as http:  # other callers are untouched
        assert (await http.post("/graphql", json=QUERY)).status_code != 429


@SQLITE_ONLY
def test_RL_2_burst_is_a_setting_defaulting_to_a_third_of_the_minute(settings: Settings) -> None:
    assert burst_limit(settings.model_copy(update={"rate_limit": "90/minute"})) == 30
    assert burst_limit(settings.model_copy(update={"rate_limit": "30/minute"})) == 10
    assert burst_limit(settings.model_copy(update={"rate_limit": "5/second"})) == 100
    assert burst_limit(settings.model_copy(update={"rate_limit_burst": 0})) == 0
    assert burst_limit(settings.model_copy(update={"rate_limit_burst": 7})) == 7


def test_RL_1_default_limit_is_anilists_90_per_minute() -> None:
    assert Settings.model_fields["rate_limit"].default == "90/minute"
    assert Settings.model_fields["rate_limit_burst"].default is None  # a third: 30 a second
