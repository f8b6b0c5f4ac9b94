"""The token's user's lists on a MyAnimeList v2 server: ``@me`` lists, PATCH/DELETE my_list_status.

Media are keyed by MAL id (anime and manga numbered separately); statuses, scores and
dates translate through ``kagami.dialects.mal.mapping``, the same tables Kagami's own MAL
dialect uses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.dialects.mal import mapping
from kagami.lists.changes import FuzzyDate
from kagami.sync.entries import SyncEntry
from kagami.sync.remote_http import RemoteClient, RemoteError, RemoteRejected

PAGE = 1000  # MAL's largest list page
MAX_PAGES = 200
_NAMES = {  # per media type: list path, path prefix, is_re*, progress, repeat count
    MediaType.ANIME: ("animelist", "anime", "is_rewatching", "num_episodes_watched",
                      "num_times_rewatched"),
    MediaType.MANGA: ("mangalist", "manga", "is_rereading", "num_chapters_read",
                      "num_times_reread"),
}  # fmt: skip


def _epoch(text: Any) -> int:
    try:
        return int(datetime.fromisoformat(str(text)).timestamp())
    except ValueError:
        return 0


def _date(text: Any) -> FuzzyDate:
    try:
        return mapping.date_from_mal(text) if isinstance(text, str) else FuzzyDate()
    except ValueError:
        return FuzzyDate()


def parse_status(media_type: MediaType, mal_id: int, status: Any) -> SyncEntry:
    """One ``list_status`` object as a sync entry keyed by MAL id; RemoteError if malformed."""
    _, _, repeating, progress, repeat = _NAMES[media_type]
    try:
        canonical = mapping.status_from_mal(status["status"], status.get(repeating), media_type)
        if canonical is None:
            raise ValueError("no status")
        return SyncEntry(
            media_id=mal_id,
            media_type=media_type,
            status=canonical,
            score=mapping.score_from_mal(int(status.get("score") or 0)),
            progress=int(status.get(progress) or 0),
            progress_volumes=int(status.get("num_volumes_read") or 0),
            repeat=int(status.get(repeat) or 0),
            notes=str(status.get("comments") or ""),
            started=_date(status.get("start_date")),
            completed=_date(status.get("finish_date")),
            updated_at=_epoch(status.get("updated_at")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RemoteError(f"the remote sent a list status Kagami cannot read ({exc!r})") from None


class MalRemote:
    """The token's user's lists on a MAL v2 server (``/v2/users/@me/...``)."""

    dialect = "mal"

    def __init__(self, client: RemoteClient) -> None:
        self.client = client

    def key_of(self, media_id: int, id_mal: int | None, _media_type: MediaType) -> int:
        """The MAL id a local media answers to (real, or Kagami's synthetic range)."""
        return mapping.mal_id_of(media_id, id_mal)

    async def _pages(self, media_type: MediaType) -> list[SyncEntry]:
        list_name, _, _, progress, repeat = _NAMES[media_type]
        fields = f"list_status{{comments,{repeat},start_date,finish_date,{progress}}}"
        path: str | None = f"/v2/users/@me/{list_name}"
        params: dict[str, Any] | None = {"fields": fields, "limit": PAGE, "nsfw": "true"}
        found = []
        for _ in range(MAX_PAGES):
            if path is None:
                break
            body = await self.client.json("GET", path, params=params)
            try:
                for item in body["data"]:
                    found.append(
                        parse_status(media_type, int(item["node"]["id"]), item["list_status"])
                    )
                following = (body.get("paging") or {}).get("next")
            except (KeyError, TypeError, ValueError, AttributeError):
                raise RemoteError(
                    f"{self.client.base_url} sent a list page Kagami cannot read"
                ) from None
            path, params = self._next(following)
        return found

    def _next(self, url: Any) -> tuple[str | None, None]:
        """The next page's path; only on the same server, never wherever a page points."""
        if not isinstance(url, str) or not url:
            return None, None
        if not url.startswith(self.client.base_url + "/"):
            raise RemoteError(f"{self.client.base_url} pointed its next page at another server")
        return url[len(self.client.base_url) :], None

    async def fetch(self) -> list[SyncEntry]:
        """Every entry of the user's anime and manga lists."""
        return [*await self._pages(MediaType.ANIME), *await self._pages(MediaType.MANGA)]

    async def save(self, entry: SyncEntry, key: int) -> SyncEntry:
        """PATCH the entry's my_list_status; the remote's answer."""
        _, prefix, repeating, progress, repeat = _NAMES[entry.media_type]
        status, is_repeating = mapping.status_to_mal(entry.status, entry.media_type)
        form = {
            "status": status,
            repeating: "true" if is_repeating else "false",
            "score": str(mapping.score_to_mal(entry.score)),
            "num_watched_episodes" if entry.media_type is MediaType.ANIME else progress: str(
                entry.progress
            ),
            repeat: str(entry.repeat),
            "start_date": mapping.date_to_mal(entry.started) or "",
            "finish_date": mapping.date_to_mal(entry.completed) or "",
        }
        if entry.media_type is MediaType.MANGA:
            form["num_volumes_read"] = str(entry.progress_volumes)
        if entry.notes:  # MAL's lists never show comments: only ever add ours, never clear
            form["comments"] = entry.notes
        answer = await self.client.json("PATCH", f"/v2/{prefix}/{key}/my_list_status", data=form)
        if not isinstance(answer, dict):
            raise RemoteError(f"{self.client.base_url} answered a PATCH with no list status")
        return parse_status(entry.media_type, key, answer)

    async def delete(self, remote: SyncEntry, key: int) -> None:
        """DELETE the entry's my_list_status (already gone counts as done)."""
        prefix = _NAMES[remote.media_type][1]
        try:
            await self.client.json("DELETE", f"/v2/{prefix}/{key}/my_list_status")
        except RemoteRejected as exc:
            if " 404 " not in str(exc):
                raise
