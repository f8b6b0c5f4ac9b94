"""SECURITY.md RL-4: whose bucket a request counts against cannot be dodged or reset."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from jwt.algorithms import OKPAlgorithm

from kagami.config import Settings
from kagami.db import Database
from tests.factories import make_one_of_each
from tests.security.rl_support import QUERY, access_token, client_from, limited_app

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


async def test_RL_4_random_client_ids_count_against_the_address(
    settings: Settings, database: Database
) -> None:
    app = limited_app(settings, database, "2/minute")
    statuses = []
    async with client_from(app, "10.0.0.5") as http:
        for n in range(4):  # a new made-up 32-character id with every request
            headers = {"X-MAL-CLIENT-ID": f"{n:032x}"}
            statuses.append((await http.get("/v2/anime/1", headers=headers)).status_code)
    assert statuses[2:] == [429, 429] and 429 not in statuses[:2]


async def test_RL_4_forwarded_for_header_does_not_change_the_bucket(
    settings: Settings, database: Database
) -> None:
    # The app keys by the peer address uvicorn gives it; uvicorn rewrites that from
    # X-Forwarded-For only for peers in --forwarded-allow-ips, so a spoofed header is inert.
    app = limited_app(settings, database, "2/minute")
    statuses = []
    async with client_from(app, "10.0.0.6") as http:
        for n in range(4):
            headers = {"X-Forwarded-For": f"192.0.2.{n}", "X-Real-IP": f"192.0.2.{n}"}
            response = await http.post("/graphql", json=QUERY, headers=headers)
            statuses.append(response.status_code)
    assert statuses[2:] == [429, 429] and 429 not in statuses[:2]


async def test_RL_4_a_token_is_verified_once_for_its_bucket_and_its_bearer_check(
    settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limiter names the bucket by the token's subject before the bearer check runs;
    both take the signature check from one cache, so Ed25519 runs once per token."""
    async with database.sessionmaker() as session:
        await make_one_of_each(session, count=1)
        await session.commit()
    app = limited_app(settings, database, "100/minute")
    token = await access_token(app, database, 1)
    verified: list[str] = []
    real_verify = OKPAlgorithm.verify

    def counting(self: OKPAlgorithm, msg: bytes, key: Any, sig: bytes) -> bool:
        verified.append(jwt.get_unverified_header(token)["kid"])
        return real_verify(self, msg, key, sig)

    monkeypatch.setattr(OKPAlgorithm, "verify", counting)
    async with client_from(app) as http:
        headers = {"Authorization": f"Bearer {token}"}
        first = await http.post("/graphql", json={"query": "{ Viewer { id } }"}, headers=headers)
        assert first.status_code == 200 and first.json()["data"]["Viewer"]["id"] == 1
        assert len(verified) == 1
        again = await http.get("/v2/users/@me", headers=headers)
        assert again.status_code == 200 and len(verified) == 1
