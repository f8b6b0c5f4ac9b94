"""A private, durable PostgreSQL cluster with a `kagami serve` on it, for crash tests.

Private because these tests stop and kill PostgreSQL; durable (fsync and synchronous
commit on) because the session's fast cluster would lose committed transactions on a
kill -9 of PostgreSQL by design, which is not what the tests are about.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from kagami.testing.harness import KagamiServer
from tests.faults.load import prepare, serve
from tests.support import postgres as pg


@dataclass
class Stack:
    """The cluster and the server on it (``restart_kagami`` replaces the server)."""

    cluster: pg.Cluster
    server: KagamiServer
    data_dir: Path
    url: str

    def restart_kagami(self) -> None:
        """Stop (or reap) the server and start a new one on the same database."""
        self.server.stop()
        self.server = _serve(self.data_dir, self.url)


def _serve(data_dir: Path, url: str) -> KagamiServer:
    return serve(data_dir, KAGAMI_DATABASE_URL=url)


@contextmanager
def pg_stack(tmp_path: Path) -> Iterator[Stack]:
    """A durable cluster, a database on it, and a prepared server; all gone afterwards."""
    bindir = pg.find_bindir()
    if bindir is None:
        pytest.skip(pg.MISSING_REASON)
    cluster = pg.start_cluster(bindir, durable=True)
    stack: Stack | None = None
    try:
        url = asyncio.run(pg.create_database(cluster.admin_url))
        data_dir = tmp_path / "data"
        stack = Stack(cluster, _serve(data_dir, url), data_dir, url)
        prepare(stack.server)
        yield stack
    finally:
        if stack is not None:
            stack.server.stop()
        cluster.stop()


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _state(pid: int) -> str | None:
    """The process's state letter (``Z`` for a zombie), None once it is reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def kill_postgres(cluster: pg.Cluster) -> None:
    """SIGKILL the postmaster and every process of it at once, as a crash of the whole
    server (an OOM kill of its cgroup) would, and wait until they are gone."""
    postmaster = cluster.postmaster_pid()
    victims = [postmaster, *_children(postmaster)]
    for pid in victims:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while any(_state(pid) not in (None, "Z") for pid in victims):
        assert time.monotonic() < deadline, "PostgreSQL processes outlived SIGKILL"
        time.sleep(0.05)
    # A dead postmaster's lock file names its pid; PostgreSQL refuses to start while that
    # pid exists, which a zombie not yet reaped by init still does: wait, then drop it.
    reaped_by = time.monotonic() + 5
    while _state(postmaster) is not None and time.monotonic() < reaped_by:
        time.sleep(0.05)
    if _state(postmaster) is not None:
        (cluster.root / "data" / "postmaster.pid").unlink(missing_ok=True)
