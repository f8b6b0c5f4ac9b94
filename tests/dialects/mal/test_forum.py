"""MAL v2 forum: boards with subboards, topics (filters, recent first), topic posts."""

from __future__ import annotations

from typing import Any

import pytest

from kagami.community.models import ForumCategory, Thread, ThreadCategoryLink, ThreadComment
from kagami.db import Database
from tests.dialects.mal.conftest import MalClient
from tests.factories import make_user


@pytest.fixture
async def forum(database: Database) -> dict[str, int]:
    """Two boards (one with a subboard), three topics, comments on the first."""
    async with database.session() as s:
        alice = await make_user(s, name="alice", avatar_medium="https://img.example/a.png")
        bob = await make_user(s, name="bob")
        s.add_all(
            [
                ForumCategory(id=5, name="Updates", description="News", section="MyAnimeList"),
                ForumCategory(id=2, name="Site news", parent_id=5, section="MyAnimeList"),
                ForumCategory(id=9, name="Anime Discussion", section="Anime & Manga", position=1),
            ]
        )
        await s.flush()
        s.add_all(
            [
                Thread(
                    id=1, user_id=alice.id, title="Love and rockets", body="Opening", created_at=100
                ),
                Thread(id=2, user_id=bob.id, title="Bebop rewatch", body="Go", created_at=200),
                Thread(
                    id=3,
                    user_id=bob.id,
                    title="Love hina",
                    body="Hm",
                    created_at=300,
                    is_locked=True,
                ),
                Thread(
                    id=4, user_id=bob.id, title="Gone", body="x", created_at=400, deleted_at=401
                ),
            ]
        )
        await s.flush()
        s.add_all(
            [
                ThreadCategoryLink(thread_id=1, category_id=2),
                ThreadCategoryLink(thread_id=2, category_id=9),
                ThreadCategoryLink(thread_id=3, category_id=2),
            ]
        )
        for n in range(3):
            s.add(
                ThreadComment(
                    id=10 + n, thread_id=1, user_id=bob.id, comment=f"reply {n}", created_at=500 + n
                )
            )
        thread = await s.get(Thread, 1)
        assert thread is not None
        thread.reply_count, thread.replied_at, thread.reply_user_id = 3, 502, bob.id
    return {"alice": alice.id, "bob": bob.id}


async def test_boards_grouped_by_category_with_subboards(mal: MalClient, forum: Any) -> None:
    body = (await mal.get("/v2/forum/boards")).json()
    assert body == {
        "categories": [
            {
                "title": "MyAnimeList",
                "boards": [
                    {
                        "id": 5,
                        "title": "Updates",
                        "description": "News",
                        "subboards": [{"id": 2, "title": "Site news"}],
                    }
                ],
            },
            {
                "title": "Anime & Manga",
                "boards": [
                    {"id": 9, "title": "Anime Discussion", "description": "", "subboards": []}
                ],
            },
        ]
    }


def _ids(body: dict[str, Any]) -> list[int]:
    return [t["id"] for t in body["data"]]


async def test_topics_most_recent_post_first(mal: MalClient, forum: dict[str, int]) -> None:
    body = (await mal.get("/v2/forum/topics")).json()
    assert _ids(body) == [1, 3, 2]  # the deleted topic never shows
    first = body["data"][0]
    assert first == {
        "id": 1,
        "title": "Love and rockets",
        "created_at": "1970-01-01T00:01:40+00:00",
        "created_by": {"id": forum["alice"], "name": "alice"},
        "number_of_posts": 4,
        "last_post_created_at": "1970-01-01T00:08:22+00:00",
        "last_post_created_by": {"id": forum["bob"], "name": "bob"},
        "is_locked": False,
    }
    assert body["data"][1]["is_locked"] is True


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"q": "love", "subboard_id": "2", "limit": "10"}, [1, 3]),
        ({"board_id": "9"}, [2]),
        ({"topic_user_name": "alice"}, [1]),
        ({"user_name": "bob"}, [1, 3, 2]),
        ({"user_name": "alice"}, [1]),
        ({"user_name": "nobody"}, []),
    ],
)
async def test_topic_filters(
    mal: MalClient, forum: dict[str, int], params: dict[str, str], ids: list[int]
) -> None:
    assert _ids((await mal.get("/v2/forum/topics", params=params)).json()) == ids


@pytest.mark.parametrize("params", [{"sort": "oldest"}, {"board_id": "x"}, {"limit": "0"}])
async def test_bad_topic_parameters_are_400(
    mal: MalClient, forum: dict[str, int], params: dict[str, str]
) -> None:
    assert (await mal.get("/v2/forum/topics", params=params)).status_code == 400


async def test_topic_detail_posts_and_paging(mal: MalClient, forum: dict[str, int]) -> None:
    body = (await mal.get("/v2/forum/topic/1")).json()
    data = body["data"]
    assert data["title"] == "Love and rockets" and data["poll"] is None
    assert [p["number"] for p in data["posts"]] == [1, 2, 3, 4]
    assert data["posts"][0] == {
        "id": 1_000_000_001,
        "number": 1,
        "created_at": "1970-01-01T00:01:40+00:00",
        "created_by": {
            "id": forum["alice"],
            "name": "alice",
            "forum_avator": "https://img.example/a.png",
        },
        "body": "Opening",
        "signature": "",
    }
    assert [p["body"] for p in data["posts"][1:]] == ["reply 0", "reply 1", "reply 2"]
    page = (await mal.get("/v2/forum/topic/1", params={"limit": "2", "offset": "1"})).json()
    assert [(p["number"], p["id"]) for p in page["data"]["posts"]] == [(2, 10), (3, 11)]
    assert "next" in page["paging"] and "previous" in page["paging"]
    last = (await mal.get("/v2/forum/topic/1", params={"limit": "2", "offset": "2"})).json()
    assert [p["number"] for p in last["data"]["posts"]] == [3, 4] and "next" not in last["paging"]


@pytest.mark.parametrize("topic", ["4", "999", "abc"])
async def test_unknown_or_deleted_topic(mal: MalClient, forum: dict[str, int], topic: str) -> None:
    r = await mal.get(f"/v2/forum/topic/{topic}")
    assert r.status_code == (400 if topic == "abc" else 404)


async def test_forum_needs_a_client_id(mal: MalClient, forum: dict[str, int]) -> None:
    assert (await mal.get("/v2/forum/boards", headers={})).status_code == 403
