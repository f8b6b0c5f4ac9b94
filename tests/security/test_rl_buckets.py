"""SECURITY.md RL-4: whose bucket a request counts against cannot be dodged or reset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt
import pytest
from jwt.algorithms import OKPAlgorithm

from kagami.config import Settings
from kagami.db import Database
from tests.security.rl_support import QUERY, access_token, client_from, limited_app, seed_ids

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        # A new made-up 32-character client id with every request.
        ("/v2/anime/1", lambda n: {"X-MAL-CLIENT-ID": f"{n:032x}"}),
        # The app keys by the peer address uvicorn gives it; uvicorn takes X-Forwarded-For
        # only from peers in --forwarded-allow-ips, so a spoofed header changes nothing.
        ("/graphql", lambda n: {"X-Forwarded-For": f"192.0.2.{n}", "X-Real-IP": f"192.0.2.{n}"}),
    ],
    ids=["random-client-ids", "spoofed-forwarded-for"],
)
async def test_RL_4_changing_headers_cannot_dodge_the_address_bucket(
    settings: Settings,
    database: Database,
    path: str,
    headers: Callable[[int], dict[str, str]],
) -> None:
    app = limited_app(settings, database, "2/minute")
    statuses = []
    async with client_from(app, "10.0.0.5") as http:
        for n in range(4):
            if path == "/graphql":
                response = await http.post(path, json=QUERY, headers=headers(n))
            else:
                response = await http.get(path, headers=headers(n))
            statuses.append(response.status_code)
    assert statuses[2:] == [429, 429] and 429 not in statuses[:2]


async def test_RL_4_a_token_is_verified_once_for_its_bucket_and_its_bearer_check(
    settings: Settings, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limiter names the bucket by the token's subject before the bearer check runs;
    both take the signature check from one cache, so Ed25519 runs once per token."""
    await seed_ids(database, 1)
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
