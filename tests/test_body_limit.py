"""Request bodies over the limit get 413 in each dialect's shape, and are never read whole."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query

from kagami.app import create_app
from kagami.config import Settings

LIMIT = 4096
MESSAGE = "Request body too large."
CHUNK = 1024


@pytest.fixture
def app(tmp_path: Path) -> Any:
    """The app with a small body limit (no request here reaches the database)."""
    settings = Settings(
        data_dir=tmp_path, import_bundled_on_start=False, max_body_bytes=LIMIT, _env_file=None
    )
    return create_app(settings)


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


GRAPHQL = {"data": None, "errors": [{"message": MESSAGE, "status": 413, "locations": []}]}
MAL = {"error": "invalid_request", "message": MESSAGE}
OAUTH = {"error": "invalid_request", "error_description": MESSAGE}
PASSPORT = {**OAUTH, "message": MESSAGE}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/", GRAPHQL),
        ("/graphql", GRAPHQL),
        ("/api/v2/oauth/token", PASSPORT),
        ("/api/auth/access_token", OAUTH),
        ("/api/list/1", OAUTH),
        ("/v2/anime/1/my_list_status", MAL),
        ("/v1/oauth2/token", MAL),
        ("/v0.21/auth/token", MAL),
        ("/oauth/revoke", OAUTH),
        ("/oauth/introspect", OAUTH),
    ],
)
async def test_IV_7_oversized_body_gets_413_in_the_dialect_format(
    client: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    response = await client.post(path, content=b"{" + b" " * LIMIT + b"}")
    assert response.status_code == 413
    assert response.json() == body


@pytest.mark.parametrize("path", ["/login", "/register", "/settings/developer/clients"])
async def test_IV_7_oversized_form_on_a_web_page_gets_plain_413(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.post(path, data={"name": "x" * LIMIT})
    assert response.status_code == 413
    assert response.text == MESSAGE and response.headers["content-type"].startswith("text/plain")


async def test_body_within_the_limit_is_served(client: httpx.AsyncClient) -> None:
    query = "{ __typename }" + " " * (LIMIT - 200)
    response = await client.post("/", json={"query": query})
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}


class _Chunks:
    """A request body of ``total`` bytes that records how much of it was pulled."""

    def __init__(self, total: int) -> None:
        self.total, self.pulled = total, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.pulled < self.total:
            self.pulled += CHUNK
            yield b" " * CHUNK


async def test_chunked_body_without_length_is_cut_off_at_the_limit(
    client: httpx.AsyncClient,
) -> None:
    body = _Chunks(64 << 20)
    response = await client.post("/", content=body)
    assert "content-length" not in response.request.headers
    assert response.status_code == 413 and response.json() == GRAPHQL
    assert body.pulled <= LIMIT + CHUNK


async def test_body_longer_than_its_content_length_is_cut_off(app: Any) -> None:
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += CHUNK
        return {"type": "http.request", "body": b" " * CHUNK, "more_body": pulled < 64 << 20}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"test"), (b"content-length", b"10")],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
        "state": {},
    }
    await app(scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    assert pulled <= LIMIT + CHUNK


def test_default_limit_leaves_room_for_real_queries() -> None:
    # The biggest documents real clients send: a full introspection query (graphql-js's, with
    # descriptions) and a batch of 50 aliased Media look-ups with their usual fields.
    fields = "id title { romaji english native } coverImage { large } description episodes"
    batch = "{" + " ".join(f"m{i}: Media(id: {i}) {{ {fields} }}" for i in range(50)) + "}"
    largest = max(len(get_introspection_query(descriptions=True)), len(batch))
    assert largest * 50 < Settings(_env_file=None).max_body_bytes
