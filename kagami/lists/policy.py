"""Who may change a list entry: its owner only (a list is personal; moderators do not edit it)."""

from __future__ import annotations


def may_edit_entry(actor_id: int, owner_id: int) -> bool:
    """Whether ``actor_id`` may change or delete an entry owned by ``owner_id``."""
    return actor_id == owner_id
