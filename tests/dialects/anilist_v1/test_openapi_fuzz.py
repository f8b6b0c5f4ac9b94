"""Schemathesis cases drawn from the v1 OpenAPI document (/api/openapi.json): never a 500.

Every documented v1 operation gets requests generated from its schema (path, query and
headers), sent with a user token through the ASGI app; errors must be v1-shaped.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kagami.community.models import ForumCategory
from kagami.dialects.anilist_v1.router import v1_paths
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_user

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


_OPERATIONS: list[Any] = []  # the document is the same for every app: built once


def _operations(app: Any) -> list[Any]:
    """The v1 OpenAPI document's operations (as /api/openapi.json serves them)."""
    if not _OPERATIONS:
        full = app.openapi()
        spec = {**full, "paths": v1_paths(full)}
        _OPERATIONS.extend(
            r.ok() for r in schemathesis.openapi.from_dict(spec).get_all_operations()
        )
    return _OPERATIONS


def _has_nul(case: Any) -> bool:
    """A NUL anywhere (the edge guard refuses those before any route runs; tested with it)."""
    parts = [case.formatted_path, *(case.query or {}).values(), *(case.headers or {}).values()]
    return any("\x00" in str(p) for p in parts)


@FUZZ
@given(data=st.data())
async def test_v1_openapi_operations_never_fail_on_the_server(
    v1: V1Client, actor: dict[str, str], data: st.DataObject
) -> None:
    operation = data.draw(st.sampled_from(_operations(v1.app)))
    case = data.draw(operation.as_strategy())
    assume(not _has_nul(case))
    headers = {k: str(v) for k, v in (case.headers or {}).items()} | actor
    r = await v1.http.request(
        case.method, case.formatted_path, params=case.query or None, headers=headers
    )
    assert r.status_code < 500, (case.method, case.formatted_path, case.query, r.text)
    if r.status_code >= 400 and case.formatted_path.startswith("/api/"):
        body = r.json()
        assert isinstance(body.get("error"), str), (case.formatted_path, body)


async def test_the_v1_openapi_document_has_every_section(v1: V1Client) -> None:
    assert len(_operations(v1.app)) > 20


@pytest.fixture
async def actor(v1: V1Client, catalogue: Any) -> dict[str, str]:
    async with v1.database.session() as s:
        s.add(ForumCategory(id=7, name="General"))
        user = await make_user(s, name="fuzzer")
    return await v1.auth(user.id)
