"""OB-2 and OB-5: what the log pipeline masks, and that every record stays one line."""

from __future__ import annotations

import io
import json
import logging

import httpx
import pytest
import structlog

from kagami.config import Settings
from kagami.observability import configure_logging
from tests.auth_support import csrf_of
from tests.observability.conftest import LogLines
from tests.observability.flows import canary

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
HOSTILE_NAME = 'mallory\n{"event":"forged","level":"critical"}\x1b[31mred\x1b[0m\u2028end'


def test_OB_2_credential_keys_and_url_secrets_are_masked(log_lines: LogLines) -> None:
    secrets = {key: canary(key) for key in ("pw", "rt", "auth", "cookie", "setcookie", "cs")}
    structlog.get_logger("kagami.test").info(
        "probe",
        password=secrets["pw"],
        refresh_token=secrets["rt"],
        authorization=f"Bearer {secrets['auth']}",
        cookie=secrets["cookie"],
        set_cookie=secrets["setcookie"],
        url=f"/cb?state=1&client_secret={secrets['cs']}&code_verifier=v&x=2",
    )
    (record,) = log_lines.events("probe")
    assert not [value for value in secrets.values() if value in log_lines.text]
    assert record["password"] == record["authorization"] == "[redacted]"
    assert record["url"] == "/cb?state=1&client_secret=[redacted]&code_verifier=[redacted]&x=2"


@SQLITE_ONLY
async def test_OB_2_access_log_redacts_the_query_and_never_logs_headers_or_body(
    app_client: httpx.AsyncClient, log_lines: LogLines
) -> None:
    names = ("access_token", "code", "client_secret", "refresh_token", "password")
    values = {name: canary(name) for name in (*names, "code_verifier")}
    header_secrets = [canary("authz"), canary("cookie")]
    body_secret = canary("body")
    r = await app_client.post(
        "/api/auth/access_token",
        params=values,
        headers={
            "Authorization": f"Bearer {header_secrets[0]}",
            "Cookie": f"s={header_secrets[1]}",
        },
        data={"grant_type": "password", "password": body_secret},
    )
    assert r.status_code >= 400
    (line,) = [e for e in log_lines.events("request") if e["path"].startswith("/api/auth/")]
    assert line["path"].count("=[redacted]") == len(values)
    leaked = [v for v in [*values.values(), *header_secrets, body_secret] if v in log_lines.text]
    assert leaked == []
    assert "authorization" not in line and "cookie" not in line


@SQLITE_ONLY
async def test_OB_5_hostile_user_name_is_one_escaped_json_line(
    app_client: httpx.AsyncClient, log_lines: LogLines
) -> None:
    page = await app_client.get("/login")
    r = await app_client.post(
        "/login",
        data={"csrf_token": csrf_of(page.text), "name": HOSTILE_NAME, "password": "wrong pass"},
    )
    assert r.status_code == 400
    lines = [line for line in log_lines.text.splitlines() if "login_failed" in line]
    assert len(lines) == 1
    assert "\x1b" not in log_lines.text and "\u2028" not in log_lines.text
    assert "\\n" in lines[0] and "\\u001b[31m" in lines[0]
    assert json.loads(lines[0])["name"] == HOSTILE_NAME  # escaped, not altered
    assert not log_lines.events("forged")  # every line parses; none was forged


def test_OB_5_console_view_escapes_control_characters() -> None:
    stream = io.StringIO()
    handler = configure_logging(Settings(log_format="console"), stream)
    try:
        structlog.get_logger("kagami.test").warning("login_failed", name=HOSTILE_NAME)
    finally:
        logging.getLogger().removeHandler(handler)
    output = stream.getvalue()
    assert output.count("\n") == 1 and "\x1b" not in output and "\u2028" not in output
    assert "\\x0a" in output and "\\x1b[31m" in output


def test_log_format_auto_is_console_on_a_terminal_and_json_otherwise() -> None:
    from kagami.observability.logconfig import resolved_format

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert resolved_format("auto", Terminal()) == "console"
    assert resolved_format("auto", io.StringIO()) == "json"
    assert resolved_format("json", Terminal()) == "json"
