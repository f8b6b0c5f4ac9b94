"""Serving HTTP: bind the socket first (so `--port 0` yields a known URL up front), then run.

Shared by `kagami serve` and ``python -m kagami.serve_entry`` (the harnesses' lighter entry
point); nothing here imports the CLI's libraries (typer, Rich).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from kagami.config import Settings

if TYPE_CHECKING:
    from uvicorn import Server as UvicornServer


def bind(settings: Settings) -> tuple[socket.socket, Settings]:
    """Open the listening socket; with port 0 the settings then carry the port the OS chose."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.host, settings.port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    port = sock.getsockname()[1]
    if port != settings.port:
        settings = settings.model_copy(update={"port": port})
    return sock, settings


def write_url_file(path: Path, url: str) -> None:
    """Write ``url`` atomically: a harness polling the file never reads half a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(url + "\n", encoding="utf-8")
    partial.replace(path)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def serve(
    settings: Settings,
    *,
    url_file: Path | None = None,
    overrides: Mapping[str, object] | None = None,
    say: Callable[[str], None] = _to_stderr,
) -> None:
    """Migrate, load the bundled catalogue on first start, print the bound URL, serve HTTP.

    ``overrides`` are the command-line settings; worker processes (``workers`` > 1) build
    their own app from the environment, so they are exported there. Status lines go to ``say``
    and stdout holds the URL alone, for harnesses.
    """
    import asyncio
    import time

    import uvicorn

    from kagami.bootstrap import prepare
    from kagami.observability import configure_logging

    configure_logging(settings)
    started = time.perf_counter()
    result = asyncio.run(prepare(settings))
    elapsed = time.perf_counter() - started
    imported = ", catalogue imported" if result.imported else ""
    say(
        f"Database ready ({result.media_count} media{imported}) in {elapsed:.1f}s"
        f" ({result.durability})"
    )
    sock, settings = bind(settings)  # port 0 becomes the real port before any URL is made
    print(settings.base_url, flush=True)
    if url_file is not None:
        write_url_file(url_file, settings.base_url)
    say(f"Serving on {settings.base_url}")
    _serve_metrics(settings, say)
    options: dict[str, Any] = {
        "workers": settings.workers,
        "log_level": settings.log_level,
        # Logging is ours (kagami.observability): uvicorn's access log, which prints full
        # query strings, is replaced by kagami.access with secrets redacted (OB-2).
        "log_config": None,
        "access_log": False,
        "server_header": False,  # no "Server: uvicorn" banner (OB-6)
        "env_file": None,
    }
    if settings.workers > 1:
        # uvicorn's supervisor binds its own socket, so ours is released just before.
        sock.close()
        for name, value in {**(overrides or {}), "port": settings.port}.items():
            if value is not None:
                os.environ[f"KAGAMI_{name.upper()}"] = str(value)
        uvicorn.run(
            "kagami.app:create_app_from_env",
            factory=True,
            host=settings.host,
            port=settings.port,
            # uvicorn kills a worker that misses its 5 s health ping, with every request it
            # is serving: on a loaded machine a CPU-starved worker is not a hung one.
            timeout_worker_healthcheck=settings.worker_healthcheck_seconds,
            **options,
        )
        return
    from kagami.app import create_app

    config = uvicorn.Config(create_app(settings), **options)
    serve_until_stopped(uvicorn.Server(config), sock)  # exit 0 after a graceful SIGTERM


def _serve_metrics(settings: Settings, say: Callable[[str], None]) -> None:
    """Set up metrics before any worker starts: shared files and the separate port."""
    if not settings.metrics:
        return
    from kagami.observability.metrics import prepare_multiprocess, start_metrics_server

    if settings.workers > 1:
        prepare_multiprocess(settings)
    if settings.metrics_port is not None:
        port = start_metrics_server(settings)
        say(f"Metrics on http://{settings.metrics_host}:{port}/metrics")


def _stopped(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def serve_until_stopped(server: UvicornServer, sock: socket.socket) -> None:
    """Run uvicorn on ``sock``; a SIGTERM that shut it down gracefully then exits with 0.

    uvicorn finishes in-flight requests on SIGTERM, then raises the signal again with the
    handler that was there before it, so with none the process dies of it (-15, 143 in a
    shell) and supervisors report a crash after a clean stop (SECURITY.md DU-12).
    """
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
