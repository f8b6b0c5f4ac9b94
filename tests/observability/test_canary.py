"""OB-1: a canary run over every credential flow leaves no secret in any log."""

from __future__ import annotations

import logging

import httpx
import pytest

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
