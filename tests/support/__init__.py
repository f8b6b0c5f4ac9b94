"""Test-only helpers: loopback ports and in-thread servers (PostgreSQL and Redis live beside)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import uvicorn


def free_port() -> int:
    """A currently free TCP port on the loopback interface.

    Only for servers that retry on a taken port (PostgreSQL, Redis) or for a URL where
    nothing may listen: a port chosen here can be taken by another xdist worker before a
    server binds it, so an HTTP server must bind first (``listening_socket``).
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening_socket() -> socket.socket:
    """A loopback socket already bound (port chosen by the OS) and listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


@dataclass
class ThreadedServer:
    """uvicorn serving an app in a daemon thread on a socket bound before it started."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for its thread."""
        self.server.should_exit = True
        self.thread.join(timeout=15)


def serve_in_thread(app: Any, sock: socket.socket, timeout: float = 30.0) -> ThreadedServer:
    """Serve ``app`` on ``sock`` (from ``listening_socket``) and wait until uvicorn started."""
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            thread.join(timeout=15)
            raise RuntimeError("uvicorn did not start in its thread")
        time.sleep(0.02)
    port = sock.getsockname()[1]
    return ThreadedServer(f"http://127.0.0.1:{port}", server, thread)
