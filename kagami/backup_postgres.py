"""PostgreSQL side of backup and restore: ``pg_dump`` / ``pg_restore`` in custom format."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url


class ToolMissing(RuntimeError):
    """pg_dump or pg_restore is not installed."""


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))


def find_tool(name: str) -> str:
    """The newest installed ``name`` (pg_dump must be at least the server's version)."""
    versioned = sorted(
        (Path(p) for p in glob.glob(f"/usr/lib/postgresql/*/bin/{name}")),
        key=lambda p: _version_key(p.parent),
        reverse=True,
    )
    if versioned:
        return str(versioned[0])
    if on_path := shutil.which(name):
        return on_path
    raise ToolMissing(
        f"{name} not found: install the PostgreSQL client (apt-get install postgresql-client)"
    )


def libpq_target(database_url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL for the SQLAlchemy ``database_url`` and the environment carrying its password.

    The password goes in ``PGPASSWORD``, never on a command line other users can read.
    """
    url = make_url(database_url)
    env = {**os.environ}
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None, query={})
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], on_line: Callable[[str], None]) -> None:
    """Run ``command``, handing each stderr line to ``on_line``; raise with its tail on failure."""
    tail: list[str] = []
    with subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, errors="replace",
    ) as process:  # fmt: skip
        assert process.stderr is not None
        for line in process.stderr:
            on_line(line)
            tail = [*tail[-19:], line.rstrip()]
    if process.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name} failed:\n" + "\n".join(tail))


def dump(database_url: str, target: Path, on_table: Callable[[str], None]) -> None:
    """``pg_dump`` the database into ``target`` (custom format); ``on_table`` per table dumped."""
    url, env = libpq_target(database_url)
    command = [find_tool("pg_dump"), "--format=custom", "--no-owner", "--verbose",
               f"--file={target}", f"--dbname={url}"]  # fmt: skip

    def line(text: str) -> None:
        if "dumping contents of table" in text:
            on_table(text.rsplit(" ", 1)[-1].strip().strip('"'))

    _run(command, env, line)


def restore(database_url: str, source: Path, clean: bool, on_item: Callable[[str], None]) -> None:
    """``pg_restore`` ``source`` into the database, in one transaction; ``clean`` drops first."""
    url, env = libpq_target(database_url)
    command = [find_tool("pg_restore"), "--no-owner", "--no-comments", "--exit-on-error",
               "--single-transaction", "--verbose", f"--dbname={url}"]  # fmt: skip
    if clean:
        command += ["--clean", "--if-exists"]

    def line(text: str) -> None:
        if "processing data for table" in text:
            on_item(text.rsplit(" ", 1)[-1].strip().strip('"'))

    _run([*command, str(source)], env, line)


def table_count(source: Path) -> int:
    """How many tables' data a custom-format dump holds (for the progress bar)."""
    listing = subprocess.run(
        [find_tool("pg_restore"), "--list", str(source)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return sum(1 for row in listing.stdout.splitlines() if " TABLE DATA " in row)
