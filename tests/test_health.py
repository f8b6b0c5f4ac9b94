"""``/healthz`` tells operators whether the database answers and how big the catalogue is;
``/readyz`` whether requests can be served."""

from __future__ import annotations

import httpx

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database


async def test_healthz_reports_database_and_empty_catalogue(
    settings: Settings, database: Database
) -> None:
    app = create_app(settings, database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"backend": database.engine.dialect.name, "status": "ok"}
    assert body["catalogue"] == {"media": 0, "anime": 0, "manga": 0}


async def test_DU_5_readyz_is_503_and_healthz_200_when_the_database_is_unreachable(
    tmp_path: object,
) -> None:
    settings = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none", _env_file=None)
    database = Database(settings)
    app = create_app(settings, database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        health = await c.get("/healthz")
        ready = await c.get("/readyz")
    await database.dispose()
    assert health.status_code == 200  # the process is alive: no orchestrator restart
    assert health.json()["status"] == "degraded"
    assert health.json()["database"]["status"] == "unavailable"
    assert ready.status_code == 503 and ready.headers["Retry-After"].isdigit()
    assert ready.json()["database"]["status"] == "unavailable"


async def test_readyz_is_200_when_the_database_answers(
    database: Database, settings: Settings
) -> None:
    app = create_app(settings, database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/readyz")
    assert response.status_code == 200 and response.json()["database"]["status"] == "ok"
