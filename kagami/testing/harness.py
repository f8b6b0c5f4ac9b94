"""A `kagami serve` process on a free loopback port, reset and filled from the test process.

Fixtures are loaded in the test process itself, on the same database the server uses (SQLite
in WAL mode, or PostgreSQL), so each ``load`` costs milliseconds rather than a CLI start.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import httpx

from kagami.testing.processes import stop_process

if TYPE_CHECKING:
    from kagami.config import Settings
    from kagami.fixtures.report import LoadReport

START_TIMEOUT = 180.0  # a first start imports the bundled catalogue
_PACKAGE = Path(__file__).resolve().parents[1]


def template_key() -> str:
    """Names the catalogue template: changes with Kagami's version, migrations and bundled data."""
    from kagami import __version__

    digest = hashlib.sha256(__version__.encode())
    for folder in (_PACKAGE / "db" / "migrations" / "versions", _PACKAGE / "data"):
        for path in sorted(folder.glob("*")):
            if path.is_file():
                digest.update(f"{path.name}:{path.stat().st_size}".encode())
    return digest.hexdigest()[:16]


@dataclass
class KagamiServer:
    """A running server: its URL and data dir, and the calls a test harness needs."""

    url: str
    data_dir: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    _http: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._http = httpx.Client(base_url=self.url, timeout=60)

    def settings(self) -> Settings:
        """Settings for the server's database, as the test process opens it."""
        from kagami.config import Settings

        return Settings(
            data_dir=self.data_dir,
            database_url=self.env.get("KAGAMI_DATABASE_URL"),
            password_hash_profile="cheapest",
            import_bundled_on_start=False,
            _env_file=None,
        )

    def load(self, fixtures: dict[str, Any] | Path | str) -> LoadReport:
        """Load a fixture file or mapping (the `kagami fixtures load` format) into the server."""
        from kagami.fixtures.files import parse_fixtures, read_fixtures

        spec = (
            parse_fixtures(fixtures)
            if isinstance(fixtures, dict)
            else read_fixtures(Path(fixtures))
        )
        return run_coroutine(self._load(spec))

    async def _load(self, spec: Any) -> LoadReport:
        from kagami.db import Database
        from kagami.fixtures.load import load_fixtures

        settings = self.settings()
        database = Database(settings)
        try:
            async with database.session() as session:
                return await load_fixtures(session, settings, spec)
        finally:
            await database.dispose()

    def snapshot(self, name: str = "default") -> None:
        """Save the server's data as snapshot ``name``."""
        self._http.post("/_kagami/snapshot", params={"name": name}).raise_for_status()

    def reset(self, name: str = "default") -> None:
        """Restore snapshot ``name``; the server answers from it at once."""
        self._http.post("/_kagami/reset", params={"snapshot": name}).raise_for_status()

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output, for failure messages."""
        self.log.flush()
        text = (self.data_dir / "server.log").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Terminate the server and wait for it."""
        self._http.close()
        stop_process(self.process, 15)
        self.log.close()


def run_coroutine(coroutine: Any) -> Any:
    """Run a coroutine to completion from sync code, even inside a running event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _user_cache() -> Path:
    """Kagami's folder in the user's cache directory (``XDG_CACHE_HOME`` or ``~/.cache``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kagami"


def _bytecode_env(env: dict[str, str], cache_dir: Path | None) -> None:
    """Let the server keep compiled bytecode in a cache folder when the caller writes none.

    Under ``PYTHONDONTWRITEBYTECODE`` (CI sets it) every start compiled all of Kagami and its
    libraries from source again: over half of a start's CPU. ``PYTHONPYCACHEPREFIX`` keeps the
    ``.pyc`` files out of the source and site-packages folders all the same.
    """
    if not env.get("PYTHONDONTWRITEBYTECODE") or env.get("PYTHONPYCACHEPREFIX"):
        return
    del env["PYTHONDONTWRITEBYTECODE"]
    env["PYTHONPYCACHEPREFIX"] = str((cache_dir or _user_cache()) / "pycache")


def _environment(
    data_dir: Path, catalogue: bool, extra: dict[str, str], cache_dir: Path | None = None
) -> dict[str, str]:
    """The server's environment: the caller's minus any KAGAMI_*, plus test-friendly settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAGAMI_")}
    _bytecode_env(env, cache_dir)
    env.update(
        KAGAMI_DATA_DIR=str(data_dir),
        KAGAMI_HOST="127.0.0.1",
        KAGAMI_DEV_MODE="true",
        KAGAMI_PASSWORD_HASH_PROFILE="cheapest",
        KAGAMI_IMPORT_BUNDLED_ON_START="true" if catalogue else "false",
        KAGAMI_JOBS_INTERVAL_SECONDS="0",
        KAGAMI_LOG_LEVEL="warning",
    )
    env.update(extra)
    return env


def start_server(
    data_dir: Path,
    *,
    catalogue: bool = True,
    cache_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
    args: Sequence[str] = (),
) -> KagamiServer:
    """Start `kagami serve --port 0` on ``data_dir`` and wait until it answers ``/healthz``.

    ``args`` are further ``kagami serve`` options (e.g. ``["--workers", "4"]``). The server
    runs as ``python -m kagami.serve_entry`` (no CLI libraries to import) and keeps its
    bytecode under ``cache_dir`` (else the user's cache folder) when the caller writes none.
    With ``cache_dir`` (SQLite only), the migrated database with the bundled catalogue is
    kept there after the first start and copied in on later ones, which then skip the import.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    env = _environment(data_dir, catalogue, extra_env or {}, cache_dir)
    sqlite = "KAGAMI_DATABASE_URL" not in env
    template = None
    if cache_dir is not None and sqlite:
        template = cache_dir / f"{'catalogue' if catalogue else 'empty'}-{template_key()}.sqlite3"
        if template.is_file():
            shutil.copyfile(template, data_dir / "kagami.sqlite3")
    url_file = data_dir / "url"
    url_file.unlink(missing_ok=True)
    log = (data_dir / "server.log").open("ab")
    command = [sys.executable, "-m", "kagami.serve_entry", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--url-file", str(url_file), *args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server: KagamiServer | None = None
    try:
        url = _wait_for_url(process, url_file)
        server = KagamiServer(url, data_dir, env, process, log)
        _wait_healthy(server)
        if template is not None and not template.is_file():
            server.snapshot("_template")
            partial = template.with_suffix(f".{os.getpid()}.partial")
            shutil.copyfile(data_dir / "snapshots" / "_template.sqlite3", partial)
            partial.replace(template)
        return server
    except BaseException:
        if server is not None:
            server.stop()
        else:
            process.kill()
            process.wait()
            log.close()
        raise


def _wait_for_url(process: subprocess.Popen[bytes], url_file: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kagami serve exited with code {process.returncode}")
        if url_file.is_file():
            return url_file.read_text().strip()
        time.sleep(0.02)
    raise TimeoutError("kagami serve did not open its port in time")


def _wait_healthy(server: KagamiServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"kagami serve exited:\n{server.log_tail()}")
        try:
            if server._http.get("/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"kagami serve did not become healthy:\n{server.log_tail()}")
