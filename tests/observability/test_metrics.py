"""Prometheus metrics: counted per dialect and route template, bounded labels, guarded access."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from tests.observability.flows import MAL_V021_CLIENT

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
AppFactory = Callable[..., Any]

# Backend-independent behaviour: SQLite is enough.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def serve(auth_settings: Settings, database: Database) -> AppFactory:
    """Open an HTTP client on the app with ``overrides`` on top of metrics on."""

    @asynccontextmanager
    async def client(peer: str = "127.0.0.1", **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        settings = auth_settings.model_copy(update={"metrics": True, **overrides})
        transport = httpx.ASGITransport(app=create_app(settings, database), client=(peer, 4321))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http

    return client


async def _scrape(http: httpx.AsyncClient) -> Samples:
    r = await http.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def _delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    def total(samples: Samples) -> float:
        wanted = set(labels.items())
        return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)

    return total(after) - total(before)


async def test_requests_are_counted_by_dialect_route_template_and_status(serve: AppFactory) -> None:
    async with serve() as http:
        before = await _scrape(http)
        for mal_id in (1, 2):
            await http.get(f"/v2/anime/{mal_id}", headers={"X-MAL-CLIENT-ID": MAL_V021_CLIENT})
        assert (await http.get("/api/user")).status_code == 401
        graphql = await http.post("/graphql", json={"query": "{ Media(id: 1) { id } }"})
        assert graphql.status_code == 404
        after = await _scrape(http)
    mal = {"dialect": "mal", "operation": "/v2/anime/{anime_id}", "method": "GET"}
    assert _delta(before, after, "kagami_http_requests_total", **mal) == 2
    assert _delta(before, after, "kagami_http_request_duration_seconds_count", dialect="mal") == 2
    v1 = {"dialect": "anilist_v1", "operation": "/api/user", "status": "401"}
    assert _delta(before, after, "kagami_http_requests_total", **v1) == 1
    gql = {"dialect": "anilist_graphql", "operation": "/graphql", "status": "404"}
    assert _delta(before, after, "kagami_http_requests_total", **gql) == 1
    sql = {"dialect": "anilist_graphql"}
    assert _delta(before, after, "kagami_sql_statements_per_request_count", **sql) == 1
    assert _delta(before, after, "kagami_sql_statements_per_request_sum", **sql) >= 1


async def test_label_values_come_from_fixed_sets(serve: AppFactory) -> None:
    junk = [f"/{uuid.uuid4().hex}" for _ in range(3)] + [f"/api/{uuid.uuid4().hex}"]
    async with serve() as http:
        for path in junk:
            await http.get(path)
        await http.request("BREW", "/graphql")
        for n in range(3):
            await http.post("/graphql", json={"query": f"{{ Media(id: {n}) {{ id }} }}"})
        samples = await _scrape(http)
    labels = {value for (_name, pairs) in samples for _key, value in pairs}
    assert not any(path.strip("/").split("/")[-1] in labels for path in junk)
    assert "unmatched" in labels and "other" in labels
    assert not any("Media" in value for value in labels)


async def test_rate_limit_rejections_are_counted(serve: AppFactory) -> None:
    async with serve(rate_limit="2/minute") as http:
        before = await _scrape(http)
        statuses = [(await http.get("/api/user")).status_code for _ in range(3)]
        after = await _scrape(http)
    assert statuses[-1] == 429
    assert _delta(before, after, "kagami_rate_limit_rejections_total", dialect="anilist_v1") == 1


async def test_metrics_are_off_unless_enabled(auth_settings: Settings, database: Database) -> None:
    transport = httpx.ASGITransport(app=create_app(auth_settings, database))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        r = await http.get("/metrics")
    assert r.status_code == 404 and "kagami_http_requests" not in r.text


async def test_metrics_answer_only_direct_loopback_callers_without_a_token(
    serve: AppFactory,
) -> None:
    async with serve(peer="203.0.113.9") as remote:
        assert (await remote.get("/metrics")).status_code == 404
    async with serve() as local:
        proxied = await local.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        assert proxied.status_code == 404


async def test_metrics_token_opens_the_public_port(serve: AppFactory) -> None:
    token = SecretStr("s3cret-metrics-token")
    async with serve(peer="203.0.113.9", metrics_token=token) as remote:
        assert (await remote.get("/metrics")).status_code == 404
        wrong = {"Authorization": "Bearer nope"}
        assert (await remote.get("/metrics", headers=wrong)).status_code == 404
        right = {"Authorization": "Bearer s3cret-metrics-token"}
        r = await remote.get("/metrics", headers=right)
    assert r.status_code == 200 and "kagami_http_requests_total" in r.text
