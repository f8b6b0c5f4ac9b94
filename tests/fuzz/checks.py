"""What every fuzzed answer must satisfy, whatever the dialect, and how cases are sent."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import httpx
from hypothesis import HealthCheck, settings


def fuzz_settings(max_examples: int) -> settings:
    """Hypothesis settings of a fuzz test: no deadline; the app and database are shared
    by the examples on purpose (function-scoped fixtures), so later writes meet earlier ones."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Python's traceback header and frame lines: never in an answer, unless the request sent them.
TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "')


def assert_clean(response: httpx.Response, *, limited: bool = True) -> None:
    """No 5xx, no traceback text in the body, and (API calls) the rate-limit headers."""
    request = response.request
    sent = request.url.query.decode(errors="replace") + request.content.decode(errors="replace")
    where = (request.method, str(request.url)[:500], request.content[:500])
    assert response.status_code < 500, (*where, response.status_code, response.text[:2000])
    for marker in TRACEBACK_MARKERS:
        assert marker not in response.text or marker in sent, (*where, response.text[:2000])
    if limited:
        assert "x-ratelimit-limit" in response.headers, (*where, dict(response.headers))
        assert "x-ratelimit-remaining" in response.headers, (*where, dict(response.headers))


def _form_value(value: Any) -> str:
    """A generated form value as a client would write it (nested values as JSON)."""
    if isinstance(value, dict | list):
        return json.dumps(value)
    return "" if value is None else str(value)


async def send_case(
    http: httpx.AsyncClient, case: Any, headers: dict[str, str], base_url: str
) -> httpx.Response:
    """Send one schemathesis case through ``http`` (the app's ASGI transport)."""
    kw = case.as_transport_kwargs(base_url=base_url, headers=headers)
    send: dict[str, Any] = {"params": kw.get("params") or None}
    if "json" in kw:
        send["json"] = kw["json"]
    elif isinstance(kw.get("data"), dict):
        pairs = [(str(k), _form_value(v)) for k, v in kw["data"].items()]
        send["content"] = urlencode(pairs)
    elif kw.get("data") is not None:
        data = kw["data"]
        send["content"] = data if isinstance(data, bytes) else str(data).encode()
    return await http.request(kw["method"], kw["url"], headers=kw["headers"], **send)
