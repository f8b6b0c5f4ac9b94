"""What every dialect must answer while the database cannot write or cannot be reached."""

from __future__ import annotations

from typing import Any

import httpx

from tests.faults.load import TOKENS, write_request


def read_request(client: httpx.AsyncClient, dialect: str, media_id: int) -> Any:
    """A read of one media through ``dialect`` (the viewer's entry too, on MAL)."""
    if dialect == "graphql":
        body = {"query": "query ($m: Int) { Media(id: $m) { id } }", "variables": {"m": media_id}}
        return client.post("/graphql", json=body)
    auth = {"Authorization": f"Bearer {TOKENS[dialect]}"}
    if dialect == "mal":
        return client.get(f"/v2/anime/{media_id}?fields=my_list_status", headers=auth)
    return client.get(f"/api/anime/{media_id}", headers=auth)


def assert_unavailable(dialect: str, response: httpx.Response) -> None:
    """A 503 with ``Retry-After``, in the dialect's own error format."""
    assert response.status_code == 503, (dialect, response.status_code, response.text[:500])
    assert response.headers["Retry-After"].isdigit()
    body = response.json()
    if dialect == "graphql":
        assert body["data"] is None
        assert [e["status"] for e in body["errors"]] == [503]
    elif dialect == "mal":
        assert body["error"] == "service_unavailable" and body["message"]
    else:
        assert body["error"] == "service_unavailable" and body["error_description"]
    assert "Traceback" not in response.text and "sqlite" not in response.text.lower()


async def write_status(client: httpx.AsyncClient, dialect: str, media_id: int, value: int) -> int:
    """The status of one list write (200 means stored)."""
    return (await write_request(client, dialect, media_id, value)).status_code
