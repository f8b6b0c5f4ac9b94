"""GraphQL client libraries in their own environments: graphql-core 3.2 and graphql-js 16.

Kagami runs graphql-core 3.3; what clients load is what matters, so the introspection
tests feed our answer to the libraries client code is built on. Each is installed once
into a cache directory (``KAGAMI_TEST_CACHE_DIR``, default ``~/.cache/kagami-tests``):
graphql-core 3.2 into a uv venv (from PyPI), graphql-js 16 with npm (from the npm registry).
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.clients.venvs import ClientLibrary, VenvUnavailable, cache_root, venv_python

NODE_MISSING = (
    "node and npm not found: install them (Debian: apt-get install nodejs npm) "
    "to test the introspection result in graphql-js"
)
UV_MISSING = "uv not found: install it (pip install uv) to test graphql-core 3.2 clients"
# The first 3.2 release, and the newest that still refuses DIRECTIVE_DEFINITION on
# @deprecated (3.2.0-3.2.6 do; gql 3.5 resolves to 3.2.6), so both load what we serve.
GRAPHQL_CORE_32 = {
    release: ClientLibrary("graphql-core", (f"graphql-core=={release}",), driver="")
    for release in ("3.2.0", "3.2.6")
}
GRAPHQL_JS_16 = "graphql@16"


class InstallFailed(RuntimeError):
    """A client library could not be installed (no network, registry down...)."""


def cache_dir() -> Path:
    """Where client environments are kept between test sessions (shared with tests/clients)."""
    path = cache_root()
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
    try:
        return venv_python(GRAPHQL_CORE_32[release])
    except VenvUnavailable as exc:
        raise InstallFailed(str(exc)) from exc


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
