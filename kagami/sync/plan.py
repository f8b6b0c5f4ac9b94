"""Decide what a sync does, per media, from both lists and what the last sync saw.

A side "changed" when its fingerprint differs from the stored one (or nothing is stored).
One side changed: it wins. Both changed to different values: the conflict policy decides
(``latest`` compares ``updatedAt``, ties go to the local side). An entry missing on one
side that the last sync saw was deleted there: the delete propagates unless the other side
changed it since, in which case the policy decides between the delete and the change
(``latest`` keeps the change, since a deletion has no time to compare).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from kagami.sync.entries import SyncEntry, fingerprint

POLICIES = ("latest", "local", "remote")


class Action(enum.StrEnum):
    """What to do for one media."""

    PUSH = "push"  # write the local entry to the remote
    PULL = "pull"  # write the remote entry locally
    DELETE_REMOTE = "delete remote"
    DELETE_LOCAL = "delete local"
    RECORD = "record"  # both sides agree: only the sync state changes
    FORGET = "forget"  # gone on both sides: drop the sync state


@dataclass(frozen=True)
class Step:
    """One planned action, with the entries it acts on."""

    action: Action
    media_id: int
    local: SyncEntry | None
    remote: SyncEntry | None
    conflict: bool = False

    @property
    def writes(self) -> bool:
        """Whether the step changes a list (as opposed to only the sync state)."""
        return self.action not in (Action.RECORD, Action.FORGET)


def _local_wins(local: SyncEntry, remote: SyncEntry, policy: str) -> bool:
    if policy == "local":
        return True
    if policy == "remote":
        return False
    return local.updated_at >= remote.updated_at


def _step(
    media_id: int,
    local: SyncEntry | None,
    remote: SyncEntry | None,
    seen: str | None,
    dialect: str,
    policy: str,
) -> Step | None:
    fl = fingerprint(local, dialect) if local else None
    fr = fingerprint(remote, dialect) if remote else None
    if local and remote:
        if fl == fr:
            return None if seen == fl else Step(Action.RECORD, media_id, local, remote)
        local_changed, remote_changed = fl != seen, fr != seen
        if local_changed and remote_changed:
            wins = _local_wins(local, remote, policy)
            action = Action.PUSH if wins else Action.PULL
            return Step(action, media_id, local, remote, conflict=True)
        return Step(Action.PUSH if local_changed else Action.PULL, media_id, local, remote)
    if local:
        if seen is None:
            return Step(Action.PUSH, media_id, local, None)
        if fl == seen or policy == "remote":
            return Step(Action.DELETE_LOCAL, media_id, local, None, conflict=fl != seen)
        return Step(Action.PUSH, media_id, local, None, conflict=True)
    if remote:
        if seen is None:
            return Step(Action.PULL, media_id, None, remote)
        if fr == seen or policy == "local":
            return Step(Action.DELETE_REMOTE, media_id, None, remote, conflict=fr != seen)
        return Step(Action.PULL, media_id, None, remote, conflict=True)
    return Step(Action.FORGET, media_id, None, None) if seen is not None else None


def plan(
    local: Mapping[int, SyncEntry],
    remote: Mapping[int, SyncEntry],
    seen: Mapping[int, str],
    *,
    dialect: str,
    policy: str,
) -> list[Step]:
    """Every step the sync takes, ordered by media id (entries already in step need none)."""
    if policy not in POLICIES:
        raise ValueError(f"unknown conflict policy {policy!r}; choose from {', '.join(POLICIES)}")
    steps = []
    for media_id in sorted(set(local) | set(remote) | set(seen)):
        step = _step(
            media_id, local.get(media_id), remote.get(media_id), seen.get(media_id), dialect, policy
        )
        if step is not None:
            steps.append(step)
    return steps
