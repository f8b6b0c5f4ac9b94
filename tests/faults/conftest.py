"""Fixtures of the fault tests: a cache of migrated databases for `kagami serve` starts."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def server_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where start_server keeps a migrated empty SQLite database to copy on later starts.

    Shared by the xdist workers of one run (templates are written atomically); a start
    then skips ~10 s of migrations on a loaded 2-core machine.
    """
    path = tmp_path_factory.getbasetemp().parent / "kagami-server-cache"
    path.mkdir(exist_ok=True)
    return path
