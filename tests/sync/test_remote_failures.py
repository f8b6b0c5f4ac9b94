"""Remotes that rate-limit, answer garbage or say nothing: honoured, or a clear error and
nothing half-written."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import sqlalchemy as sa

from kagami.db import Database
from kagami.sync.models import SyncState
from kagami.sync.remote_http import RemoteClient, RemoteError
from tests.sync.fake_remote import Answer, empty_list, fake_remote, graphql
from tests.sync.helpers import local_entries, save_local, sync


async def test_a_429_is_retried_after_its_retry_after(local: Database) -> None:
    def once_too_many(n: int, request: Any) -> Answer:
        if n == 1:
            return 429, {"Retry-After": "1"}, b'{"errors": [{"message": "Too Many Requests."}]}'
        return empty_list(n, request)

    with fake_remote(once_too_many) as (url, arrivals):
        report = await sync(local, url, "token", "anilist")

    assert report.steps == []
    assert len(arrivals) == 4  # the refused Viewer query, again, then both list types
    assert arrivals[1] - arrivals[0] >= 1.0


async def test_an_exhausted_rate_limit_delays_the_next_request() -> None:
    def exhausted_first(n: int, _request: Any) -> Answer:
        headers = {"X-RateLimit-Remaining": "0", "Retry-After": "1"} if n == 1 else {}
        return graphql({"ok": n}, **headers)

    with fake_remote(exhausted_first) as (url, arrivals):
        async with RemoteClient(url, "token") as client:
            await client.json("POST", "/", json={})
            await client.json("POST", "/", json={})

    assert arrivals[1] - arrivals[0] >= 1.0


async def test_a_remote_that_says_nothing_times_out_with_a_clear_error() -> None:
    def silent(_n: int, _request: Any) -> Answer:
        time.sleep(2)
        return graphql({})

    with fake_remote(silent) as (url, _):
        async with RemoteClient(url, "token", timeout=0.3) as client:
            with pytest.raises(RemoteError, match="did not answer in time"):
                await client.json("POST", "/", json={})


async def test_garbage_from_the_remote_is_a_clear_error_and_nothing_is_written(
    local: Database,
) -> None:
    await save_local(local, 1, "CURRENT", 3)

    def garbage(_n: int, _request: Any) -> Answer:
        return 200, {"Content-Type": "text/html"}, b"<html>maintenance</html>"

    with fake_remote(garbage) as (url, _), pytest.raises(RemoteError, match="not JSON"):
        await sync(local, url, "token", "anilist")

    assert await local_entries(local) == {1: ("CURRENT", 3, 0)}
    async with local.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(SyncState)) == 0


async def test_a_remote_failing_mid_run_leaves_no_step_half_done(local: Database) -> None:
    await save_local(local, 1, "CURRENT", 3)
    entry = {
        "id": 9, "mediaId": 20, "status": "CURRENT", "score": 0, "progress": 4,
        "progressVolumes": 0, "repeat": 0, "notes": None, "startedAt": None,
        "completedAt": None, "updatedAt": 1, "media": {"id": 20, "type": "ANIME"},
    }  # fmt: skip

    def breaks_on_write(n: int, request: Any) -> Answer:
        query = (request or {}).get("query", "")
        if "SaveMediaListEntry" in query:
            return 502, {"Content-Type": "text/html"}, b"<html>bad gateway</html>"
        if "MediaListCollection" in query and request["variables"]["type"] == "ANIME":
            lists = [{"entries": [entry]}]
            return graphql({"MediaListCollection": {"hasNextChunk": False, "lists": lists}})
        return empty_list(n, request)

    with fake_remote(breaks_on_write) as (url, _), pytest.raises(RemoteError, match="502"):
        await sync(local, url, "token", "anilist")  # push 1 fails before pull 20 runs

    assert await local_entries(local) == {1: ("CURRENT", 3, 0)}
    async with local.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(SyncState)) == 0


async def test_an_answer_larger_than_the_limit_is_refused_unread() -> None:
    def huge(_n: int, _request: Any) -> Answer:
        return 200, {"Content-Type": "application/json"}, b"[" + b"0," * 100_000 + b"0]"

    with fake_remote(huge) as (url, _):
        async with RemoteClient(url, "token", max_body=64 * 1024) as client:
            with pytest.raises(RemoteError, match="answered more than 65536 bytes"):
                await client.json("GET", "/")


def _mal_page(mal_id: int, following: str | None) -> Answer:
    status = {"status": "watching", "score": 0, "num_episodes_watched": 1, "is_rewatching": False}
    page = {"data": [{"node": {"id": mal_id}, "list_status": status}], "paging": {}}
    if following:
        page["paging"] = {"next": following}
    return 200, {"Content-Type": "application/json"}, json.dumps(page).encode()


async def test_mal_list_pages_are_followed_on_the_same_server_only(local: Database) -> None:
    elsewhere = ["http://127.0.0.1:9/v2/users/@me/animelist?offset=2"]

    def paged(n: int, _request: Any) -> Answer:
        if n == 1:
            return _mal_page(1, f"{urls[0]}/v2/users/@me/animelist?offset=1")
        if n == 2:
            return _mal_page(20, elsewhere[0] if elsewhere else None)
        return 200, {"Content-Type": "application/json"}, b'{"data": [], "paging": {}}'

    urls: list[str] = []
    with fake_remote(paged) as (url, arrivals):
        urls.append(url)
        with pytest.raises(RemoteError, match="pointed its next page at another server"):
            await sync(local, url, "token", "mal", dry_run=True)
        elsewhere.clear()
        arrivals.clear()
        report = await sync(local, url, "token", "mal", dry_run=True)

    assert [(s.action.value, s.media_id) for s in report.steps] == [("pull", 1), ("pull", 20)]
