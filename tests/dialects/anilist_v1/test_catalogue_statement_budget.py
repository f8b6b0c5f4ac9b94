"""v1 catalogue, review and forum routes run as many statements for 1 row as for 40."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kagami.catalogue.enums import MediaFormat, MediaStatus
from kagami.catalogue.models import AiringSchedule, MediaGenre
from kagami.community.comments_service import save_thread_comment
from kagami.community.threads_service import save_thread
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_media, make_user


async def _count(v1: V1Client, counter: Callable[..., Any], path: str, **params: str) -> int:
    headers = await v1.auth(1)
    with counter() as counted:
        r = await v1.get(path, headers=headers, params=params)
    assert r.status_code == 200, r.text
    return int(counted.count)


async def _grow(v1: V1Client, first: int, last: int) -> None:
    """Anime ``first..last`` airing, with genres and a next episode; a thread each, commented."""
    async with v1.database.session() as s:
        for i in range(first, last):
            await make_media(s, id=i, format=MediaFormat.TV, status=MediaStatus.RELEASING)
            s.add(MediaGenre(media_id=i, genre="Action"))
            s.add(AiringSchedule(media_id=i, episode=2, airing_at=2_000_000_000 + i))
            thread = await save_thread(
                s, 1, title=f"Thread number {i}", body="b", media_categories=[i]
            )
            parent = None
            for _ in range(2):
                parent = await save_thread_comment(
                    s,
                    1,
                    thread_id=thread.id,
                    parent_comment_id=parent.id if parent else None,
                    comment="c",
                )


async def test_list_routes_statement_count_does_not_grow(
    v1: V1Client, sql_counter: Callable[..., Any]
) -> None:
    async with v1.database.session() as s:
        await make_user(s)
    paths = [
        ("browse/anime", {"airing_data": "true", "status": "currently airing"}),
        ("anime/search/anime", {}),
        ("forum/recent", {}),
        ("forum/thread/1", {}),
    ]
    await _grow(v1, 1, 2)
    small = [await _count(v1, sql_counter, p, **q) for p, q in paths]
    await _grow(v1, 2, 41)
    large = [await _count(v1, sql_counter, p, **q) for p, q in paths]
    assert small == large
    assert max(large) <= 16, large
