"""hypothesis-graphql over every Mutation root, with a user token: never a 500, never a traceback.

Every example sends one document per Mutation root (so every root is fuzzed in every run)
with generated arguments and a generated selection of its result; half of them have their
id arguments aimed at existing rows, so writes get past "not found". Invalid documents
(negative mode, any roots) must be 400s. Every answer is AniList's envelope with
client-error statuses only and carries the rate-limit headers, and the counters the
mutations maintain still match a recount afterwards.
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import ArgumentNode, IntValueNode, Visitor, parse, print_ast, visit
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations

from tests.dialects.anilist_graphql.test_fuzz import SCALARS, SCHEMA
from tests.fuzz.checks import assert_clean, fuzz_settings
from tests.fuzz.conftest import World

pytestmark = pytest.mark.fuzz

assert SCHEMA.mutation_type is not None
ROOTS = sorted(SCHEMA.mutation_type.fields)
VALID = {root: mutations(SCHEMA, fields=[root], custom_scalars=SCALARS) for root in ROOTS}
INVALID = mutations(SCHEMA, custom_scalars=SCALARS, mode=Mode.NEGATIVE)
# Rows the fixtures hold (users 1-2, the catalogue's media, characters, staff, studios) and
# rows earlier examples may have created (activities, replies, threads, comments, reviews).
EXISTING = [1, 2, 3, 5, 14, 21, 40, 95, 30013, 15125]
FUZZ = fuzz_settings(6)


class _AimIds(Visitor):
    """Replace integer ``id``/``...Id`` arguments with ids of existing rows."""

    def __init__(self, data: st.DataObject) -> None:
        super().__init__()
        self.data = data

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> ArgumentNode | None:
        name = node.name.value
        if isinstance(node.value, IntValueNode) and (name == "id" or name.endswith("Id")):
            value = IntValueNode(value=str(self.data.draw(st.sampled_from(EXISTING))))
            return ArgumentNode(name=node.name, value=value)
        return None


def _aimed(document: str, data: st.DataObject) -> str:
    return print_ast(visit(parse(document), _AimIds(data)))


async def _send(world: World, root: str, document: str) -> None:
    """Post ``document`` (calling ``root``, or "invalid") with the user's token; check it."""
    valid = root != "invalid"
    response = await world.http.post("/", json={"query": document}, headers=world.anilist)
    assert_clean(response)
    body = response.json()
    errors = body.get("errors") or []
    for error in errors:
        assert isinstance(error["message"], str) and error["message"], body
        assert isinstance(error["status"], int) and 400 <= error["status"] < 500, body
    if not valid:
        assert response.status_code == 400 and errors, (document, body)
    elif response.status_code != 200:
        assert errors, (document, body)
    event(f"{root} {response.status_code}")  # see --hypothesis-show-statistics


@FUZZ
@given(data=st.data())
async def test_every_mutation_with_a_token_never_fails_on_the_server(
    world: World, consistent: None, data: st.DataObject
) -> None:
    for root in ROOTS:
        document = data.draw(VALID[root], label=root)
        if data.draw(st.booleans(), label="aimed"):
            document = _aimed(document, data)
        await _send(world, root, document)
    for _ in range(3):
        await _send(world, "invalid", data.draw(INVALID, label="invalid"))


def test_every_mutation_root_is_fuzzed() -> None:
    assert len(ROOTS) >= 28 and "SaveMediaListEntry" in ROOTS and "UpdateUser" in ROOTS
