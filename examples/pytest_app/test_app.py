"""An app's tests against a real local Kagami, through the `kagami` pytest plugin."""

from __future__ import annotations

import httpx
import pytest

SEEN: list[str] = []


def viewer(url: str, token: str) -> httpx.Response:
    """What an AniList client does first: ask who the token belongs to."""
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.post(f"{url}/graphql", json={"query": "{ Viewer { name } }"}, headers=headers)


def test_token_acts_as_its_user(kagami_server, kagami_user, kagami_token):
    assert viewer(kagami_server.url, kagami_token).json()["data"]["Viewer"]["name"] == (
        kagami_user.name
    )
    SEEN.append(kagami_user.name)


def test_fixture_file_users_and_fixed_tokens_work(kagami_server):
    assert viewer(kagami_server.url, "alice-ci-token-0123456789").status_code == 200


@pytest.mark.kagami_fresh
def test_a_fresh_server_has_forgotten_earlier_tests(kagami_server):
    query = {"query": "query($n: String) { User(name: $n) { id } }", "variables": {"n": SEEN[0]}}
    answer = httpx.post(f"{kagami_server.url}/graphql", json=query)
    assert answer.status_code == 404  # AniList: "Not Found." for an unknown user
