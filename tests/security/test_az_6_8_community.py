"""AZ-6 (private reviews) and AZ-8 (locked threads, other people's comments and reviews)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.enums import ModRole
from kagami.accounts.models import User
from kagami.catalogue.models import Media
from kagami.community import comments_service, reviews_service, threads_service
from kagami.community.models import Review, Thread, ThreadComment
from tests.factories import make_media, make_user
from tests.security.conftest import Dialects

DRAFT = "A draft I am not ready to show. " * 100
SUMMARY = "Draft summary of twenty chars"


async def _cast(s: AsyncSession) -> tuple[Media, User, User, User]:
    """A media, its reviewer/author, a bystander and a community moderator."""
    media = await make_media(s)
    author, other = await make_user(s), await make_user(s)
    return media, author, other, await make_user(s, moderator_roles=[ModRole.COMMUNITY.value])


async def test_AZ_6_private_review_is_hidden_everywhere_but_from_its_author_and_moderators(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        media, author, other, moderator = await _cast(s)
        review = await reviews_service.save_review(
            s, author.id, media_id=media.id, body=DRAFT, summary=SUMMARY, score=70, private=True
        )
        ids = (media.id, author.id, other.id, moderator.id, review.id)
        await s.commit()
    media_id, author_id, other_id, moderator_id, review_id = ids
    reads = [
        f"{{ Review(id: {review_id}) {{ id summary }} }}",
        "{ Page { pageInfo { total } reviews { id summary } } }",
        f"{{ Page {{ reviews(mediaId: {media_id}) {{ id summary }} }} }}",
        f"{{ Page {{ reviews(userId: {author_id}) {{ id summary }} }} }}",
        f"{{ Media(id: {media_id}) {{ reviews {{ pageInfo {{ total }} nodes {{ summary }} }} }} }}",
        f"{{ User(id: {author_id}) {{ statistics {{ anime {{ count }} }} }} }}",
    ]
    for headers in ({}, await dialects.anilist(other_id)):
        for query in reads:
            status, body = await dialects.gql(query, None, **headers)
            assert SUMMARY not in str(body), (query, body)
        _, body = await dialects.gql(reads[4], None, **headers)
        assert body["data"]["Media"]["reviews"]["pageInfo"]["total"] == 0
    for viewer in (author_id, moderator_id):
        status, body = await dialects.gql(reads[0], None, **await dialects.anilist(viewer))
        assert status == 200 and body["data"]["Review"]["summary"] == SUMMARY, body
    v1_other = await dialects.v1_auth(other_id)
    for path in (
        f"anime/review/{review_id}",
        f"anime/{media_id}/reviews",
        f"user/{author_id}/reviews",
        f"anime/{media_id}/page",
    ):
        r = await dialects.http.get(f"/api/{path}", headers=v1_other)
        assert r.status_code in (200, 404) and SUMMARY not in r.text, (path, r.text)


async def test_AZ_8_locked_threads_and_other_peoples_comments_and_reviews_are_off_limits(
    dialects: Dialects,
) -> None:
    async with dialects.database.session() as s:
        media, author, other, moderator = await _cast(s)
        thread = await threads_service.save_thread(
            s, author.id, title="A locked thread", body="Body text."
        )
        comment = await comments_service.save_thread_comment(
            s, author.id, thread_id=thread.id, comment="Before the lock."
        )
        await threads_service.save_thread(s, moderator.id, thread_id=thread.id, locked=True)
        review = await reviews_service.save_review(
            s, author.id, media_id=media.id, body=DRAFT, summary=SUMMARY, score=70
        )
        ids = (other.id, moderator.id, thread.id, comment.id, review.id, media.id)
        await s.commit()
    other_id, moderator_id, thread_id, comment_id, review_id, media_id = ids

    async def rows() -> list[object]:
        async with dialects.database.session() as s:
            return [
                (await s.execute(sa.select(m.__table__))).all()
                for m in (Thread, ThreadComment, Review)
            ]

    before = await rows()
    post = 'mutation ($t: Int) { SaveThreadComment(threadId: $t, comment: "Let me in!") { id } }'
    edit = 'mutation ($id: Int) { SaveThreadComment(id: $id, comment: "Hijacked!") { id } }'
    review_edit = (
        'mutation ($id: Int) { SaveReview(id: $id, summary: "Hijacked summary text") { id } }'
    )
    writes = [
        (post, {"t": thread_id}),
        (edit, {"id": comment_id}),
        ("mutation ($id: Int) { DeleteThreadComment(id: $id) { deleted } }", {"id": comment_id}),
        (review_edit, {"id": review_id}),
        ("mutation ($id: Int) { DeleteReview(id: $id) { deleted } }", {"id": review_id}),
    ]
    bystander = await dialects.anilist(other_id)
    for query, variables in writes:
        status, body = await dialects.gql(query, variables, **bystander)
        assert status == 403 and "errors" in body, (query, body)
    v1 = await dialects.v1_auth(other_id)
    v1_writes: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", "forum/comment", {"thread_id": thread_id, "comment": "Let me in!"}),
        ("PUT", "forum/comment", {"id": comment_id, "comment": "Hijacked!"}),
        ("DELETE", f"forum/comment/{comment_id}", {}),
        ("PUT", "anime/review", {"anime_id": media_id, "summary": "Hijacked summary text"}),
        ("DELETE", "anime/review", {"id": review_id}),
    ]
    for method, path, data in v1_writes:
        r = await dialects.http.request(method, f"/api/{path}", data=data, headers=v1)
        assert r.status_code in (403, 404), (method, path, r.text)  # v1 PUT: "no review of yours"
    assert await rows() == before
    status, body = await dialects.gql(
        post, {"t": thread_id}, **await dialects.anilist(moderator_id)
    )
    assert status == 200, body
