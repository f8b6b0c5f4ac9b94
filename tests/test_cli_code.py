"""`kagami code issue` mints codes an app's own exchange code redeems, without a browser."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from kagami.app import create_app
from kagami.cli import app
from kagami.config import Settings
from tests.test_cli_accounts import _create_client, _create_user, _json

REDIRECT = "https://app.example/callback"
VERIFIER = "v" * 43


@pytest.fixture
def cli(tmp_path: Path) -> CliRunner:
    """A runner on a fresh SQLite data dir (cheap password hashing)."""
    return CliRunner(
        env={"KAGAMI_DATA_DIR": str(tmp_path), "KAGAMI_PASSWORD_HASH_PROFILE": "cheapest"}
    )


async def _exchange(data_dir: Path, path: str, form: dict[str, str]) -> httpx.Response:
    web = create_app(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    try:
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.post(path, data=form)
    finally:
        await web.state.db.dispose()


def test_codes_from_the_cli_redeem_at_anilist_and_mal_token_endpoints(
    cli: CliRunner, tmp_path: Path
) -> None:
    _create_user(cli)
    made = _json(_create_client(cli))
    ids = {"client_id": str(made["anilist_client_id"]), "client_secret": str(made["client_secret"])}
    base = ["code", "issue", "--user", "alice", "--client", ids["client_id"], "--json"]
    anilist = _json(cli.invoke(app, [*base, "--redirect-uri", REDIRECT]))
    assert anilist["dialect"] == "anilist"
    form = {**ids, "grant_type": "authorization_code", "redirect_uri": REDIRECT}
    token = asyncio.run(
        _exchange(tmp_path, "/api/v2/oauth/token", {**form, "code": str(anilist["code"])})
    )
    assert token.status_code == 200 and token.json()["token_type"] == "Bearer", token.text
    mal = _json(cli.invoke(app, [*base, "--code-challenge", VERIFIER]))
    assert mal["dialect"] == "mal"
    mal_form = {
        **ids,
        "client_id": str(made["mal_client_id"]),
        "grant_type": "authorization_code",
        "code": str(mal["code"]),
        "code_verifier": VERIFIER,
    }
    answer = asyncio.run(_exchange(tmp_path, "/v1/oauth2/token", mal_form))
    assert answer.status_code == 200 and "refresh_token" in answer.json(), answer.text


def test_code_issue_refuses_an_unregistered_redirect_and_a_bad_challenge(cli: CliRunner) -> None:
    _create_user(cli)
    client_id = str(_json(_create_client(cli))["anilist_client_id"])
    base = ["code", "issue", "--user", "alice", "--client", client_id]
    wrong = cli.invoke(app, [*base, "--redirect-uri", "https://evil.example/cb"])
    assert wrong.exit_code == 1 and "registered" in wrong.output
    short = cli.invoke(app, [*base, "--code-challenge", "short"])
    assert short.exit_code == 2 and "--code-challenge" in short.output
    no_pkce = cli.invoke(app, [*base, "--dialect", "mal"])
    assert no_pkce.exit_code == 2 and "PKCE" in no_pkce.output
