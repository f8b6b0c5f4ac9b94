"""Binding the listening socket before serving, so `--port 0` yields a known URL up front."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

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
