"""Seed 001 "Reviews": read one, by series, by user; rate; create, edit, delete."""

from __future__ import annotations

from typing import Any

import pytest

from kagami.dialects.anilist_v1 import mapping
from tests.dialects.anilist_v1.conftest import V1Client
from tests.factories import make_user

TEXT = "Review text, it was good. " * 80  # 2,080 characters: over v1's 2,000 minimum
SUMMARY = "Review Summary, twenty plus"
REVIEW_FIELDS = {
    "id",
    "date",
    "rating",
    "rating_amount",
    "summary",
    "private",
    "user_rating",
    "text",
    "score",
    "anime",
    "user",
}


async def _users(v1: V1Client, *names: str) -> list[int]:
    async with v1.database.session() as s:
        return [(await make_user(s, name=n)).id for n in names]


async def _create(v1: V1Client, user: int, **extra: str) -> Any:
    payload = {"anime_id": "1", "text": TEXT, "summary": SUMMARY, "private": "0", "score": "94"}
    r = await v1.post("anime/review", user, data=payload | extra)  # Anime POST: anime/review
    assert r.status_code == 200, r.text
    return r.json()


async def test_create_then_read_a_review_every_way(v1: V1Client, catalogue: Any) -> None:
    josh, other = await _users(v1, "Josh", "Other")
    made = await _create(v1, josh)
    assert set(made) == REVIEW_FIELDS
    assert (made["score"], made["private"], made["rating"], made["user_rating"]) == (94, 0, 0, 0)
    assert made["text"] == TEXT.strip() and made["summary"] == SUMMARY
    assert made["anime"]["id"] == 1 and made["user"]["display_name"] == "Josh"
    assert len(made["date"]) == 19 and made["date"][4] == "-"  # "2014-05-03 14:44:15"
    one = (await v1.get(f"anime/review/{made['id']}", None)).json()  # anime/review/{review_id}
    assert one == made
    assert (await v1.get(f"manga/review/{made['id']}", None)).status_code == 404
    assert [x["id"] for x in (await v1.get("anime/1/reviews", None)).json()] == [made["id"]]
    assert (await v1.get("anime/5/reviews", None)).json() == []
    for ident in ("Josh", str(josh)):  # GET: user/{id || displayname}/reviews
        assert [x["id"] for x in (await v1.get(f"user/{ident}/reviews", other)).json()] == [
            made["id"]
        ]
    assert (await v1.get("user/nobody/reviews", None)).status_code == 404
    page = (await v1.get("anime/1/page", None)).json()
    assert [x["id"] for x in page["reviews"]] == [made["id"]]


async def test_rate_review_counts_votes_and_shows_the_viewers(v1: V1Client, catalogue: Any) -> None:
    josh, fan, critic = await _users(v1, "Josh", "Fan", "Critic")
    made = await _create(v1, josh)
    r = await v1.post("anime/review/rate", fan, data={"id": str(made["id"]), "rating": "1"})
    assert r.status_code == 200, r.text
    assert (r.json()["rating"], r.json()["rating_amount"], r.json()["user_rating"]) == (1, 1, 1)
    await v1.post("anime/review/rate", critic, data={"id": str(made["id"]), "rating": "2"})
    seen = (await v1.get(f"anime/review/{made['id']}", critic)).json()
    assert (seen["rating"], seen["rating_amount"], seen["user_rating"]) == (1, 2, 2)
    r = await v1.post("anime/review/rate", fan, data={"id": str(made["id"]), "rating": "0"})
    assert (r.json()["rating"], r.json()["rating_amount"], r.json()["user_rating"]) == (0, 1, 0)
    own = await v1.post("anime/review/rate", josh, data={"id": str(made["id"]), "rating": "1"})
    assert own.status_code == 403
    bad = await v1.post("anime/review/rate", fan, data={"id": str(made["id"]), "rating": "3"})
    assert bad.status_code == 422 and "rating" in bad.json()["fields"]


async def test_review_validation_uses_the_seed_limits_and_names(
    v1: V1Client, catalogue: Any
) -> None:
    (josh,) = await _users(v1, "Josh")
    payload = {"anime_id": "1", "text": "x" * 1999, "summary": "short", "score": "101"}
    r = await v1.post("anime/review", josh, data=payload)
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"error", "error_description", "fields"}
    assert body["fields"] == {
        "score": ["The score must be between 0 and 100."],
    }
    r = await v1.post("anime/review", josh, data=payload | {"score": "50"})
    assert r.json()["fields"] == {
        "text": ["The text must be at least 2000 characters."],
        "summary": ["The summary must be at least 20 characters."],
    }
    r = await v1.post("anime/review", josh, data={"anime_id": "1"})
    assert set(r.json()["fields"]) == {"text"}
    assert (
        await v1.post(
            "anime/review", josh, data={"anime_id": "999", "text": TEXT, "summary": SUMMARY}
        )
    ).status_code == 404
    await _create(v1, josh)
    again = await v1.post(
        "anime/review", josh, data={"anime_id": "1", "text": TEXT, "summary": SUMMARY}
    )
    assert again.status_code == 422 and again.json()["fields"] == {
        "anime_id": ["You have already reviewed this media."]
    }
    assert (await v1.get("anime/1/reviews", None)).json()[0]["score"] == 94


async def test_edit_and_delete_own_review_only(v1: V1Client, catalogue: Any) -> None:
    josh, other = await _users(v1, "Josh", "Other")
    made = await _create(v1, josh)
    r = await v1.put("anime/review", josh, data={"anime_id": "1", "score": "60", "private": "1"})
    assert r.status_code == 200, r.text
    assert (r.json()["id"], r.json()["score"], r.json()["private"]) == (made["id"], 60, 1)
    assert r.json()["text"] == made["text"]
    assert (await v1.get(f"anime/review/{made['id']}", other)).status_code == 404  # private
    assert (await v1.put("anime/review", other, data={"anime_id": "1"})).status_code == 404
    r = await v1.delete("anime/review", other, data={"id": str(made["id"])})
    assert r.status_code == 404  # another's private review is not even seen
    r = await v1.delete("anime/review", josh, data={"id": str(made["id"])})
    assert r.status_code == 200 and r.json() is True
    assert (await v1.get(f"anime/review/{made['id']}", josh)).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "anime/review"), ("put", "manga/review"), ("delete", "anime/review")],
)
async def test_review_writes_need_a_user_token(
    v1: V1Client, catalogue: Any, method: str, path: str
) -> None:
    r = await getattr(v1, method)(path, None, data={"id": "1"})
    assert r.status_code == 401


def test_review_text_minimum_is_the_seeds() -> None:
    assert mapping.REVIEW_TEXT_MIN == 2000
