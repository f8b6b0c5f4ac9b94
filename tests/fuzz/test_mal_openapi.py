"""Schemathesis over the MAL OpenAPI documents (/v2 and /v0.21): never a 500, never a traceback.

Every documented operation, list writes (PATCH/PUT/DELETE ``my_list_status``) included, is
sent with a user token and with ``X-MAL-CLIENT-ID`` alone; half the cases aim at existing
anime, manga, users and topics so writes reach the list service. Errors are MAL's object,
every answer carries the rate-limit headers, and the counters the writes maintain still
match a recount afterwards.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.fuzz.checks import assert_clean, fuzz_settings, send_case
from tests.fuzz.conftest import BASE_URL, World
from tests.fuzz.documents import draw_case, operations

pytestmark = pytest.mark.fuzz

FUZZ = fuzz_settings(40)
TARGETS: dict[str, list[Any]] = {
    "anime_id": [1, 5, 21, 15125],
    "manga_id": [13],
    "user_name": ["@me", "fuzzer", "bystander"],
    "topic_id": [1],
    "year": [1998, 2012],
    "season": ["winter", "spring", "summer", "fall"],
}


def _mal_error(response: Any) -> None:
    """MAL's error object, ``{"error", "message"}``, on every refusal."""
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error", "message"}, (response.request.url, body)
        assert isinstance(body["error"], str) and isinstance(body["message"], str), body


@pytest.mark.parametrize("prefix", ["/v2", "/v0.21"])
@pytest.mark.parametrize("auth", ["token", "client_id"])
@FUZZ
@given(data=st.data())
async def test_mal_openapi_operations_never_fail_on_the_server(
    world: World, consistent: None, prefix: str, auth: str, data: st.DataObject
) -> None:
    ops = await operations(world.http, f"{prefix}/openapi.json")
    headers = world.mal if auth == "token" else world.mal_client
    case = draw_case(data, ops, headers, TARGETS)
    response = await send_case(world.http, case, headers, BASE_URL + prefix)
    event(f"{case.method} {case.path} {response.status_code}")  # see --hypothesis-show-statistics
    assert_clean(response)
    _mal_error(response)


@pytest.mark.parametrize("prefix", ["/v2", "/v0.21"])
async def test_mal_openapi_documents_every_route_with_forms_and_security(
    world: World, prefix: str
) -> None:
    doc = (await world.http.get(f"{prefix}/openapi.json")).json()
    assert set(doc["components"]["securitySchemes"]) == {"main_auth", "client_auth"}
    writes = {
        (method, path)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if "requestBody" in op
    }
    assert ("patch", "/anime/{anime_id}/my_list_status") in writes
    assert ("patch", "/manga/{manga_id}/my_list_status") in writes
    for path, item in doc["paths"].items():
        for method, op in item.items():
            schemes = {name for requirement in op["security"] for name in requirement}
            user_only = "@me" in path or "my_list_status" in path or "suggestions" in path
            assert schemes == ({"main_auth"} if user_only else {"main_auth", "client_auth"}), (
                method,
                path,
            )
    assert doc["servers"] == [{"url": prefix}]
