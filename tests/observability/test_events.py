"""OB-4: security events name the user, client, address and request, and no secret."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.codes import s256
from kagami.oauth.setup import ensure_builtin
from kagami.observability.events import Sampler
from tests.auth_support import REDIRECT, csrf_of, get_code, register
from tests.observability.conftest import LogLines
from tests.observability.flows import _web_client, canary

WHO = ("user_id", "client_id", "ip", "request_id")


@pytest.fixture
async def strict_client(
    auth_settings: Settings, database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a 2-failure login lock-out and a 5-per-minute API limit."""
    settings = auth_settings.model_copy(update={"login_max_failures": 2, "rate_limit": "5/minute"})
    app = create_app(settings, database)
    await ensure_builtin(database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def _fp(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:8]


def _one(log_lines: LogLines, event: str) -> dict[str, Any]:
    (record,) = log_lines.events(event)
    assert set(WHO) <= set(record) and record["ip"] == "127.0.0.1", record
    assert record["request_id"] and record["security"] is True
    return record


async def test_OB_4_token_events_carry_who_where_and_fingerprints_only(
    strict_client: httpx.AsyncClient, log_lines: LogLines
) -> None:
    password = canary("pw")
    await register(strict_client, "alice", password)
    web = await _web_client(strict_client)
    public = await _web_client(strict_client, "android")
    assert web.secret
    body = {"client_id": web.id, "client_secret": web.secret, "redirect_uri": REDIRECT}
    code = await get_code(strict_client, web, "v1")
    path = "/api/auth/access_token"
    exchange = {**body, "grant_type": "authorization_code", "code": code}
    tokens = (await strict_client.post(path, data=exchange)).json()
    replay = await strict_client.post(path, data=exchange)
    reused = _one(log_lines, "code_reused")
    assert (reused["user_id"], reused["client_id"], reused["token_fingerprint"]) == (
        1,
        web.id,
        _fp(code),
    )
    assert reused["request_id"] == replay.headers["x-request-id"]

    verifier = "v" * 64
    mal_code = await get_code(
        strict_client, public, "mal", code_challenge=s256(verifier), code_challenge_method="S256"
    )
    mal = (
        await strict_client.post(
            "/v1/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "client_id": public.mal_id,
                "code": mal_code,
                "redirect_uri": REDIRECT,
                "code_verifier": verifier,
            },
        )
    ).json()
    refresh = {
        "grant_type": "refresh_token",
        "client_id": public.mal_id,
        "refresh_token": mal["refresh_token"],
    }
    assert (await strict_client.post("/v1/oauth2/token", data=refresh)).status_code == 200
    await strict_client.post("/v1/oauth2/token", data=refresh)
    family = _one(log_lines, "refresh_reused")
    assert (family["user_id"], family["client_id"]) == (1, public.id)
    assert family["token_fingerprint"] == _fp(mal["refresh_token"])

    revoke = {"client_id": web.id, "client_secret": web.secret, "token": tokens["refresh_token"]}
    assert (await strict_client.post("/oauth/revoke", data=revoke)).status_code == 200
    revoked = _one(log_lines, "token_revoked")
    assert (revoked["user_id"], revoked["client_id"], revoked["kind"]) == (1, web.id, "refresh")
    assert revoked["token_fingerprint"] == _fp(tokens["refresh_token"])

    edit = await strict_client.get(f"/settings/developer/clients/{web.id}")
    await strict_client.post(
        f"/settings/developer/clients/{web.id}/secret", data={"csrf_token": csrf_of(edit.text)}
    )
    regenerated = _one(log_lines, "client_secret_regenerated")
    assert (regenerated["user_id"], regenerated["client_id"]) == (1, web.id)

    secrets = [
        password,
        web.secret,
        code,
        mal_code,
        verifier,
        tokens["access_token"],
        tokens["refresh_token"],
        mal["refresh_token"],
    ]
    events = "\n".join(line for line in log_lines.text.splitlines() if '"security":true' in line)
    assert [s for s in secrets if s in events] == []


async def test_OB_4_login_failures_lock_outs_and_429s_are_logged(
    strict_client: httpx.AsyncClient, log_lines: LogLines
) -> None:
    await register(strict_client, "bob")
    page = await strict_client.get("/login")
    wrong = canary("pw")
    for _ in range(3):
        await strict_client.post(
            "/login", data={"csrf_token": csrf_of(page.text), "name": "bob", "password": wrong}
        )
    assert len(log_lines.events("login_failed")) == 2
    locked = _one(log_lines, "login_locked")
    assert locked["name"] == "bob" and wrong not in log_lines.text
    statuses = [(await strict_client.get("/api/user")).status_code for _ in range(6)]
    assert statuses[-1] == 429
    limited = [e for e in log_lines.events("rate_limited") if e["path"] == "/api/user"]
    assert len(limited) == 1 and limited[0]["ip"] == "127.0.0.1" and limited[0]["request_id"]


def test_OB_4_sampled_events_write_a_bounded_number_of_lines_and_count_the_rest() -> None:
    now = [0.0]
    sampler = Sampler(burst=3, window=10.0, clock=lambda: now[0])
    assert [sampler.admit("login_failed") for _ in range(5)] == [0, 0, 0, None, None]
    assert sampler.admit("rate_limited") == 0  # each event has its own budget
    now[0] = 10.0
    assert sampler.admit("login_failed") == 2  # the first line of a window reports the drops
    assert sampler.admit("login_failed") == 0
