"""Anonymous log-in attempts cannot grow the server's memory (issue #10, item 2)."""

from __future__ import annotations

import gc
import os

import httpx
import pytest

from kagami.oauth.clients import BUILTIN_MAL_CLIENT_ID
from tests.auth_support import csrf_of

_MB = 1024 * 1024


def _rss() -> int:
    """Resident set size of this process in bytes (Linux)."""
    gc.collect()
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def test_ten_thousand_unknown_user_names_leave_rss_growth_under_100_mb(
    app_client: httpx.AsyncClient, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("the throttle lives in memory: one backend is enough")
    page = await app_client.get("/login")
    token = csrf_of(page.text)
    await app_client.post("/login", data={"csrf_token": token, "name": "warm", "password": "p"})
    before = _rss()
    statuses: set[int] = set()
    for i in range(20):  # 20 distinct 5 MB names (JSON: forms stop at 1 MB a field)
        r = await app_client.post(
            "/v0.21/auth/token",
            json={
                "client_id": BUILTIN_MAL_CLIENT_ID,
                "grant_type": "password",
                "username": f"{i:02}" * (_MB * 5 // 2),
                "password": "wrong password",
            },
        )
        statuses.add(r.status_code)
    for i in range(5000):
        r = await app_client.post(
            "/login", data={"csrf_token": token, "name": f"nobody-{i}", "password": "wrong pw"}
        )
        statuses.add(r.status_code)
        r = await app_client.post(
            "/v0.21/auth/token",
            data={
                "client_id": BUILTIN_MAL_CLIENT_ID,
                "grant_type": "password",
                "username": f"mal-{i}",
                "password": "wrong password",
            },
        )
        statuses.add(r.status_code)
    growth = _rss() - before
    # 5 MB names: 413 from the body limit (before any parsing); the rest 400 or 429.
    assert statuses <= {400, 413, 429}, statuses
    assert growth < 100 * _MB, f"RSS grew by {growth / _MB:.0f} MB"


async def test_overlong_login_fields_are_a_clear_400(app_client: httpx.AsyncClient) -> None:
    page = await app_client.get("/login")
    token = csrf_of(page.text)
    for name, password in (("n" * 65, "a long password"), ("alice", "p" * 1025)):
        r = await app_client.post(
            "/login", data={"csrf_token": token, "name": name, "password": password}
        )
        assert r.status_code == 400 and "too long" in r.text
        r = await app_client.post(
            "/v0.21/auth/token",
            data={
                "client_id": BUILTIN_MAL_CLIENT_ID,
                "grant_type": "password",
                "username": name,
                "password": password,
            },
        )
        assert r.status_code == 400 and r.json()["error"] == "invalid_request"
        assert "too long" in r.json()["message"]
    assert app_client.app.state.login_throttle.stored_keys == 0  # type: ignore[attr-defined]
