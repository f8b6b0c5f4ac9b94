"""Seed 001 "Forum": feeds with pagination fields, thread with nested comments, writes, search."""

from __future__ import annotations

from typing import Any

import pytest

from kagami.community.models import ForumCategory
from kagami.dialects.anilist_v1 import mapping
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_user

PAGE_FIELDS = {"total", "per_page", "current_page", "last_page", "from", "to"}
FEED_THREAD = {
    "id",
    "title",
    "sticky",
    "last_reply",
    "reply_count",
    "view_count",
    "tags",
    "tags_anime",
    "tags_manga",
    "user",
    "reply_user",
}
THREAD = {
    "id",
    "user_id",
    "title",
    "body",
    "sticky",
    "locked",
    "last_reply",
    "last_reply_user",
    "deleted_at",
    "created_at",
    "reply_count",
    "view_count",
    "subscribed",
    "page_data",
    "tags",
    "tags_anime",
    "tags_manga",
    "user",
    "reply_user",
    "comments",
}
COMMENT = {
    "id",
    "parent_id",
    "user_id",
    "thread_id",
    "comment",
    "created_at",
    "updated_at",
    "user",
    "children",
}


@pytest.fixture
async def people(v1: V1Client, catalogue: Any) -> tuple[int, int]:
    """The seed's forum tags, and two users (Josh, Other)."""
    async with v1.database.session() as s:
        s.add_all(ForumCategory(id=i, name=n) for i, n in mapping.FORUM_TAGS.items())
        return (await make_user(s, name="Josh")).id, (await make_user(s, name="Other")).id


async def _thread(v1: V1Client, user: int, **extra: str) -> Any:
    payload = {"title": "Example Thread", "body": "Lorem ipsum.", "tags": "7"} | extra
    r = await v1.post("forum/thread", user, data=payload)  # POST: forum/thread
    assert r.status_code == 200, r.text
    return r.json()


async def test_create_thread_and_read_it_back(v1: V1Client, people: tuple[int, int]) -> None:
    josh, _other = people
    made = await _thread(v1, josh, tags="7,3", tags_anime="1", tags_manga="30013")
    assert set(made) == THREAD
    assert made["tags"] == [{"id": 3, "name": "Light Novels"}, {"id": 7, "name": "General"}]
    (anime,) = made["tags_anime"]
    assert (anime["id"], anime["thread_id"], anime["tag_id"]) == (1, made["id"], 1)
    assert anime["anime"][0]["title_romaji"] == "Cowboy Bebop"
    assert made["tags_manga"][0]["manga"][0]["id"] == 30013
    assert made["subscribed"] is True and made["comments"] == []
    assert made["sticky"] is None and made["locked"] is None and made["reply_user"] is None
    assert made["last_reply"] == made["created_at"]  # no reply yet: the creation date
    assert made["page_data"] == {
        "total_root": 0,
        "per_page": 10,
        "current_page": 1,
        "last_page": 1,
        "from": None,
        "to": None,
    }
    r = await v1.get(f"forum/thread/{made['id']}", None)  # GET: forum/thread/{id}
    assert r.status_code == 200
    assert r.json() | {"subscribed": True} == made


async def test_comments_nest_and_page_by_root(v1: V1Client, people: tuple[int, int]) -> None:
    josh, other = people
    made = await _thread(v1, josh)
    tid = str(made["id"])
    root = await v1.post("forum/comment", josh, data={"thread_id": tid, "comment": "root 1"})
    assert root.status_code == 200, root.text
    assert set(root.json()) == COMMENT and root.json()["children"] == []
    child = await v1.post(
        "forum/comment",
        other,
        data={"thread_id": tid, "comment": "child 1", "reply_id": str(root.json()["id"])},
    )
    grandchild = await v1.post(
        "forum/comment",
        josh,
        data={"thread_id": tid, "comment": "grandchild", "reply_id": str(child.json()["id"])},
    )
    for i in range(2, 12):
        await v1.post("forum/comment", josh, data={"thread_id": tid, "comment": f"root {i}"})
    body = (await v1.get(f"forum/thread/{tid}", josh)).json()
    assert body["page_data"] == {
        "total_root": 11,
        "per_page": 10,
        "current_page": 1,
        "last_page": 2,
        "from": 1,
        "to": 10,
    }
    first = body["comments"][0]
    assert first["comment"] == "root 1" and first["parent_id"] is None
    assert first["children"][0]["comment"] == "child 1"
    assert first["children"][0]["user"]["display_name"] == "Other"
    assert first["children"][0]["children"][0]["id"] == grandchild.json()["id"]
    assert body["reply_count"] == 13 and body["reply_user"]["display_name"] == "Josh"
    second = (await v1.get(f"forum/thread/{tid}", josh, params={"page": "2"})).json()
    assert [c["comment"] for c in second["comments"]] == ["root 11"]
    assert (second["page_data"]["from"], second["page_data"]["to"]) == (11, 11)


async def test_feeds_have_the_seed_pagination_fields(v1: V1Client, people: tuple[int, int]) -> None:
    josh, other = people
    older = await _thread(v1, josh, title="Older thread")
    newer = await _thread(v1, other, title="Newer thread", tags="1,7", tags_anime="1")
    await v1.post("forum/comment", other, data={"thread_id": str(older["id"]), "comment": "up"})
    recent = (await v1.get("forum/recent", None)).json()  # GET: forum/recent
    assert set(recent) == PAGE_FIELDS | {"data"}
    assert (recent["total"], recent["per_page"], recent["from"], recent["to"]) == (2, 22, 1, 2)
    assert set(recent["data"][0]) == FEED_THREAD
    # The older thread's comment is its latest activity: it leads (ties go by id).
    assert [t["id"] for t in recent["data"]] == [older["id"], newer["id"]]
    assert recent["data"][0]["reply_user"]["display_name"] == "Other"
    new = (await v1.get("forum/new", None)).json()  # GET: forum/new
    assert [t["id"] for t in new["data"]] == [newer["id"], older["id"]]
    subscribed = (await v1.get("forum/subscribed", josh)).json()
    assert [t["id"] for t in subscribed["data"]] == [older["id"]]
    assert (await v1.get("forum/subscribed", None)).status_code == 401
    tag = await v1.get("forum/tag", None, params={"tags": "1,7", "anime": "1"})
    assert [t["id"] for t in tag.json()["data"]] == [newer["id"]]
    assert (await v1.get("forum/tag", None, params={"tags": "7"})).json()["total"] == 2
    assert (await v1.get("forum/tag", None, params={"tags": "7,x"})).status_code == 422
    found = (await v1.get("forum/search/older", None)).json()  # GET: forum/search/{query}
    assert [t["id"] for t in found["data"]] == [older["id"]]
    empty = (await v1.get("forum/recent", None, params={"page": "9"})).json()
    assert (empty["data"], empty["from"], empty["to"], empty["last_page"]) == ([], None, None, 1)


async def test_edit_subscribe_and_delete(v1: V1Client, people: tuple[int, int]) -> None:
    josh, other = people
    made = await _thread(v1, josh, tags_anime="1", tags_manga="30013")
    tid = str(made["id"])
    r = await v1.put(
        "forum/thread", josh, data={"id": tid, "title": "Edited title", "tags_anime": ""}
    )
    assert r.status_code == 200, r.text
    assert r.json()["title"] == "Edited title" and r.json()["tags_anime"] == []
    assert [m["id"] for m in r.json()["tags_manga"]] == [30013]  # the other type is kept
    assert (
        await v1.put("forum/thread", other, data={"id": tid, "title": "Not mine!"})
    ).status_code == 403
    r = await v1.post("forum/comment/subscribe", other, data={"thread_id": tid})
    assert r.status_code == 200 and r.json() is True
    assert (
        await v1.post("forum/comment/subscribe", other, data={"thread_id": tid})
    ).json() is False
    comment = (
        await v1.post("forum/comment", other, data={"thread_id": tid, "comment": "hi"})
    ).json()
    r = await v1.put("forum/comment", other, data={"id": str(comment["id"]), "comment": "hello"})
    assert r.status_code == 200 and r.json()["comment"] == "hello"
    assert (
        await v1.put("forum/comment", josh, data={"id": str(comment["id"]), "comment": "x"})
    ).status_code == 403
    assert (await v1.delete(f"forum/comment/{comment['id']}", josh)).status_code == 403
    r = await v1.delete(f"forum/comment/{comment['id']}", other)  # DELETE: forum/comment/{id}
    assert r.status_code == 200 and r.json() is True
    assert (await v1.get(f"forum/thread/{tid}", None)).json()["reply_count"] == 0
    r = await v1.delete(f"forum/thread/{tid}", josh)  # DELETE: forum/thread/{thread_id}
    assert r.status_code == 200 and r.json() is True
    assert (await v1.get(f"forum/thread/{tid}", None)).status_code == 404


async def test_forum_write_validation(v1: V1Client, people: tuple[int, int]) -> None:
    josh, _other = people
    r = await v1.post("forum/thread", josh, data={"title": "short", "body": "b", "tags": "99"})
    assert r.status_code == 422 and set(r.json()["fields"]) == {"title"}
    r = await v1.post(
        "forum/thread", josh, data={"title": "Long enough", "body": "b", "tags": "99"}
    )
    assert r.json()["fields"] == {"tags": ["The selected categories is invalid."]}
    assert (await v1.post("forum/thread", josh, data={"title": "Long enough"})).status_code == 422
    r = await v1.post("forum/comment", josh, data={"thread_id": "999", "comment": "hi"})
    assert r.status_code == 404
    assert (await v1.post("forum/comment", josh, data={"thread_id": "1"})).status_code == 422
    assert (await v1.post("forum/thread", None, data={"title": "x"})).status_code == 401
    for path in ("forum/thread/99999999999999", "forum/thread/0"):
        assert (await v1.get(path, None)).status_code == 404
    assert (await v1.delete("forum/comment/99999999999999", josh)).status_code == 404
