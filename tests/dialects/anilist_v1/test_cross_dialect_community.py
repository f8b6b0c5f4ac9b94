"""What v1 writes (review, thread, comment, favourite) AniList GraphQL reads back the same."""

from __future__ import annotations

from typing import Any

from kagami.community.models import ForumCategory
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_user

TEXT = "Cross-dialect review text. " * 80


async def _graphql(v1: V1Client, query: str, headers: dict[str, str] | None = None) -> Any:
    r = await v1.http.post("/", json={"query": query}, headers=headers or {})
    assert r.status_code == 200 and "errors" not in r.json(), r.text
    return r.json()["data"]


async def test_v1_writes_read_back_through_anilist_graphql(v1: V1Client, catalogue: Any) -> None:
    async with v1.database.session() as s:
        s.add(ForumCategory(id=7, name="General"))
        user = (await make_user(s, name="Josh")).id
    review = await v1.post(
        "anime/review",
        user,
        data={"anime_id": "1", "text": TEXT, "summary": "A summary of twenty+", "score": "77"},
    )
    assert review.status_code == 200, review.text
    data = await _graphql(
        v1,
        f"{{ Review(id: {review.json()['id']}) {{ score summary body(asHtml: false) "
        "mediaId user { name } } }",
    )
    assert data["Review"] == {
        "score": 77,
        "summary": "A summary of twenty+",
        "body": TEXT.strip(),
        "mediaId": 1,
        "user": {"name": "Josh"},
    }
    thread = await v1.post(
        "forum/thread",
        user,
        data={"title": "Cross thread", "body": "Body.", "tags": "7", "tags_anime": "1"},
    )
    tid = thread.json()["id"]
    await v1.post("forum/comment", user, data={"thread_id": str(tid), "comment": "First!"})
    data = await _graphql(
        v1,
        f"{{ Thread(id: {tid}) {{ title replyCount categories {{ id name }} "
        "mediaCategories { id } user { name } } }",
    )
    assert data["Thread"] == {
        "title": "Cross thread",
        "replyCount": 1,
        "categories": [{"id": 7, "name": "General"}],
        "mediaCategories": [{"id": 1}],
        "user": {"name": "Josh"},
    }
    assert (await v1.post("character/favourite", user, data={"id": "1"})).json() is True
    data = await _graphql(v1, "{ Character(id: 1) { favourites } Media(id: 1) { favourites } }")
    assert data["Character"]["favourites"] == 501  # the catalogue's 500 plus this one
    await v1.post("anime/favourite", user, data={"id": "1"})
    data = await _graphql(v1, "{ Media(id: 1) { favourites } }")
    assert data["Media"]["favourites"] == 301
