"""Every social mutation runs a small, fixed number of SQL statements (token check included)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.dialects.anilist_graphql.mutations_social.support import Caller
from tests.dialects.anilist_graphql.social_data import Social

# (caller, document, variables from the social graph, most statements allowed)
CASES: dict[str, tuple[str, str, Callable[[Social], dict[str, Any]], int]] = {
    "ToggleFavourite": (
        "dave",
        "mutation ($id: Int) { ToggleFavourite(animeId: $id) { anime { nodes { id } } } }",
        lambda s: {"id": 1},
        12,
    ),
    "UpdateFavouriteOrder": (
        "alice",
        "mutation ($ids: [Int], $o: [Int]) { UpdateFavouriteOrder(characterIds: $ids, "
        "characterOrder: $o, staffIds: $ids, staffOrder: $o) { characters { nodes { id } } } }",
        lambda s: {"ids": [1, 2, 3], "o": [3, 2, 1]},
        10,
    ),
    "ToggleLikeV2": (
        "dave",
        "mutation ($id: Int) { ToggleLikeV2(id: $id, type: ACTIVITY_REPLY) "
        "{ ... on ActivityReply { likeCount isLiked } } }",
        lambda s: {"id": s.replies["r1"]},
        12,
    ),
    "SaveMessageActivity": (
        "alice",
        'mutation ($to: Int) { SaveMessageActivity(recipientId: $to, message: "hello") '
        "{ id messenger { name } } }",
        lambda s: {"to": s.users["bob"]},
        12,
    ),
    "DeleteActivity": (
        "alice",
        "mutation ($id: Int) { DeleteActivity(id: $id) { deleted } }",
        lambda s: {"id": s.activities["a1"]},
        10,
    ),
    "ToggleActivityPin": (
        "alice",
        "mutation ($id: Int) { ToggleActivityPin(id: $id) { ... on TextActivity { isPinned } } }",
        lambda s: {"id": s.activities["a1"]},
        8,
    ),
    "ToggleActivitySubscription": (
        "bob",
        "mutation ($id: Int) { ToggleActivitySubscription(activityId: $id) "
        "{ ... on TextActivity { isSubscribed } } }",
        lambda s: {"id": s.activities["a1"]},
        8,
    ),
    "SaveListActivity": (
        "dave",
        "mutation ($id: Int) { SaveListActivity(id: $id, locked: true) { isLocked } }",
        lambda s: {"id": s.activities["a2"]},
        8,
    ),
    "DeleteActivityReply": (
        "bob",
        "mutation ($id: Int) { DeleteActivityReply(id: $id) { deleted } }",
        lambda s: {"id": s.replies["r1"]},
        10,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_social_mutation_statement_budget(
    name: str,
    who: Callable[..., Any],
    social: Social,
    sql_counter: Callable[..., Any],
) -> None:
    user, document, variables, budget = CASES[name]
    caller: Caller = await who(user)
    with sql_counter() as counted:
        await caller.data(document, variables(social))
    print(f"\n{name}: {counted.count} statements")
    assert counted.count <= budget, str(counted)
