"""The viewer's list on an AniList-speaking server: MediaListCollection, Save/DeleteMediaListEntry.

Media are keyed by AniList id, which is Kagami's own media id, so no translation is needed.
Scores travel as ``scoreRaw`` / ``score(format: POINT_100)`` whatever the viewer's format.
"""

from __future__ import annotations

from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.lists.changes import FuzzyDate
from kagami.lists.enums import MediaListStatus
from kagami.sync.entries import SyncEntry
from kagami.sync.remote_http import RemoteClient, RemoteError, RemoteRejected

_ENTRY = """id mediaId status score(format: POINT_100) progress progressVolumes repeat notes
startedAt { year month day } completedAt { year month day } updatedAt media { id type }"""
_VIEWER = "query { Viewer { id name } }"
_COLLECTION = (
    "query ($userId: Int, $type: MediaType, $chunk: Int) { MediaListCollection(userId: $userId,"
    " type: $type, chunk: $chunk, perChunk: 500, forceSingleCompletedList: true) {"
    f" hasNextChunk lists {{ entries {{ {_ENTRY} }} }} }} }}"
)
_SAVE = (
    "mutation ($mediaId: Int, $status: MediaListStatus, $scoreRaw: Int, $progress: Int,"
    " $progressVolumes: Int, $repeat: Int, $notes: String, $startedAt: FuzzyDateInput,"
    " $completedAt: FuzzyDateInput) { SaveMediaListEntry(mediaId: $mediaId, status: $status,"
    " scoreRaw: $scoreRaw, progress: $progress, progressVolumes: $progressVolumes,"
    " repeat: $repeat, notes: $notes, startedAt: $startedAt, completedAt: $completedAt)"
    f" {{ {_ENTRY} }} }}"
)
_DELETE = "mutation ($id: Int) { DeleteMediaListEntry(id: $id) { deleted } }"
MAX_CHUNKS = 200  # 100,000 entries per media type


def _date(value: Any) -> FuzzyDate:
    if not isinstance(value, dict):
        return FuzzyDate()
    parts = [value.get(k) for k in ("year", "month", "day")]
    return FuzzyDate(*(p if isinstance(p, int) else None for p in parts))


def _date_input(value: FuzzyDate) -> dict[str, int | None]:
    return {"year": value.year, "month": value.month, "day": value.day}


def parse_entry(raw: Any) -> SyncEntry:
    """One ``MediaList`` object as a sync entry keyed by its media id; RemoteError if malformed."""
    try:
        media = raw["media"]
        return SyncEntry(
            media_id=int(raw["mediaId"]),
            media_type=MediaType(media["type"]),
            status=MediaListStatus(raw["status"]),
            score=round(float(raw.get("score") or 0)),
            progress=int(raw.get("progress") or 0),
            progress_volumes=int(raw.get("progressVolumes") or 0),
            repeat=int(raw.get("repeat") or 0),
            notes=str(raw.get("notes") or ""),
            started=_date(raw.get("startedAt")),
            completed=_date(raw.get("completedAt")),
            updated_at=int(raw.get("updatedAt") or 0),
            remote_entry_id=int(raw["id"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RemoteError(f"the remote sent a list entry Kagami cannot read ({exc!r})") from None


class AniListRemote:
    """The token's user's lists on an AniList GraphQL v2 server."""

    dialect = "anilist"

    def __init__(self, client: RemoteClient) -> None:
        self.client = client

    async def _graphql(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        body = await self.client.json("POST", "/", json={"query": query, "variables": variables})
        if not isinstance(body, dict):
            raise RemoteError(f"{self.client.base_url} did not answer a GraphQL response")
        errors = body.get("errors")
        if errors:
            first = errors[0] if isinstance(errors, list) and errors else {}
            message = str(first.get("message", "") if isinstance(first, dict) else first)[:200]
            raise RemoteRejected(f"{self.client.base_url} refused the request: {message}")
        data = body.get("data")
        if not isinstance(data, dict):
            raise RemoteError(f"{self.client.base_url} answered GraphQL without data")
        return data

    async def viewer(self) -> tuple[int, str]:
        """The remote user the token belongs to."""
        viewer = (await self._graphql(_VIEWER)).get("Viewer")
        if not isinstance(viewer, dict) or not isinstance(viewer.get("id"), int):
            raise RemoteError(f"{self.client.base_url} did not say whose token this is")
        return viewer["id"], str(viewer.get("name"))

    def key_of(self, media_id: int, _id_mal: int | None, _media_type: MediaType) -> int:
        """The id the remote knows a local media by: the AniList id, Kagami's own."""
        return media_id

    async def fetch(self) -> list[SyncEntry]:
        """Every entry of the viewer's anime and manga lists, each once."""
        user_id, _ = await self.viewer()
        found: dict[int, SyncEntry] = {}
        for media_type in ("ANIME", "MANGA"):
            for chunk in range(1, MAX_CHUNKS + 1):
                variables = {"userId": user_id, "type": media_type, "chunk": chunk}
                collection = (await self._graphql(_COLLECTION, variables)).get(
                    "MediaListCollection"
                )
                if not isinstance(collection, dict):
                    raise RemoteError(f"{self.client.base_url} sent no MediaListCollection")
                for group in collection.get("lists") or []:
                    for raw in (group or {}).get("entries") or []:
                        entry = parse_entry(raw)
                        found[entry.media_id] = entry  # custom lists repeat entries
                if not collection.get("hasNextChunk"):
                    break
        return list(found.values())

    async def save(self, entry: SyncEntry, key: int) -> SyncEntry:
        """Create or update the remote entry of media ``key``; the remote's answer."""
        variables = {
            "mediaId": key,
            "status": entry.status.value,
            "scoreRaw": entry.score,
            "progress": entry.progress,
            "progressVolumes": entry.progress_volumes,
            "repeat": entry.repeat,
            "notes": entry.notes,
            "startedAt": _date_input(entry.started),
            "completedAt": _date_input(entry.completed),
        }
        saved = (await self._graphql(_SAVE, variables)).get("SaveMediaListEntry")
        return parse_entry(saved)

    async def delete(self, remote: SyncEntry, _key: int) -> None:
        """Delete the remote entry (by its MediaList id)."""
        await self._graphql(_DELETE, {"id": remote.remote_entry_id})
