"""OB-1: a canary run over every credential flow leaves no secret in any log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kagami.testing.harness import KagamiServer, start_server
from tests.observability.conftest import LogLines
from tests.observability.flows import run_every_flow


async def test_OB_1_canary_run_leaves_no_secret_in_caplog_or_log_lines(
    app_client: httpx.AsyncClient, log_lines: LogLines, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    seen = await run_every_flow(app_client)
    assert len(seen.values) >= 20
    # Kagami's records only: httpx's are this test's client logging the URLs it requested.
    ours = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert seen.found_in("\n".join(f"{r.getMessage()} {r.__dict__}" for r in ours)) == []
    assert seen.found_in(log_lines.text) == []
    # The run was logged (so the check above looked at something), URL secrets redacted.
    paths = [r["path"] for r in log_lines.events("request")]
    assert "/api/user?access_token=[redacted]" in paths
    assert {"login_failed", "code_reused", "refresh_reused", "token_revoked"} <= {
        r["event"] for r in log_lines.records()
    }


@pytest.fixture(scope="module")
def debug_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KagamiServer]:
    """One `kagami serve` at DEBUG with JSON logs; its stdout and stderr go to server.log."""
    server = start_server(
        tmp_path_factory.mktemp("ob-server"),
        catalogue=False,
        extra_env={"KAGAMI_LOG_LEVEL": "debug", "KAGAMI_LOG_FORMAT": "json"},
    )
    try:
        yield server
    finally:
        server.stop()


def _server_output(server: KagamiServer) -> str:
    server.log.flush()
    return Path(server.data_dir / "server.log").read_text(errors="replace")


async def test_OB_1_canary_run_leaves_no_secret_in_server_output(
    debug_server: KagamiServer,
) -> None:
    async with httpx.AsyncClient(base_url=debug_server.url) as http:
        seen = await run_every_flow(http)
    output = _server_output(debug_server)
    assert seen.found_in(output) == []
    assert '"path":"/api/user?access_token=[redacted]"' in output
    assert '"logger":"uvicorn.access"' not in output  # replaced by kagami.access (OB-2)


async def test_OB_6_server_header_is_not_sent(debug_server: KagamiServer) -> None:
    async with httpx.AsyncClient(base_url=debug_server.url) as http:
        r = await http.get("/healthz")
    assert r.status_code == 200
    assert "server" not in r.headers
    assert r.headers["x-request-id"] in _server_output(debug_server)
