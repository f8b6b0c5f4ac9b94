"""Against a real `kagami serve --workers 2`: its output (OB-1), headers (OB-6), metrics."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from kagami.testing.harness import KagamiServer, start_server
from tests.observability.flows import run_every_flow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KagamiServer]:
    """Two workers at DEBUG with JSON logs and metrics; stdout and stderr go to server.log."""
    server = start_server(
        tmp_path_factory.mktemp("ob-server"),
        catalogue=False,
        extra_env={
            "KAGAMI_LOG_LEVEL": "debug",
            "KAGAMI_LOG_FORMAT": "json",
            "KAGAMI_METRICS": "true",
            "KAGAMI_RATE_LIMIT": "1000/minute",
        },
        args=["--workers", "2"],
    )
    try:
        yield server
    finally:
        server.stop()


def _output(server: KagamiServer, waiting_for: str = "") -> str:
    """The server's output so far (a worker logs a request just after answering it)."""
    deadline = time.monotonic() + 5
    while True:
        text = (server.data_dir / "server.log").read_text(errors="replace")
        if waiting_for in text or time.monotonic() > deadline:
            return text
        time.sleep(0.05)


async def test_OB_1_canary_run_leaves_no_secret_in_server_output(served: KagamiServer) -> None:
    async with httpx.AsyncClient(base_url=served.url) as http:
        seen = await run_every_flow(http)
    output = _output(served)
    assert seen.found_in(output) == []
    assert '"path":"/api/user?access_token=[redacted]"' in output
    assert '"logger":"uvicorn.access"' not in output  # replaced by kagami.access (OB-2)


def test_OB_6_server_header_is_not_sent(served: KagamiServer) -> None:
    r = httpx.get(f"{served.url}/healthz")
    assert r.status_code == 200 and "server" not in r.headers
    request_id = r.headers["x-request-id"]
    assert request_id in _output(served, waiting_for=request_id)


def _healthz_count(url: str) -> float:
    text = httpx.get(f"{url}/metrics").text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "kagami_http_requests_total" and sample.labels["operation"] == "/healthz"
    )


def test_metrics_sum_every_worker(served: KagamiServer) -> None:
    before = _healthz_count(served.url)
    fresh = httpx.Limits(max_keepalive_connections=0)  # each request may reach either worker
    with httpx.Client(base_url=served.url, limits=fresh) as http:
        for _ in range(30):
            assert http.get("/healthz").status_code == 200
    assert _healthz_count(served.url) - before == 30
    assert len(list((served.data_dir / "prometheus").glob("counter_*.db"))) == 2
