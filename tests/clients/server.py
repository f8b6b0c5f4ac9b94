"""A real ``kagami serve`` on a free loopback port, with a user, a token and list entries.

The user, client and token come from the ``kagami`` CLI (as an operator would make them);
list entries go straight into the database, since no mutation can write them yet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.cli import app
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from tests.support import free_port

USER = "alice"
PASSWORD = "correct horse battery"
# A second user for the MAL update tests, so they leave USER's list as the read tests expect.
WRITER = "bob"
# (media id, status, progress, score out of 100): what the user's anime list holds.
LIST_ENTRIES = (
    (1, MediaListStatus.COMPLETED, 26, 90),  # Cowboy Bebop
    (154587, MediaListStatus.CURRENT, 10, 0),  # Frieren
)
SQLITE_FILE = "kagami.sqlite3"
AVATAR = "https://img.example/userimages/alice.jpg"
START_TIMEOUT = 180.0  # the first start imports the bundled catalogue (~10-30 s)


@dataclass
class KagamiServer:
    """A running server, the environment its CLI shares, and what was set up in it."""

    process: subprocess.Popen[bytes]
    base_url: str
    env: dict[str, str]
    log: IO[bytes]
    user_id: int = 0
    token: str = ""
    mal_client_id: str = ""  # the client's MAL hex id, for X-MAL-CLIENT-ID
    mal_token: str = ""  # the user's MAL-dialect token
    writer_mal_token: str = ""  # MAL token of WRITER, whose list the update tests change

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's output, for failure messages."""
        self.log.seek(0)
        return "\n".join(self.log.read().decode(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Terminate the server and reap it."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def start(data_dir: Path) -> KagamiServer:
    """Start ``python -m kagami serve`` on a fresh data dir and wait for ``/healthz``."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # Explicit, so a developer's .env cannot point the server or the CLI elsewhere.
    env = {
        "KAGAMI_DATA_DIR": str(data_dir),
        "KAGAMI_DATABASE_URL": f"sqlite+aiosqlite:///{data_dir / SQLITE_FILE}",
        "KAGAMI_HOST": "127.0.0.1",
        "KAGAMI_PORT": str(port),
        "KAGAMI_PUBLIC_BASE_URL": base_url,  # tokens name it: CLI and server must agree
        "KAGAMI_IMPORT_BUNDLED_ON_START": "true",
        "KAGAMI_PASSWORD_HASH_PROFILE": "cheapest",
        "KAGAMI_LOG_LEVEL": "warning",
    }
    # A file, not a pipe: a full pipe would block the server. Closed by stop().
    log = tempfile.TemporaryFile()  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "kagami", "serve"],
        env={**os.environ, **env},
        cwd=data_dir,  # no .env there
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = KagamiServer(process, base_url, env, log)
    try:
        _wait_healthy(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_healthy(server: KagamiServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"kagami serve exited:\n{server.log_tail()}")
        try:
            if httpx.get(f"{server.base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"kagami serve not healthy after {START_TIMEOUT:.0f}s:\n{server.log_tail()}")


def set_up_user(server: KagamiServer) -> None:
    """Create the user, an OAuth client and a token with the CLI; fill the user's list."""
    cli = CliRunner(env=server.env)

    def kagami(*args: str) -> dict[str, object]:
        result = cli.invoke(app, [*args, "--json"])
        assert result.exit_code == 0, f"kagami {' '.join(args)}: {result.output}"
        payload = json.loads(result.stdout)
        assert isinstance(payload, dict)
        return payload

    user = kagami("user", "create", "--name", USER, "--email", "alice@example.org",
                  "--password", PASSWORD)  # fmt: skip
    client = kagami("client", "create", "--name", "Client suite", "--owner", USER,
                    "--redirect-uri", "http://127.0.0.1/callback")  # fmt: skip
    token = kagami("token", "issue", "--user", USER, "--client", str(client["anilist_client_id"]))
    server.user_id, server.token = int(str(user["id"])), str(token["access_token"])
    server.mal_client_id = str(client["mal_client_id"])
    mal = ("--client", server.mal_client_id, "--dialect", "mal")
    server.mal_token = str(kagami("token", "issue", "--user", USER, *mal)["access_token"])
    writer = kagami("user", "create", "--name", WRITER, "--email", "bob@example.org",
                    "--password", PASSWORD)  # fmt: skip
    server.writer_mal_token = str(kagami("token", "issue", "--user", WRITER, *mal)["access_token"])
    sqlite_file = Path(server.env["KAGAMI_DATA_DIR"]) / SQLITE_FILE
    _add_list_entries(sqlite_file, server.user_id, (server.user_id, int(str(writer["id"]))))


def _add_list_entries(sqlite_file: Path, user_id: int, with_avatar: tuple[int, ...]) -> None:
    """USER's list entries, and avatars for ``with_avatar``, straight into the database."""
    engine = create_engine(f"sqlite:///{sqlite_file}")
    try:
        with Session(engine) as session, session.begin():
            # MAL omits ``picture`` for a user without one; malfetcher reads it unconditionally.
            for avatar_user in with_avatar:
                session.get_one(User, avatar_user).avatar_large = AVATAR
            session.add_all(
                ListEntry(
                    user_id=user_id,
                    media_id=media_id,
                    media_type=MediaType.ANIME,
                    status=status,
                    progress=progress,
                    score=score,
                )
                for media_id, status, progress, score in LIST_ENTRIES
            )
    finally:
        engine.dispose()
