"""Application factory: one ASGI app serving every dialect, the web pages and health checks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from kagami import __version__
from kagami.body_limit import BodyLimitMiddleware
from kagami.config import Settings, get_settings
from kagami.db import Database
from kagami.dev_routes import router as dev_router
from kagami.dialects.anilist_graphql import oauth_routes as anilist_oauth
from kagami.dialects.anilist_graphql.graphiql import assets_router as graphiql_assets_router
from kagami.dialects.anilist_graphql.router import router as anilist_graphql_router
from kagami.dialects.anilist_v1 import errors as anilist_v1_errors
from kagami.dialects.anilist_v1 import oauth_routes as anilist_v1_oauth
from kagami.dialects.anilist_v1 import router as anilist_v1_router
from kagami.dialects.mal import errors as mal_errors
from kagami.dialects.mal import oauth_routes as mal_oauth
from kagami.dialects.mal import v2_app as mal_v2
from kagami.dialects.mal.legacy import build_legacy_app
from kagami.dialects.mal.v2_app import build_v2_app
from kagami.health import router as health_router
from kagami.http import JSONResponse
from kagami.http.cors import ApiCorsMiddleware
from kagami.http.edge_guard import EdgeGuardMiddleware
from kagami.jobs import periodic_jobs
from kagami.logs import install_redaction
from kagami.memory import freeze_startup_heap
from kagami.oauth import revocation
from kagami.oauth.setup import ensure_builtin, install_auth_state
from kagami.observability import configure_logging
from kagami.observability.install import count_statements, generic_500, route_metrics
from kagami.observability.metrics import process_metrics
from kagami.observability.middleware import ObservabilityMiddleware
from kagami.ratelimit.middleware import RateLimitMiddleware, build_limiter
from kagami.sync.schedule import scheduled_syncs
from kagami.unavailable import install as install_unavailable
from kagami.web import install_web
from kagami.web.images import router as images_router


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the ASGI app; tests pass their own settings/database, `serve` uses the environment."""
    settings = settings or get_settings()
    owns_database = database is None
    db = database or Database(settings)
    limiter = build_limiter(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await ensure_builtin(db)
        freeze_startup_heap()  # after everything start-up builds, before the first request
        async with periodic_jobs(db, settings.jobs_interval_seconds), scheduled_syncs(db, settings):
            yield
        await limiter.aclose()
        if owns_database:
            await db.dispose()

    app = FastAPI(
        title="Kagami",
        version=__version__,
        default_response_class=JSONResponse,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    app.include_router(health_router)
    app.include_router(anilist_graphql_router)
    app.include_router(graphiql_assets_router)
    app.include_router(images_router)
    install_auth_state(app, settings)
    anilist_v1_errors.install(app)
    install_unavailable(app)  # a database outage: 503 + Retry-After, never a 500 (DU-4, DU-5)
    mal_errors.install(app)
    app.include_router(anilist_oauth.router)
    app.include_router(anilist_v1_oauth.router)
    anilist_v1_router.install(app)
    app.include_router(mal_oauth.router)
    app.include_router(revocation.router)
    if settings.dev_mode:
        app.include_router(dev_router)
    route_metrics(app, settings)
    mal_v2_app, mal_legacy_app = build_v2_app(app), build_legacy_app(app, mal_v2.ROUTERS)
    generic_500(mal_v2_app, mal_legacy_app)
    app.mount("/v2", mal_v2_app)
    app.mount("/v0.21", mal_legacy_app)
    mal_errors.install_unmatched(app)  # after the v1 install: it wraps that handler
    # Innermost of the request checks (inside rate and body limits, inside the security
    # headers install_web adds): NUL, lone surrogates, oversized values → 400 (IV-3).
    app.add_middleware(EdgeGuardMiddleware, max_value_chars=settings.max_value_chars)
    install_web(app)  # last: dialect routes win over any page at the same path
    install_redaction()  # also when run by a bare `uvicorn kagami.app:...`
    # Before any parsing, token lookup or SQL (SECURITY.md RL-8).
    app.add_middleware(RateLimitMiddleware, limiter=limiter)
    # Added last, so it is the outermost of our middleware: nothing reads a body before it.
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        per_path={"/account/import": settings.max_import_upload_bytes},  # issue #15
    )
    # Outside the limits, so a refusal (413, 429) still reaches a browser app readably.
    app.add_middleware(ApiCorsMiddleware)
    # Outermost: every request, even a refused one, gets an id, a log line and its metrics.
    count_statements(db.engine)
    metrics = process_metrics() if settings.metrics else None
    app.add_middleware(ObservabilityMiddleware, metrics=metrics, access_log=settings.access_log)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn's ``--factory`` mode (each worker process builds its own app)."""
    settings = get_settings()
    configure_logging(settings)  # a worker process starts with uvicorn's logging set-up
    return create_app(settings)
