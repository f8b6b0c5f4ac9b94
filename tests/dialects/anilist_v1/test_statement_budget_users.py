"""Lists and activity feeds run a fixed number of SQL statements, whatever their length."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.catalogue.enums import MediaType
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.social.models import Activity, ActivityReply
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_media, make_user


async def _fill(v1: V1Client, count: int) -> int:
    async with v1.database.session() as s:
        user = await make_user(s)
        for i in range(count):
            media = await make_media(s)
            s.add(
                ListEntry(
                    user_id=user.id,
                    media_id=media.id,
                    media_type=MediaType.ANIME,
                    status=list(MediaListStatus)[i % 6],
                )
            )
            activity = Activity(type="TEXT", user_id=user.id, text=f"post {i}", reply_count=1)
            s.add(activity)
            await s.flush()
            s.add(ActivityReply(activity_id=activity.id, user_id=user.id, text="a reply"))
    return user.id


async def test_list_and_feed_statements_do_not_grow_with_length(
    v1: V1Client, sql_counter: Callable[..., Any]
) -> None:
    counts: dict[str, list[int]] = {"list": [], "raw": [], "feed": []}
    for size in (2, 15):
        user_id = await _fill(v1, size)
        headers = await v1.auth(user_id)
        for key, path in (
            ("list", f"user/{user_id}/animelist"),
            ("raw", f"user/{user_id}/animelist/raw"),
            ("feed", f"user/{user_id}/activity"),
        ):
            with sql_counter() as counted:
                r = await v1.get(path, headers=headers)
            assert r.status_code == 200, r.text
            counts[key].append(counted.count)
    assert all(len(set(c)) == 1 for c in counts.values()), counts
    assert counts["list"][0] <= 12 and counts["feed"][0] <= 8, counts
