"""The sync planner's decisions, as a table: who changed, who deleted, who wins."""

from __future__ import annotations

import pytest

from kagami.catalogue.enums import MediaType
from kagami.lists.enums import MediaListStatus
from kagami.sync.entries import SyncEntry, fingerprint
from kagami.sync.plan import Action, plan

OLD = SyncEntry(1, MediaType.ANIME, MediaListStatus.CURRENT, progress=3, updated_at=100)
SEEN = fingerprint(OLD, "anilist")


def _at(progress: int, updated_at: int) -> SyncEntry:
    return SyncEntry(
        1, MediaType.ANIME, MediaListStatus.CURRENT, progress=progress, updated_at=updated_at
    )


@pytest.mark.parametrize(
    ("local", "remote", "seen", "policy", "expected"),
    [
        (OLD, OLD, SEEN, "latest", None),  # in step: nothing
        (OLD, OLD, None, "latest", (Action.RECORD, False)),  # equal, never recorded
        (_at(5, 200), OLD, SEEN, "latest", (Action.PUSH, False)),
        (OLD, _at(5, 200), SEEN, "latest", (Action.PULL, False)),
        (_at(5, 300), _at(7, 200), SEEN, "latest", (Action.PUSH, True)),  # local is later
        (_at(5, 200), _at(7, 300), SEEN, "latest", (Action.PULL, True)),  # remote is later
        (_at(5, 300), _at(7, 200), SEEN, "remote", (Action.PULL, True)),
        (_at(5, 200), _at(7, 300), SEEN, "local", (Action.PUSH, True)),
        (OLD, None, SEEN, "latest", (Action.DELETE_LOCAL, False)),  # deleted there
        (None, OLD, SEEN, "latest", (Action.DELETE_REMOTE, False)),  # deleted here
        (_at(5, 200), None, SEEN, "latest", (Action.PUSH, True)),  # changed beats deleted
        (_at(5, 200), None, SEEN, "remote", (Action.DELETE_LOCAL, True)),
        (None, _at(5, 200), SEEN, "local", (Action.DELETE_REMOTE, True)),
        (OLD, None, None, "latest", (Action.PUSH, False)),  # new here
        (None, OLD, None, "latest", (Action.PULL, False)),  # new there
        (None, None, SEEN, "latest", (Action.FORGET, False)),  # gone on both sides
    ],
)
def test_plan_decides_by_change_and_policy(
    local: SyncEntry | None,
    remote: SyncEntry | None,
    seen: str | None,
    policy: str,
    expected: tuple[Action, bool] | None,
) -> None:
    steps = plan(
        {1: local} if local else {},
        {1: remote} if remote else {},
        {1: seen} if seen else {},
        dialect="anilist",
        policy=policy,
    )
    assert [(s.action, s.conflict) for s in steps] == ([expected] if expected else [])


def test_scores_mal_stores_alike_are_no_change_for_mal() -> None:
    here = SyncEntry(1, MediaType.ANIME, MediaListStatus.COMPLETED, score=84)
    there = SyncEntry(1, MediaType.ANIME, MediaListStatus.COMPLETED, score=80)
    assert fingerprint(here, "mal") == fingerprint(there, "mal")
    assert fingerprint(here, "anilist") != fingerprint(there, "anilist")


def test_an_unknown_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown conflict policy"):
        plan({}, {}, {}, dialect="anilist", policy="newest")
