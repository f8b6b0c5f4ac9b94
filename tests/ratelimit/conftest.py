"""Fixtures of the rate-limit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import redis as rd


@pytest.fixture
def own_redis() -> Iterator[rd.RedisProcess]:
    """A redis-server of this test's own, which it may stop."""
    binary = rd.find_binary()
    if binary is None:
        pytest.skip(rd.MISSING_REASON)
    server = rd.start_server(binary)
    yield server
    if server.process.poll() is None:
        server.stop()
