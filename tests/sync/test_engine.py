"""Two-way sync against a second Kagami on loopback, speaking AniList GraphQL or MAL v2."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from kagami.db import Database
from kagami.sync.engine import SyncError
from kagami.sync.models import SyncState
from tests.sync.helpers import (
    RemoteList,
    delete_local,
    local_entries,
    local_updated,
    save_local,
    sync,
)
from tests.sync.remote import REMOTE_ONLY, Remote

DIALECTS = pytest.mark.parametrize("dialect", ["anilist", "mal"])


@DIALECTS
async def test_first_sync_merges_both_lists_and_a_second_run_writes_nothing(
    local: Database, remote: Remote, dialect: str
) -> None:
    _, token = remote.take_user()
    theirs = RemoteList(remote.url, token)
    await save_local(local, 1, "COMPLETED", 26, 90)
    await save_local(local, 30, "CURRENT", 10)  # manga
    await theirs.save(20, "CURRENT", 5, 70)
    await theirs.save(40, "PLANNING")  # no MAL id: the synthetic one

    first = await sync(local, remote.url, token, dialect)

    expected = {
        1: ("COMPLETED", 26, 90),
        20: ("CURRENT", 5, 70),
        30: ("CURRENT", 10, 0),
        40: ("PLANNING", 0, 0),
    }
    assert await local_entries(local) == expected
    assert await theirs.entries() == expected
    assert first.done == {"push": 2, "pull": 2}
    before_remote, before_local = await theirs.raw(), await local_updated(local)

    second = await sync(local, remote.url, token, dialect)

    assert second.steps == [] and second.writes == 0
    assert await theirs.raw() == before_remote  # same updatedAt: nothing was written there
    assert await local_updated(local) == before_local


@DIALECTS
async def test_changes_and_deletes_on_either_side_reach_the_other(
    local: Database, remote: Remote, dialect: str
) -> None:
    _, token = remote.take_user()
    theirs = RemoteList(remote.url, token)
    await save_local(local, 1, "CURRENT", 3)
    await save_local(local, 40, "CURRENT", 1)
    await theirs.save(20, "CURRENT", 5)
    await sync(local, remote.url, token, dialect)

    await delete_local(local, 1)
    await save_local(local, 20, "CURRENT", 10)
    await theirs.delete(40)
    await theirs.save(5, "PLANNING")
    report = await sync(local, remote.url, token, dialect)

    expected = {5: ("PLANNING", 0, 0), 20: ("CURRENT", 10, 0)}
    assert await local_entries(local) == expected
    assert await theirs.entries() == expected
    assert sorted(report.done.items()) == [
        ("delete local", 1), ("delete remote", 1), ("pull", 1), ("push", 1),
    ]  # fmt: skip
    assert (await sync(local, remote.url, token, dialect)).steps == []


@DIALECTS
async def test_dry_run_prints_the_plan_and_writes_nothing(
    local: Database, remote: Remote, dialect: str
) -> None:
    _, token = remote.take_user()
    theirs = RemoteList(remote.url, token)
    await save_local(local, 1, "COMPLETED", 26)
    await theirs.save(20, "CURRENT", 5)
    before_remote, before_local = await theirs.raw(), await local_entries(local)

    report = await sync(local, remote.url, token, dialect, dry_run=True)

    assert [(s.action.value, s.media_id) for s in report.steps] == [(("push"), 1), ("pull", 20)]
    assert report.done == {}
    assert await theirs.raw() == before_remote
    assert await local_entries(local) == before_local
    async with local.session() as s:
        assert await s.scalar(sa.select(sa.func.count()).select_from(SyncState)) == 0


@pytest.mark.parametrize(("policy", "progress"), [("remote", 20), ("local", 12)])
async def test_a_conflict_follows_the_policy(
    local: Database, remote: Remote, policy: str, progress: int
) -> None:
    _, token = remote.take_user()
    theirs = RemoteList(remote.url, token)
    await save_local(local, 20, "CURRENT", 5)
    await sync(local, remote.url, token, "anilist")
    await save_local(local, 20, "CURRENT", 12)
    await theirs.save(20, "CURRENT", 20)

    report = await sync(local, remote.url, token, "anilist", policy=policy)

    assert [s.conflict for s in report.steps] == [True]
    assert (await local_entries(local))[20][1] == progress
    assert (await theirs.entries())[20][1] == progress


async def test_remote_media_missing_here_are_reported_and_left_alone(
    local: Database, remote: Remote
) -> None:
    _, token = remote.take_user()
    theirs = RemoteList(remote.url, token)
    await theirs.save(REMOTE_ONLY[0], "PLANNING")

    report = await sync(local, remote.url, token, "mal")

    assert report.unknown == [("MANGA", REMOTE_ONLY[1])]
    assert report.steps == []
    assert REMOTE_ONLY[0] in await theirs.entries()


async def test_an_unknown_local_user_is_refused_before_anything_is_read(
    local: Database, remote: Remote
) -> None:
    _, token = remote.take_user()
    with pytest.raises(SyncError, match="No user named 'nobody'"):
        await sync(local, remote.url, token, "anilist", user="nobody")
