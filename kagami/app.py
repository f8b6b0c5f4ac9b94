"""Application factory: one ASGI app serving every dialect, the web pages and health checks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import ORJSONResponse

from kagami import __version__
from kagami.config import Settings, get_settings
from kagami.db import Database
from kagami.health import router as health_router


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the ASGI app; tests pass their own settings/database, `serve` uses the environment."""
    settings = settings or get_settings()
    owns_database = database is None
    db = database or Database(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_database:
            await db.dispose()

    app = FastAPI(
        title="Kagami",
        version=__version__,
        default_response_class=ORJSONResponse,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    app.include_router(health_router)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn's ``--factory`` mode (each worker process builds its own app)."""
    return create_app()
