"""A real ``kagami serve`` on a loopback port the OS picks, with a user, a token and list entries.

The user, client and token come from the ``kagami`` CLI (as an operator would make them);
list entries go straight into the database, since no mutation can write them yet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.cli import app
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.testing import harness

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


@dataclass
class KagamiServer:
    """A running server (started by the test harness) and what was set up in it."""

    served: harness.KagamiServer
    user_id: int = 0
    token: str = ""
    mal_client_id: str = ""  # the client's MAL hex id, for X-MAL-CLIENT-ID
    mal_token: str = ""  # the user's MAL-dialect token
    writer_mal_token: str = ""  # MAL token of WRITER, whose list the update tests change

    @property
    def base_url(self) -> str:
        """The URL the server bound (``--port 0``: the OS chose the port)."""
        return self.served.url

    @property
    def env(self) -> dict[str, str]:
        """The server's environment, which the CLI shares to reach the same database."""
        return self.served.env

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's output, for failure messages."""
        return self.served.log_tail(lines)

    def stop(self) -> None:
        """Terminate the server and reap it."""
        self.served.stop()


def start(data_dir: Path) -> KagamiServer:
    """Start ``kagami serve --port 0`` on a fresh data dir with the bundled catalogue.

    The OS picks the port at bind time: a port chosen beforehand could be taken by another
    xdist worker's server meanwhile, and the health check would then reach that one.
    """
    extra = {
        "KAGAMI_DATABASE_URL": f"sqlite+aiosqlite:///{data_dir / SQLITE_FILE}",
        "KAGAMI_DEV_MODE": "false",
        "KAGAMI_RATE_LIMIT": "1000000/minute",  # the libraries' calls are not what is tested
    }
    return KagamiServer(harness.start_server(data_dir, extra_env=extra))


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
