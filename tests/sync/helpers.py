"""Read and change list entries on either side of a sync, the way users would."""

from __future__ import annotations

from typing import Any

import httpx
import sqlalchemy as sa

from kagami.accounts.service import find_user_by_name
from kagami.db import Database
from kagami.lists.changes import EntryChanges
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.lists.service import delete_entry, save_entry
from kagami.sync.engine import SyncReport, run_sync
from kagami.sync.remote_http import ssl_context
from kagami.sync.remotes import open_remote

Entries = dict[int, tuple[str, int, int]]  # media id -> (status, progress, score)


class RemoteList:
    """One remote user's list, changed and read through the remote's GraphQL API."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.headers = url, {"Authorization": f"Bearer {token}"}
        self.viewer: int | None = None

    async def _graphql(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        async with httpx.AsyncClient(verify=ssl_context()) as client:
            answer = await client.post(
                self.url + "/", json={"query": query, "variables": variables}, headers=self.headers
            )
        body = answer.json()
        assert "errors" not in body, body
        return body["data"]

    async def raw(self) -> dict[int, dict[str, Any]]:
        """media id -> the remote's MediaList fields."""
        if self.viewer is None:
            self.viewer = (await self._graphql("{ Viewer { id } }"))["Viewer"]["id"]
        viewer, found = self.viewer, {}
        for kind in ("ANIME", "MANGA"):
            data = await self._graphql(
                "query ($u: Int, $t: MediaType) { MediaListCollection(userId: $u, type: $t) {"
                " lists { entries { id mediaId status progress score(format: POINT_100)"
                " updatedAt } } } }",
                {"u": viewer, "t": kind},
            )
            for group in data["MediaListCollection"]["lists"]:
                for entry in group["entries"]:
                    found[entry["mediaId"]] = entry
        return found

    async def entries(self) -> Entries:
        """media id -> (status, progress, score out of 100)."""
        return {
            m: (e["status"], e["progress"], round(e["score"]))
            for m, e in (await self.raw()).items()
        }

    async def save(self, media_id: int, status: str, progress: int = 0, score: int = 0) -> None:
        """Add or change the remote entry of ``media_id``."""
        await self._graphql(
            "mutation ($m: Int, $s: MediaListStatus, $p: Int, $r: Int) {"
            " SaveMediaListEntry(mediaId: $m, status: $s, progress: $p, scoreRaw: $r) { id } }",
            {"m": media_id, "s": status, "p": progress, "r": score},
        )

    async def delete(self, media_id: int) -> None:
        """Remove ``media_id`` from the remote list."""
        entry_id = (await self.raw())[media_id]["id"]
        await self._graphql(
            "mutation ($i: Int) { DeleteMediaListEntry(id: $i) { deleted } }", {"i": entry_id}
        )


async def local_entries(database: Database, user: str = "alice") -> Entries:
    """media id -> (status, progress, score) of the local user's list."""
    async with database.session() as s:
        owner = await find_user_by_name(s, user)
        assert owner is not None
        rows = await s.scalars(sa.select(ListEntry).where(ListEntry.user_id == owner.id))
        return {e.media_id: (e.status.value, e.progress, e.score) for e in rows}


async def local_updated(database: Database) -> dict[int, int]:
    """media id -> updated_at of every local list entry."""
    async with database.session() as s:
        return dict((await s.execute(sa.select(ListEntry.media_id, ListEntry.updated_at))).all())


async def save_local(
    database: Database, media_id: int, status: str, progress: int = 0, score: int = 0
) -> None:
    """Add or change the local entry of ``media_id`` through the list service."""
    async with database.session() as s:
        owner = await find_user_by_name(s, "alice")
        assert owner is not None
        changes = EntryChanges(status=MediaListStatus(status), progress=progress, score=score)
        await save_entry(s, owner.id, media_id=media_id, changes=changes)


async def delete_local(database: Database, media_id: int) -> None:
    """Remove ``media_id`` from the local list through the list service."""
    async with database.session() as s:
        owner = await find_user_by_name(s, "alice")
        assert owner is not None
        entry_id = await s.scalar(
            sa.select(ListEntry.id).where(
                ListEntry.user_id == owner.id, ListEntry.media_id == media_id
            )
        )
        assert entry_id is not None
        await delete_entry(s, owner.id, entry_id)


async def sync(
    database: Database, url: str, token: str, dialect: str, *, policy: str = "latest",
    dry_run: bool = False, user: str = "alice",
) -> SyncReport:  # fmt: skip
    """One sync run of ``user`` with the remote."""
    remote = open_remote(url, dialect, token, timeout=10)
    async with remote.client:
        return await run_sync(
            database, user_name=user, remote=remote, policy=policy, dry_run=dry_run
        )
