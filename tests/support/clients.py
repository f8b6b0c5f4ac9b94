"""GraphQL client libraries in their own environments: graphql-core 3.2 and graphql-js 16.

Kagami runs graphql-core 3.3; what clients load is what matters, so the introspection
tests feed our answer to the libraries client code is built on. Each is installed once
into a cache directory (``KAGAMI_TEST_CACHE_DIR``, default ``~/.cache/kagami-tests``):
graphql-core 3.2 into a uv venv (from PyPI), graphql-js 16 with npm (from the npm registry).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NODE_MISSING = (
    "node and npm not found: install them (Debian: apt-get install nodejs npm) "
    "to test the introspection result in graphql-js"
)
UV_MISSING = "uv not found: install it (pip install uv) to test graphql-core 3.2 clients"
# The first 3.2 release and the newest: 3.2 releases before 3.2.7 or so know no
# DIRECTIVE_DEFINITION location, and gql only asks for ">=3.2,<3.3", so both are in use.
GRAPHQL_CORE_32 = {"3.2.0": "graphql-core==3.2.0", "3.2-latest": "graphql-core>=3.2,<3.3"}
GRAPHQL_JS_16 = "graphql@16"


class InstallFailed(RuntimeError):
    """A client library could not be installed (no network, registry down...)."""


def cache_dir() -> Path:
    """Where client environments are kept between test sessions."""
    given = os.environ.get("KAGAMI_TEST_CACHE_DIR")
    path = Path(given) if given else Path.home() / ".cache" / "kagami-tests"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def _locked(name: str) -> Iterator[Path]:
    """The cache folder ``name``, held under a lock (pytest-xdist workers install once)."""
    folder = cache_dir() / name
    with open(cache_dir() / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder


def _run(args: list[str], **kwargs: object) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise InstallFailed(f"{' '.join(args)} failed: {(done.stderr or done.stdout)[-800:]}")


def graphql_core_32_python(release: str) -> Path:
    """The python of a venv holding graphql-core ``release`` (a GRAPHQL_CORE_32 key)."""
    uv = shutil.which("uv")
    if uv is None:
        raise InstallFailed(UV_MISSING)
    with _locked(f"graphql-core-{release}") as venv:
        python = venv / "bin" / "python"
        ready = venv / "ready"
        if not ready.exists():
            shutil.rmtree(venv, ignore_errors=True)
            _run([uv, "venv", "--quiet", str(venv)])
            requirement = GRAPHQL_CORE_32[release]
            _run([uv, "pip", "install", "--quiet", "--python", str(python), requirement])
            ready.touch()
        return python


def node_available() -> bool:
    """Whether node and npm are on PATH."""
    return shutil.which("node") is not None and shutil.which("npm") is not None


def graphql_js_16_modules() -> Path:
    """A ``node_modules`` folder holding graphql-js 16 (installed on first use)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise InstallFailed(NODE_MISSING)
    with _locked("graphql-js-16") as prefix:
        modules = prefix / "node_modules"
        ready = prefix / "ready"
        if not ready.exists():
            shutil.rmtree(prefix, ignore_errors=True)
            prefix.mkdir(parents=True)
            _run(
                [
                    npm,
                    "install",
                    "--silent",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                    str(prefix),
                    GRAPHQL_JS_16,
                ]
            )
            ready.touch()
        return modules
