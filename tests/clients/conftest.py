"""Fixtures for the real-client suite: one live server per session, one venv per library.

A missing uv or an unreachable PyPI skips these tests with the reason (and fails them under
``KAGAMI_TEST_REQUIRE_SERVERS=1``, as CI sets), like a missing PostgreSQL does.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.clients import server as srv
from tests.clients.venvs import ClientLibrary, VenvUnavailable, venv_python
from tests.conftest import _unavailable

DRIVERS = Path(__file__).parent / "drivers"
DRIVER_TIMEOUT = 120

Driver = Callable[..., Any]
# The client's venv alone decides what it imports.
_CLIENT_ENV = {
    k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
}


@pytest.fixture(scope="session")
def kagami_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[srv.KagamiServer]:
    """A live ``kagami serve`` with a user, their token and two list entries."""
    server = srv.start(tmp_path_factory.mktemp("kagami-serve"))
    try:
        srv.set_up_user(server)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _venvs() -> dict[str, Path | str]:
    """Each library's venv python, or why it could not be built (tried once per session)."""
    return {}


@pytest.fixture
def drive(request: pytest.FixtureRequest, _venvs: dict[str, Path | str]) -> Driver:
    """``drive(library, op, **args)``: the JSON the library's driver printed for ``op``."""

    def run(library: ClientLibrary, op: str, **args: Any) -> Any:
        if library.name not in _venvs:
            try:
                _venvs[library.name] = venv_python(library)
            except VenvUnavailable as exc:
                _venvs[library.name] = f"{library.name}=={library.version}: {exc}"
        python = _venvs[library.name]
        if isinstance(python, str):
            _unavailable(python)
        # Only now: a session without uv or PyPI does not start a server for nothing.
        kagami_server: srv.KagamiServer = request.getfixturevalue("kagami_server")
        message = json.dumps({"op": op, "base_url": kagami_server.base_url, **args})
        done = subprocess.run(
            [str(python), str(DRIVERS / library.driver), message],
            capture_output=True,
            text=True,
            timeout=DRIVER_TIMEOUT,
            check=False,
            env=_CLIENT_ENV,
        )
        assert done.returncode == 0, (
            f"{library.name}=={library.version} {op} failed:\n{done.stderr[-3000:]}\n"
            f"server log:\n{kagami_server.log_tail(10)}"
        )
        return json.loads(done.stdout)

    return run
