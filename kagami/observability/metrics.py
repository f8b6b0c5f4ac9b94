"""Prometheus metrics: requests, latency and SQL statements per request, rate-limit refusals.

Labels come from fixed sets only: the dialect (a path prefix), the matched route's
template (never the raw path, query or GraphQL document), a known method, the status.
With several workers, ``kagami serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a directory
in the data dir before the workers start, and every scrape sums all workers' files.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Scope

from kagami.http.surfaces import Surface, surface_of_scope

if TYPE_CHECKING:
    from kagami.config import Settings

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_SQL_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100, 200)
# Metrics labels: token endpoints and OAuth pages are "oauth" whatever the dialect.
_LABELS = {
    Surface.MAL_LEGACY: "mal",
    Surface.TOKEN: "oauth",
    Surface.OAUTH_API: "oauth",
    Surface.OAUTH_PAGE: "oauth",
}


def dialect_of(scope: Scope) -> str:
    """Which surface a request is for, from its path alone (fixed set of values)."""
    surface = surface_of_scope(scope)
    return _LABELS.get(surface, surface.value)


def operation_of(scope: Scope, dialect: str) -> str:
    """The matched route's template (``/v2/anime/{anime_id}``), or ``unmatched``."""
    if dialect == "anilist_graphql":
        return scope["path"]  # "/" or "/graphql": the document is never a label
    # FastAPI keeps an included router's full template here; a plain route has only its own.
    context = (scope.get("fastapi") or {}).get("effective_route_context")
    path = getattr(context, "path_format", None) or getattr(scope.get("route"), "path", None)
    if not isinstance(path, str):
        return "unmatched"
    mount = scope.get("root_path", "")[len(scope.get("app_root_path", "")) :]
    return mount + path


def method_of(scope: Scope) -> str:
    """The request method, or ``other`` for any extension method a client made up."""
    method: str = scope["method"]
    return method if method in _METHODS else "other"


class Metrics:
    """The process's metric families (created once per process, on the default registry)."""

    def __init__(self, registry: CollectorRegistry = REGISTRY) -> None:
        self.requests = Counter(
            "kagami_http_requests",
            "HTTP requests answered, by dialect, route template, method and status.",
            ["dialect", "operation", "method", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "kagami_http_request_duration_seconds",
            "Time from the request's arrival to the end of its response.",
            ["dialect", "operation"],
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        self.sql = Histogram(
            "kagami_sql_statements_per_request",
            "SQL statements one request ran.",
            ["dialect"],
            buckets=_SQL_BUCKETS,
            registry=registry,
        )
        self.rate_limited = Counter(
            "kagami_rate_limit_rejections",
            "Requests refused with 429 (rate limit or failure throttle).",
            ["dialect"],
            registry=registry,
        )

    def observe(self, scope: Scope, status: int, seconds: float, statements: int) -> None:
        """Record one finished request."""
        dialect = dialect_of(scope)
        operation = operation_of(scope, dialect)
        self.requests.labels(dialect, operation, method_of(scope), str(status)).inc()
        self.latency.labels(dialect, operation).observe(seconds)
        self.sql.labels(dialect).observe(statements)
        if status == 429:
            self.rate_limited.labels(dialect).inc()


_METRICS: Metrics | None = None


def process_metrics() -> Metrics:
    """This process's metrics (the registry refuses a second set of the same names)."""
    global _METRICS
    if _METRICS is None:
        _METRICS = Metrics()
    return _METRICS


def exposition_registry() -> CollectorRegistry:
    """What a scrape reads: all workers' files in multiprocess mode, else this process."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _loopback_direct(request: Request) -> bool:
    """A caller on this host that no proxy forwarded (a proxy on this host is loopback too)."""
    if request.headers.get("x-forwarded-for") or request.headers.get("forwarded"):
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def metrics_allowed(request: Request, settings: Settings) -> bool:
    """Bearer ``KAGAMI_METRICS_TOKEN`` when one is set, else direct loopback callers only."""
    if settings.metrics_token is None:
        return _loopback_direct(request)
    expected = f"Bearer {settings.metrics_token.get_secret_value()}".encode()
    sent = request.headers.get("authorization", "").encode("latin-1", "replace")
    return hmac.compare_digest(sent, expected)


async def metrics_endpoint(request: Request) -> Response:
    """Prometheus text exposition; 404 to callers the settings do not allow."""
    if not metrics_allowed(request, request.app.state.settings):
        return PlainTextResponse("Not Found", status_code=404)
    return Response(generate_latest(exposition_registry()), media_type=CONTENT_TYPE_LATEST)


def prepare_multiprocess(settings: Settings) -> None:
    """Before workers start: an empty shared directory for their metric files."""
    if os.environ.get(MULTIPROC_ENV):
        return  # the operator chose one
    directory = Path(settings.data_dir) / "prometheus"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(directory)


def start_metrics_server(settings: Settings) -> int:
    """Serve ``/metrics`` on its own listener (``metrics_host``:``metrics_port``); the port."""
    assert settings.metrics_port is not None
    server, _thread = start_http_server(
        settings.metrics_port, settings.metrics_host, registry=exposition_registry()
    )
    return int(server.server_port)
