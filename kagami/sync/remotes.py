"""The two kinds of remote a sync talks to, behind one small interface."""

from __future__ import annotations

from typing import Protocol

from kagami.catalogue.enums import MediaType
from kagami.sync.anilist_remote import AniListRemote
from kagami.sync.entries import SyncEntry
from kagami.sync.mal_remote import MalRemote
from kagami.sync.remote_http import RemoteClient

DIALECTS = ("anilist", "mal")


class Remote(Protocol):
    """A user's lists on another server, keyed by the id that server knows media by."""

    dialect: str
    client: RemoteClient

    def key_of(self, media_id: int, id_mal: int | None, media_type: MediaType) -> int:
        """The remote's id for a local media."""
        ...

    async def fetch(self) -> list[SyncEntry]:
        """Every entry, with ``media_id`` holding the remote's media id."""
        ...

    async def save(self, entry: SyncEntry, key: int) -> SyncEntry:
        """Create or update one entry; what the remote holds afterwards."""
        ...

    async def delete(self, remote: SyncEntry, key: int) -> None:
        """Delete one entry."""
        ...


def open_remote(url: str, dialect: str, token: str, *, timeout: float = 30.0) -> Remote:
    """A remote for ``dialect`` at ``url``; ValueError for an unknown dialect or URL."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; choose from {', '.join(DIALECTS)}")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"the remote must be an http:// or https:// URL, not {url[:80]!r}")
    client = RemoteClient(url, token, timeout=timeout)
    return AniListRemote(client) if dialect == "anilist" else MalRemote(client)
