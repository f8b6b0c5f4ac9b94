"""Schemathesis over the v1 OpenAPI document (/api/openapi.json): never a 500, never a traceback.

Every documented v1 operation, the writes (POST/PUT/DELETE with their form or JSON bodies)
included, gets requests generated from the published document, sent with a user token;
half the cases aim their path at existing rows. Errors are v1's error object, every answer
carries the rate-limit headers, and the maintained counters still match a recount after.
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

FUZZ = fuzz_settings(60)
TARGETS: dict[str, list[Any]] = {
    "ident": ["fuzzer", "bystander", "1", "2"],
    "media_id": [1, 5, 21, 30013, 15125],
    "series_id": [1, 5, 21, 30013, 15125],
    "character_id": [1, 2, 3, 40],
    "staff_id": [95, 96, 97, 98],
    "studio_id": [14, 18, 23],
    "review_id": [1, 2],
    "thread_id": [1, 2],
    "comment_id": [1, 2],
}


def _v1_error(response: Any) -> None:
    """v1's error object on every refusal (a wrong method is the router's own 405)."""
    if response.status_code >= 400 and response.status_code != 405:
        body = response.json()
        assert isinstance(body.get("error"), str), (response.request.url, body)
        assert isinstance(body.get("error_description"), str), (response.request.url, body)


@FUZZ
@given(data=st.data())
async def test_v1_openapi_operations_never_fail_on_the_server(
    world: World, consistent: None, data: st.DataObject
) -> None:
    ops = await operations(world.http, "/api/openapi.json")
    case = draw_case(data, ops, world.v1, TARGETS)
    response = await send_case(world.http, case, world.v1, BASE_URL)
    event(f"{case.method} {case.path} {response.status_code}")  # see --hypothesis-show-statistics
    # The token endpoint has its own failure throttle instead of the API rate limit.
    assert_clean(response, limited=not case.path.startswith("/api/auth/"))
    _v1_error(response)


async def test_the_v1_openapi_document_has_every_section_and_write_body(world: World) -> None:
    ops = await operations(world.http, "/api/openapi.json")
    assert len(ops) > 20
    writes = [op for op in ops if op.method.lower() in ("post", "put")]
    undocumented = [
        (op.method, op.path)
        for op in writes
        if not op.definition.raw.get("requestBody") and op.path != "/api/auth/access_token"
    ]
    assert writes and not undocumented
