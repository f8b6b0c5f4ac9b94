"""The published OpenAPI documents as schemathesis operations, and cases aimed at real rows."""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis
from hypothesis import strategies as st
from schemathesis import GenerationMode

# Ids the fixtures' rows have (users 1-2, the catalogue's media, characters, staff...) and
# rows earlier examples may have created (activities, threads, comments, reviews 1-3).
_SMALL = [1, 2, 3]
BODY_IDS: dict[str, list[Any]] = {
    "id": [*_SMALL, 5, 21, 40, 95, 14, 30013, 15125],
    "anime_id": [1, 5, 21, 15125],
    "manga_id": [30013],
    "thread_id": _SMALL,
    "reply_id": _SMALL,
    "messenger_id": _SMALL,
}
_OPERATIONS: dict[str, list[Any]] = {}  # a document is the same for every app: built once


async def operations(http: httpx.AsyncClient, url: str) -> list[Any]:
    """Every operation of the OpenAPI document the app serves at ``url``."""
    if url not in _OPERATIONS:
        response = await http.get(url)
        assert response.status_code == 200, response.text
        schema = schemathesis.openapi.from_dict(response.json())
        _OPERATIONS[url] = [result.ok() for result in schema.get_all_operations()]
    return _OPERATIONS[url]


def draw_case(
    data: st.DataObject,
    ops: list[Any],
    headers: dict[str, str],
    targets: dict[str, list[Any]],
) -> Any:
    """A case for one operation (writes half the time); half aim their path at existing rows."""
    writes = [op for op in ops if op.method.lower() != "get"]
    pick = writes if writes and data.draw(st.booleans(), label="write") else ops
    operation = data.draw(st.sampled_from(pick), label="operation")
    aimed = data.draw(st.booleans(), label="aimed")
    names = [p.name for p in operation.path_parameters]
    fixed = {n: data.draw(st.sampled_from(targets[n])) for n in names if aimed and n in targets}
    mode = data.draw(st.sampled_from(list(GenerationMode)), label="mode")
    case = data.draw(operation.as_strategy(mode, headers=headers, path_parameters=fixed))
    if aimed and isinstance(case.body, dict):  # ids in a form or JSON body: existing rows
        for name in sorted(case.body.keys() & BODY_IDS.keys()):
            case.body[name] = data.draw(st.sampled_from(BODY_IDS[name]))
    return case
