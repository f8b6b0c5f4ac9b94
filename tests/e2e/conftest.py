"""Browser-test fixtures: a real uvicorn server on a loopback port and Chromium launch flags."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kagami.app import create_app
from kagami.config import Settings
from kagami.db import Database
from tests.support import listening_socket, serve_in_thread

ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def live_server(settings: Settings, database: Database) -> Iterator[str]:
    """uvicorn on a loopback port the OS picks, in a thread, on the migrated test database."""
    sock = listening_socket()
    port = sock.getsockname()[1]
    live = settings.model_copy(update={"port": port, "password_hash_profile": "cheapest"})
    served = serve_in_thread(create_app(live), sock, timeout=15)
    yield served.url
    served.stop()
