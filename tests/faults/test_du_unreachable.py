"""With the database unreachable every dialect answers 503 + Retry-After in its own format,
fast, and without a traceback (SECURITY.md DU-5; the real restart is in test_du_postgres)."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from tests.faults.checks import assert_unavailable
from tests.faults.load import MAL_CLIENT_ID, TOKENS, write_request

UNREACHABLE = "postgresql+asyncpg://nobody@127.0.0.1:1/none"


async def test_DU_5_every_dialect_answers_503_with_retry_after_when_the_database_is_unreachable(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=UNREACHABLE, _env_file=None)
    database = Database(settings)
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            started = time.monotonic()
            for dialect in ("graphql", "mal", "v1"):
                assert_unavailable(dialect, await write_request(client, dialect, 1, 1))
            legacy = await client.get(
                "/v0.21/anime/1", headers={"Authorization": f"Bearer {TOKENS['mal']}"}
            )
            assert_unavailable("mal", legacy)
            public = await client.get("/v2/anime/1", headers={"X-MAL-CLIENT-ID": MAL_CLIENT_ID})
            assert_unavailable("mal", public)
            token = await client.post(
                "/api/v2/oauth/token",
                json={"grant_type": "authorization_code", "client_id": 1, "code": "x" * 20},
            )
            assert token.status_code == 503 and token.headers["Retry-After"].isdigit()
            assert token.json()["error"] == "temporarily_unavailable"
            assert time.monotonic() - started < 5 * 6  # no request waited for a pool timeout
    finally:
        await database.dispose()
