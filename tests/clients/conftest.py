"""Fixtures for the real-client suite: one live server and one driver process per library.

A missing uv or an unreachable PyPI skips these tests with the reason (and fails them under
``KAGAMI_TEST_REQUIRE_SERVERS=1``, as CI sets), like a missing PostgreSQL does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.clients import server as srv
from tests.clients.processes import DriverProcess
from tests.clients.venvs import ClientLibrary, VenvUnavailable, venv_python
from tests.conftest import _unavailable

Driver = Callable[..., Any]


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
def _drivers() -> Iterator[dict[str, DriverProcess | str]]:
    """Each library's driver process, or why its venv could not be built (tried once)."""
    started: dict[str, DriverProcess | str] = {}
    try:
        yield started
    finally:
        for driver in started.values():
            if isinstance(driver, DriverProcess):
                driver.stop()


@pytest.fixture
def drive(request: pytest.FixtureRequest, _drivers: dict[str, DriverProcess | str]) -> Driver:
    """``drive(library, op, **args)``: what the library's driver answered for ``op``."""

    def run(library: ClientLibrary, op: str, **args: Any) -> Any:
        if library.label not in _drivers:
            try:
                python = venv_python(library)
            except VenvUnavailable as exc:
                _drivers[library.label] = f"{library.name}=={library.version}: {exc}"
            else:
                _drivers[library.label] = DriverProcess.start(library.label, python, library.driver)
        driver = _drivers[library.label]
        if isinstance(driver, str):
            _unavailable(driver)
        # Only now: a session without uv or PyPI does not start a server for nothing.
        server: srv.KagamiServer = request.getfixturevalue("kagami_server")
        return driver.ask({"op": op, "base_url": server.base_url, **args})

    return run
