"""Revocation and introspection of fixture tokens with fixed values, as of issued tokens."""

from __future__ import annotations

import httpx
import pytest

from kagami.config import Settings
from kagami.db import Database
from kagami.fixtures.files import parse_fixtures
from kagami.fixtures.load import load_fixtures

FIXED = "ci-fixed-token-0123456789"
OTHER = "ci-other-token-0123456789"
SECRET = "ci-secret-0123456789"
SPEC = {
    "users": [{"name": "alice", "password": "correct horse battery"}],
    "clients": [
        {"name": "CI app", "owner": "alice", "id": 4242, "secret": SECRET},
        {"name": "Other app", "owner": "alice", "id": 4243, "secret": SECRET},
    ],
    "tokens": [
        {"user": "alice", "client": 4242, "value": FIXED},
        {"user": "alice", "client": 4243, "value": OTHER},
    ],
}
OWN = ("4242", SECRET)


@pytest.fixture
async def fixed_tokens(database: Database, auth_settings: Settings) -> None:
    """Alice, two clients of hers and one fixed AniList token through each."""
    async with database.session() as session:
        await load_fixtures(session, auth_settings, parse_fixtures(SPEC))


async def _viewer(http: httpx.AsyncClient, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    answer = await http.post("/graphql", json={"query": "{ Viewer { id } }"}, headers=headers)
    return answer.status_code


@pytest.mark.usefixtures("fixed_tokens")
async def test_revoking_a_fixed_token_ends_it_like_an_issued_one(
    app_client: httpx.AsyncClient,
) -> None:
    assert await _viewer(app_client, FIXED) == 200
    revoked = await app_client.post("/oauth/revoke", data={"token": FIXED}, auth=OWN)
    assert revoked.status_code == 200 and revoked.json() == {}
    never_stored = await _viewer(app_client, "never-stored-token-0123456789")
    assert await _viewer(app_client, FIXED) == never_stored == 400  # AniList: "Invalid token"
    again = await app_client.post("/oauth/revoke", data={"token": FIXED}, auth=OWN)
    assert again.status_code == 200  # already revoked: still 200 (RFC 7009 §2.2)


@pytest.mark.usefixtures("fixed_tokens")
async def test_a_fixed_token_of_another_client_is_refused_on_revoke_and_stays_valid(
    app_client: httpx.AsyncClient,
) -> None:
    refused = await app_client.post("/oauth/revoke", data={"token": OTHER}, auth=OWN)
    assert refused.status_code == 400 and refused.json()["error"] == "unauthorized_client"
    assert await _viewer(app_client, OTHER) == 200


@pytest.mark.usefixtures("fixed_tokens")
async def test_introspection_shows_a_live_fixed_token_to_its_client_only(
    app_client: httpx.AsyncClient,
) -> None:
    live = (await app_client.post("/oauth/introspect", data={"token": FIXED}, auth=OWN)).json()
    assert live["active"] is True and live["token_type"] == "access_token"
    assert live["client_id"] == "4242" and live["sub"] == "1"
    assert live["exp"] > live["iat"]
    other = await app_client.post("/oauth/introspect", data={"token": OTHER}, auth=OWN)
    assert other.json() == {"active": False}
    await app_client.post("/oauth/revoke", data={"token": FIXED}, auth=OWN)
    revoked = await app_client.post("/oauth/introspect", data={"token": FIXED}, auth=OWN)
    assert revoked.json() == {"active": False}
