"""One cached virtual environment per pinned client library, built with uv from PyPI.

Client libraries never go into Kagami's environment: each gets its own venv under a cache
directory keyed by its exact requirements and the Python version, so a rerun reuses it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

UV_MISSING = "uv not found: install it (pip install uv) or put it on PATH"
_STAMP = "kagami-ready"  # written last: a venv without it is half-built and is rebuilt


class VenvUnavailable(Exception):
    """A client venv could not be built (no uv, no PyPI): the reason says which."""


@dataclass(frozen=True)
class ClientLibrary:
    """A client library under test: its pinned requirements and the driver that runs it."""

    name: str  # the PyPI project, as the report names it
    requirements: tuple[str, ...]  # exact pins (the library first)
    driver: str  # file name under tests/clients/drivers/

    @property
    def version(self) -> str:
        """The library's pinned version."""
        return self.requirements[0].split("==", 1)[1]

    @property
    def label(self) -> str:
        """``name-version``: tells two pinned versions of one library apart."""
        return f"{self.name}-{self.version}"


def cache_root() -> Path:
    """``KAGAMI_TEST_CACHE_DIR``, else ``~/.cache/kagami-tests``: every test-only install."""
    if given := os.environ.get("KAGAMI_TEST_CACHE_DIR"):
        return Path(given)
    return Path.home() / ".cache" / "kagami-tests"


def find_uv() -> str | None:
    """The uv binary: the one running this session (``uv run`` sets ``UV``), else PATH."""
    given = os.environ.get("UV")
    return given if given and Path(given).is_file() else shutil.which("uv")


def venv_python(library: ClientLibrary) -> Path:
    """Python of ``library``'s venv, building the venv first if it is not cached yet."""
    uv = find_uv()
    if uv is None:
        raise VenvUnavailable(UV_MISSING)
    python_tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    key = hashlib.sha256("\n".join(library.requirements).encode()).hexdigest()[:12]
    directory = cache_root() / f"{library.label}-{python_tag}-{key}"
    python = directory / "bin" / "python"
    directory.parent.mkdir(parents=True, exist_ok=True)
    with _locked(directory.with_suffix(".lock")):  # parallel workers build it once
        if not (directory / _STAMP).exists():
            shutil.rmtree(directory, ignore_errors=True)
            _uv(uv, "venv", "--quiet", "--python", sys.executable, str(directory))
            _uv(uv, "pip", "install", "--quiet", "--python", str(python), *library.requirements)
            (directory / _STAMP).write_text("\n".join(library.requirements) + "\n")
    return python


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _uv(uv: str, *args: str) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")
    }
    done = subprocess.run(
        [uv, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise VenvUnavailable(
            f"`uv {args[0]} {args[1]}` failed (PyPI unreachable?): {' '.join(tail)}"
        )
