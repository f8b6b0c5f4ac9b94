"""Test-only helpers: throwaway PostgreSQL and Redis servers."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A currently free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
