"""`kagami user|client|token` create accounts, clients and working tokens from the shell."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner, Result

from kagami.app import create_app
from kagami.cli import app
from kagami.config import Settings

PASSWORD = "correct horse battery"
REDIRECT = "https://app.example/callback"
_PW = ("--password", PASSWORD)
_URI = ("--redirect-uri", REDIRECT)


@pytest.fixture
def cli(tmp_path: Path) -> CliRunner:
    """A runner whose environment points Kagami at a fresh SQLite data dir."""
    return CliRunner(
        env={"KAGAMI_DATA_DIR": str(tmp_path), "KAGAMI_PASSWORD_HASH_PROFILE": "cheapest"}
    )


def _json(result: Result) -> dict[str, object]:
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)  # the whole of stdout is one JSON object
    assert isinstance(payload, dict)
    return payload


def _create_user(cli: CliRunner, name: str = "alice") -> Result:
    return cli.invoke(
        app,
        [*("user", "create", "--name", name, "--email", f"{name}@example.org"), *_PW, "--json"],
    )


def _create_client(cli: CliRunner, owner: str = "alice", *extra: str) -> Result:
    return cli.invoke(
        app,
        [*("client", "create", "--name", "My app", "--owner", owner), *_URI, *extra, "--json"],
    )


def test_user_create_prints_only_id_and_name_as_json(cli: CliRunner) -> None:
    assert _json(_create_user(cli)) == {"id": 1, "name": "alice"}


def test_client_create_prints_both_ids_and_the_secret_once(cli: CliRunner) -> None:
    _create_user(cli)
    payload = _json(
        _create_client(cli, "alice", "--redirect-uri", "http://127.0.0.1/cb", "--grant", "password")
    )
    assert set(payload) == {"anilist_client_id", "mal_client_id", "client_secret"}
    assert payload["anilist_client_id"] == 1
    assert re.fullmatch(r"[0-9a-f]{32}", str(payload["mal_client_id"]))
    assert len(str(payload["client_secret"])) >= 43


def test_client_create_type_android_is_public_without_a_secret(cli: CliRunner) -> None:
    _create_user(cli)
    payload = _json(_create_client(cli, "alice", "--type", "android"))
    assert payload["client_secret"] is None
    text = cli.invoke(
        app, ["client", "create", "--name", "Web app", "--owner", "alice", *_URI, "--type", "web"]
    )
    assert text.exit_code == 0 and "secret, shown once:" in text.stdout


def test_client_create_refuses_an_unknown_type(cli: CliRunner) -> None:
    _create_user(cli)
    result = _create_client(cli, "alice", "--type", "desktop")
    assert result.exit_code == 2 and "--type" in result.output


async def _get_me(data_dir: Path, token: str | None, **settings: object) -> httpx.Response:
    """GET /v2/users/@me through the full ASGI app on the CLI's data dir."""
    web = create_app(Settings(data_dir=data_dir, _env_file=None, **settings))  # type: ignore[call-arg]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.get("/v2/users/@me", headers=headers)
    finally:
        await web.state.db.dispose()


def test_issued_token_authenticates_users_me_over_http(cli: CliRunner, tmp_path: Path) -> None:
    _create_user(cli)
    client_id = _json(_create_client(cli))["anilist_client_id"]
    token = _json(
        cli.invoke(app, ["token", "issue", "--user", "alice", "--client", str(client_id), "--json"])
    )
    assert set(token) == {"access_token", "token_type", "expires_in"}
    assert token["token_type"] == "Bearer" and token["expires_in"] == 31536000
    me = asyncio.run(_get_me(tmp_path, str(token["access_token"])))
    assert me.status_code == 200, me.text
    assert me.json()["name"] == "alice"
    assert asyncio.run(_get_me(tmp_path, None)).status_code in (401, 403)  # MAL: no client id


def test_commands_without_json_print_a_friendly_line(cli: CliRunner) -> None:
    result = cli.invoke(
        app,
        ["user", "create", "--name", "bob", "--email", "b@example.org", "--password", PASSWORD],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Created user bob (id 1)"


def test_duplicate_user_name_exits_1_with_a_message_and_no_traceback(cli: CliRunner) -> None:
    _create_user(cli)
    result = _create_user(cli)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "taken" in result.stderr and "Traceback" not in result.output


def test_weak_password_is_refused(cli: CliRunner) -> None:
    result = cli.invoke(
        app,
        ["user", "create", "--name", "carol", "--email", "c@example.org", "--password", "short"],
    )
    assert result.exit_code == 1
    assert "password" in result.stderr and result.stdout == ""


def test_client_for_unknown_owner_is_refused(cli: CliRunner) -> None:
    result = _create_client(cli, "nobody")
    assert result.exit_code == 1
    assert "nobody" in result.stderr and result.stdout == ""


@pytest.mark.parametrize("uri", ["javascript:alert(1)", "http://evil.example/cb", REDIRECT + "#x"])
def test_client_with_unsafe_redirect_uri_is_refused(cli: CliRunner, uri: str) -> None:
    _create_user(cli)
    result = cli.invoke(
        app,
        ["client", "create", "--name", "x", "--owner", "alice", "--redirect-uri", uri, "--json"],
    )
    assert result.exit_code == 1
    assert "redirect_uris" in result.stderr and result.stdout == ""


def test_unknown_grant_is_a_usage_error(cli: CliRunner) -> None:
    _create_user(cli)
    result = _create_client(cli, "alice", "--grant", "magic")
    assert result.exit_code == 2
    assert "magic" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("user", "client", "message"),
    [("ghost", "1", "ghost"), ("alice", "99", "99"), ("alice", "not-an-id", "not-an-id")],
)
def test_token_issue_refuses_unknown_user_or_client(
    cli: CliRunner, user: str, client: str, message: str
) -> None:
    _create_user(cli)
    _create_client(cli)
    result = cli.invoke(app, ["token", "issue", "--user", user, "--client", client, "--json"])
    assert result.exit_code == 1
    assert message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.output


def test_token_purge_reports_what_it_deleted(cli: CliRunner) -> None:
    assert _json(cli.invoke(app, ["token", "purge", "--json"])) == {"deleted": 0}


def _help(cli: CliRunner, *command: str) -> str:
    """A command's --help as one line of words (rich's box and wrapping removed)."""
    result = cli.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())


def _stored_hash(data_dir: Path, name: str) -> str:
    with closing(sqlite3.connect(data_dir / "kagami.sqlite3")) as db:
        (stored,) = db.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
    return str(stored)


def test_user_create_without_password_asks_twice_on_stderr(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(
        app,
        ["user", "create", "--name", "dave", "--email", "d@example.org", "--json"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert _json(result) == {"id": 1, "name": "dave"}  # stdout: the JSON object alone
    assert "Password" in result.stderr and "Repeat for confirmation" in result.stderr
    assert PASSWORD not in result.output  # hidden input is not echoed
    assert PasswordHasher().verify(_stored_hash(tmp_path, "dave"), PASSWORD)


def test_user_create_refuses_a_password_confirmation_that_differs(cli: CliRunner) -> None:
    result = cli.invoke(
        app,
        ["user", "create", "--name", "erin", "--email", "e@example.org", "--json"],
        input=f"{PASSWORD}\n{PASSWORD} typo\n",  # then end of input: no second try
    )
    assert result.exit_code == 1
    # (CliRunner's stand-in for getpass echoes a newline to stdout; a terminal shows none)
    assert "do not match" in result.stderr and result.stdout.strip() == ""
    assert _json(_create_user(cli, "erin")) == {"id": 1, "name": "erin"}  # nothing was created


def test_user_create_help_says_the_password_is_prompted_not_required(cli: CliRunner) -> None:
    text = _help(cli, "user", "create")
    password = text[text.index("--password") : text.index("--json")]
    assert "[required]" not in password
    assert "asked for twice" in password


def test_token_issue_help_gives_the_default_token_lifetimes(cli: CliRunner) -> None:
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert defaults.anilist_token_lifetime == 365 * 86400
    assert defaults.anilist_v1_token_lifetime == 3600
    assert defaults.mal_token_lifetime == 31 * 86400
    text = _help(cli, "token", "issue")
    assert "anilist (1 year), anilist_v1 (1 hour) or mal (31 days)" in text


def test_cli_token_works_on_a_server_whatever_port_or_public_url_it_serves(
    cli: CliRunner, tmp_path: Path
) -> None:
    _create_user(cli)
    client_id = _json(_create_client(cli))["anilist_client_id"]
    args = ["token", "issue", "--user", "alice", "--client", str(client_id), "--json"]
    token = str(_json(cli.invoke(app, args))["access_token"])  # no KAGAMI_PORT: default 8000
    for elsewhere in ({"port": 41234}, {"public_base_url": "https://kagami.example"}):
        me = asyncio.run(_get_me(tmp_path, token, **elsewhere))
        assert me.status_code == 200, (elsewhere, me.text)
