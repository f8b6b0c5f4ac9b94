"""Request ids, and OB-6: a crash answers a generic 500 whose request id finds its log line."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.observability.conftest import LogLines
from tests.observability.flows import MAL_V021_CLIENT

GENERIC = {"error": "internal_server_error", "message": "Internal Server Error"}

# Backend-independent behaviour: SQLite is enough.
pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


async def test_a_sane_incoming_request_id_is_echoed_and_logged(
    app_client: httpx.AsyncClient, log_lines: LogLines
) -> None:
    r = await app_client.get("/healthz", headers={"X-Request-ID": "lb-7f3a:01.x_y"})
    assert r.headers["x-request-id"] == "lb-7f3a:01.x_y"
    (line,) = log_lines.events("request")
    assert (line["request_id"], line["path"], line["status"]) == ("lb-7f3a:01.x_y", "/healthz", 200)
    assert line["sql"] >= 1 and line["duration_ms"] > 0


@pytest.mark.parametrize("sent", ["a" * 65, "two words", "new\nline", "", "ünïcode"])
async def test_an_odd_incoming_request_id_is_replaced(
    app_client: httpx.AsyncClient, log_lines: LogLines, sent: str
) -> None:
    r = await app_client.get("/healthz", headers={"X-Request-ID": sent.encode("utf-8")})
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"])
    assert sent not in log_lines.text or not sent
    assert log_lines.events("request")[0]["request_id"] == r.headers["x-request-id"]


def _boom(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError("internals at /srv/kagami/secret.py: SELECT password_hash FROM users")


async def test_OB_6_a_crash_is_a_generic_500_whose_request_id_is_in_the_log(
    app_client: httpx.AsyncClient, log_lines: LogLines, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kagami.health.catalogue_size", _boom)
    r = await app_client.get("/healthz", headers={"X-Request-ID": "ob6-main"})
    assert r.status_code == 500
    assert r.json() == {**GENERIC, "request_id": "ob6-main"}
    assert "server" not in r.headers
    (crash,) = log_lines.events("unhandled_error")
    assert crash["request_id"] == "ob6-main" and "RuntimeError" in crash["exception"]
    assert log_lines.events("request")[-1]["status"] == 500


async def test_OB_6_a_crash_inside_a_mounted_dialect_app_is_the_same_generic_500(
    app_client: httpx.AsyncClient, log_lines: LogLines, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kagami.dialects.mal.anime_routes.fields_of", _boom)
    headers = {"X-MAL-CLIENT-ID": MAL_V021_CLIENT, "X-Request-ID": "ob6-mal"}
    r = await app_client.get("/v2/anime/1", headers=headers)
    assert (r.status_code, r.json()) == (500, {**GENERIC, "request_id": "ob6-mal"})
    assert "secret.py" not in r.text and "SELECT" not in r.text
    assert [e["request_id"] for e in log_lines.events("unhandled_error")] == ["ob6-mal"]


async def test_OB_6_graphql_500_carries_the_request_id_of_its_log_line(
    app_client: httpx.AsyncClient, log_lines: LogLines, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kagami.dialects.anilist_graphql.schema_loader import build_schema

    target = build_schema().type_map["Query"].fields["Viewer"]  # type: ignore[attr-defined]
    monkeypatch.setattr(target, "resolve", _boom)
    r = await app_client.post(
        "/graphql", json={"query": "{ Viewer { id } }"}, headers={"X-Request-ID": "ob6-gql"}
    )
    assert r.status_code == 500
    assert r.json() == {
        "data": None,
        "errors": [{"message": "Internal Server Error", "status": 500, "request_id": "ob6-gql"}],
    }
    errors = [rec for rec in log_lines.records() if rec["level"] == "error"]
    assert errors and all(rec["request_id"] == "ob6-gql" for rec in errors)
