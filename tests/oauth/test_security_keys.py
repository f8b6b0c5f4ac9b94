"""SECURITY.md BT-8: signing-key rotation over real HTTP, on both backends."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from kagami.app import create_app
from kagami.cli import app as cli_app
from kagami.config import Settings
from kagami.db import Database
from kagami.oauth.keys import ALGORITHM, keyring_dir, load_signing_key, rotate_signing_key
from tests.auth_support import REDIRECT, Client, get_code, make_client, register


@asynccontextmanager
async def _rebuilt(
    settings: Settings, database: Database, cookies: httpx.Cookies
) -> AsyncIterator[httpx.AsyncClient]:
    """A fresh app on the same data dir and database, as after a server restart."""
    app = create_app(settings, database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", cookies=cookies
    ) as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


async def _v1_token(http: httpx.AsyncClient, c: Client) -> str:
    code = await get_code(http, c, "v1")
    r = await http.post(
        "/api/auth/access_token",
        data={
            "grant_type": "authorization_code",
            "client_id": c.id,
            "client_secret": c.secret,
            "redirect_uri": REDIRECT,
            "code": code,
        },
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


async def _user(http: httpx.AsyncClient, token: str) -> int:
    r = await http.get("/api/user", headers={"Authorization": f"Bearer {token}"})
    return r.status_code


def _kid(token: str) -> str:
    return str(jwt.get_unverified_header(token)["kid"])


async def test_BT_8_old_key_verifies_until_retirement_then_401(
    app_client: httpx.AsyncClient, auth_settings: Settings, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    old = await _v1_token(app_client, c)
    old_kid = _kid(old)
    assert await _user(app_client, old) == 200

    done = rotate_signing_key(auth_settings, 3600)
    assert done.old_kid == old_kid and done.new_kid != old_kid
    async with _rebuilt(auth_settings, database, app_client.cookies) as http:
        assert await _user(http, old) == 200  # before retirement
        new = await _v1_token(http, c)
        assert _kid(new) == done.new_kid
        assert await _user(http, new) == 200

    index_path = keyring_dir(auth_settings) / "index.json"
    index = json.loads(index_path.read_text())
    index["keys"][old_kid]["retired_at"] = 1  # long past
    index_path.write_text(json.dumps(index))
    async with _rebuilt(auth_settings, database, app_client.cookies) as http:
        retired = await http.get("/api/user", headers={"Authorization": f"Bearer {old}"})
        assert retired.status_code == 401
        assert await _user(http, new) == 200
        mal_style = await http.get("/v2/users/@me", headers={"Authorization": f"Bearer {old}"})
        assert mal_style.status_code == 401


async def test_BT_8_second_rotation_keeps_every_unretired_key(
    app_client: httpx.AsyncClient, auth_settings: Settings, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    first = await _v1_token(app_client, c)
    rotate_signing_key(auth_settings, 3600)
    async with _rebuilt(auth_settings, database, app_client.cookies) as http:
        second = await _v1_token(http, c)
    rotate_signing_key(auth_settings, 3600)
    async with _rebuilt(auth_settings, database, app_client.cookies) as http:
        third = await _v1_token(http, c)
        assert len({_kid(first), _kid(second), _kid(third)}) == 3
        for token in (first, second, third):
            assert await _user(http, token) == 200


async def test_BT_8_unknown_or_missing_kid_is_401(
    app_client: httpx.AsyncClient, database: Database
) -> None:
    await register(app_client)
    c = await make_client(database)
    good = await _v1_token(app_client, c)
    claims = jwt.decode(good, options={"verify_signature": False})
    key = app_client.app.state.signing_key  # type: ignore[attr-defined]
    stranger = Ed25519PrivateKey.generate()
    forged = [
        # our own key, but a kid the keyring does not know: selection is by kid only
        jwt.encode(claims, key.private, algorithm=ALGORITHM, headers={"kid": "0" * 16}),
        jwt.encode(claims, stranger, algorithm=ALGORITHM, headers={"kid": uuid.uuid4().hex[:16]}),
        jwt.encode(claims, key.private, algorithm=ALGORITHM),  # no kid at all
    ]
    for token in forged:
        r = await app_client.get("/api/user", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, token
    assert await _user(app_client, good) == 200


def test_BT_8_cli_rotate_prints_one_line_or_json(auth_settings: Settings) -> None:
    runner = CliRunner(env={"KAGAMI_DATA_DIR": str(auth_settings.data_dir)})
    first = runner.invoke(cli_app, ["keys", "rotate", "--json"])
    assert first.exit_code == 0, first.output
    payload = json.loads(first.stdout)
    assert set(payload) == {"kid", "previous_kid", "previous_retired_at"}
    index = json.loads((keyring_dir(auth_settings) / "index.json").read_text())
    retired_at = index["keys"][payload["previous_kid"]]["retired_at"]
    assert retired_at == payload["previous_retired_at"]
    assert retired_at - index["keys"][payload["previous_kid"]]["rotated_at"] == 31536000
    second = runner.invoke(cli_app, ["keys", "rotate", "--retire-after", "60"])
    assert second.exit_code == 0, second.output
    assert len(second.stdout.strip().splitlines()) == 1
    assert payload["kid"] in second.stdout  # the previous current key is now retiring


def _kid_in(data_dir: str) -> str:
    """The signing key a process starting on ``data_dir`` loads (or an error's text)."""
    try:
        return load_signing_key(Settings(data_dir=Path(data_dir), _env_file=None)).kid
    except ValueError as exc:
        return f"error: {exc}"


def test_workers_starting_together_on_a_fresh_data_dir_all_load_one_whole_key(
    tmp_path: Path,
) -> None:
    # `kagami serve --workers N` on a new data dir: every worker creates or reads the key at
    # once. An O_EXCL create let some read the file empty or half-written (MalformedFraming).
    with ProcessPoolExecutor(8) as pool:
        for n in range(25):
            data_dir = tmp_path / f"d{n}"
            kids = list(pool.map(_kid_in, [str(data_dir)] * 8))
            assert len(set(kids)) == 1 and not kids[0].startswith("error"), kids
