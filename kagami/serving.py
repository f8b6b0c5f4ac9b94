"""Binding the listening socket before serving, so `--port 0` yields a known URL up front."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from kagami.config import Settings


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
