"""Seed 001 "Forum": feeds, a thread with nested comments, thread/comment writes, search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.queries import users_by_ids
from kagami.catalogue.enums import MediaType
from kagami.community import forum
from kagami.community.comments_service import delete_thread_comment, save_thread_comment
from kagami.community.threads_service import (
    CATEGORIES_MAX,
    MEDIA_CATEGORIES_MAX,
    delete_thread,
    live_thread,
    save_thread,
    toggle_thread_subscription,
)
from kagami.dialects.anilist_v1.auth import v1_principal, v1_user_id, v1_viewer_id
from kagami.dialects.anilist_v1.errors import V1Error, V1Route, invalid
from kagami.dialects.anilist_v1.forum_models import (
    comment_model,
    comment_tree,
    page_fields,
    thread_model,
    thread_summaries,
)
from kagami.dialects.anilist_v1.payload import MAX_INT, Payload, read_payload
from kagami.digits import ascii_digits
from kagami.errors import Invalid, NotFound

FEED_PER_PAGE = 22  # the seed's feed example: "per_page": 22
COMMENTS_PER_PAGE = 10  # the seed's thread example: "per_page": 10
MAX_PAGE = 100_000
ACTIVITY = [("last_activity", True)]

router = APIRouter(route_class=V1Route, dependencies=[Depends(v1_principal)])
PageParam = Query(None, description="Page number")


def _ids(p: Payload, name: str, limit: int) -> list[int] | None:
    """A comma separated id list (None when absent); 422 for anything but ids."""
    items = p.csv(name, max_items=limit)
    if items is None:
        return None
    items = [i for i in items if i]
    if not all(ascii_digits(i) and len(i) < 10 for i in items):
        raise invalid({name: [f"The {name} must be comma separated ids."]})
    return [int(i) for i in items]


def _existing_id(ident: int, word: str) -> None:
    """404 for a path id no row can have (beyond the database's integer range)."""
    if not 0 < ident <= MAX_INT:
        raise V1Error(404, "not_found", f"No {word} with id {ident}.")


async def _feed(request: Request, q: forum.ThreadQuery) -> dict[str, Any]:
    p = Payload(dict(request.query_params))
    number = p.integer("page", minimum=1, maximum=MAX_PAGE) or 1
    async with request.app.state.db.session() as session:
        page = await forum.find_threads(session, q, number, FEED_PER_PAGE)
        return {**page_fields(page), "data": await thread_summaries(session, page.items)}


@router.get("/forum/recent")
async def recent(request: Request, page: str | None = PageParam) -> dict[str, Any]:
    """Threads by most recent activity (latest comment, or creation)."""
    return await _feed(request, forum.ThreadQuery(sort=ACTIVITY))


@router.get("/forum/new")
async def new(request: Request, page: str | None = PageParam) -> dict[str, Any]:
    """Threads by most recent creation."""
    return await _feed(request, forum.ThreadQuery(sort=[("created_at", True), ("id", True)]))


@router.get("/forum/subscribed")
async def subscribed(
    request: Request, page: str | None = PageParam, user_id: int = Depends(v1_user_id)
) -> dict[str, Any]:
    """The user's subscribed threads by most recent activity (user tokens only)."""
    q = forum.ThreadQuery(subscribed=True, viewer_id=user_id, sort=ACTIVITY)
    return await _feed(request, q)


@router.get("/forum/tag")
async def tagged(
    request: Request,
    tags: str | None = Query(None, description="Comma separated tag ids"),
    anime: str | None = Query(None, description="Comma separated anime ids"),
    manga: str | None = Query(None, description="Comma separated manga ids"),
    page: str | None = PageParam,
) -> dict[str, Any]:
    """Threads under ALL the given tags, anime and manga, by most recent activity."""
    p = Payload(dict(request.query_params))
    media = (_ids(p, "anime", MEDIA_CATEGORIES_MAX) or []) + (
        _ids(p, "manga", MEDIA_CATEGORIES_MAX) or []
    )
    q = forum.ThreadQuery(
        category_ids_all=_ids(p, "tags", CATEGORIES_MAX) or [], media_ids_all=media, sort=ACTIVITY
    )
    return await _feed(request, q)


@router.get("/forum/search/{query}")
async def search(request: Request, query: str, page: str | None = PageParam) -> dict[str, Any]:
    """Feed threads whose titles contain every word of ``query``."""
    return await _feed(request, forum.ThreadQuery(search=query, sort=ACTIVITY))


async def _thread_body(
    session: AsyncSession, thread_id: int, viewer: int | None, number: int
) -> dict[str, Any]:
    """The thread model with one page of root comments, their replies nested."""
    try:
        thread = await live_thread(session, thread_id) if 0 < thread_id <= MAX_INT else None
    except NotFound:
        thread = None
    if thread is None:
        raise V1Error(404, "not_found", f"No thread with id {thread_id}.")
    await session.refresh(thread)
    roots = await forum.find_comments(
        session, forum.CommentQuery(thread_id=thread.id), number, COMMENTS_PER_PAGE
    )
    summary = (await thread_summaries(session, [thread]))[0]
    mine = await forum.subscribed_threads(session, viewer, [thread.id]) if viewer else {}
    body = thread_model(thread, summary, subscribed=bool(mine), comments=roots)
    body["comments"] = await comment_tree(session, roots.items)
    return body


@router.get("/forum/thread/{thread_id:int}")
async def thread(
    request: Request,
    thread_id: int,
    page: str | None = PageParam,
    viewer: int | None = Depends(v1_viewer_id),
) -> dict[str, Any]:
    """A thread with a page of root comments (10) and every reply nested under them."""
    p = Payload(dict(request.query_params))
    number = p.integer("page", minimum=1, maximum=MAX_PAGE) or 1
    async with request.app.state.db.session() as session:
        return await _thread_body(session, thread_id, viewer, number)


_FIELD_NAMES = {"categories": "tags", "media_categories": "tags_anime"}


def _renamed(exc: Invalid) -> V1Error:
    """The service's field names as the payload spells them."""
    return invalid({_FIELD_NAMES.get(k, k): v for k, v in exc.fields.items()})


async def _media_tags(
    session: AsyncSession, thread_id: int | None, anime: list[int] | None, manga: list[int] | None
) -> list[int] | None:
    """The thread's tagged series: the lists given, the other type's kept when editing."""
    if anime is None and manga is None:
        return None
    kept: dict[MediaType, list[int]] = {MediaType.ANIME: [], MediaType.MANGA: []}
    if thread_id is not None:
        for media in (await forum.media_categories_of(session, [thread_id])).get(thread_id, []):
            kept[media.type].append(media.id)
    return (kept[MediaType.ANIME] if anime is None else anime) + (
        kept[MediaType.MANGA] if manga is None else manga
    )


async def _save_thread(request: Request, user_id: int, *, create: bool) -> dict[str, Any]:
    p = await read_payload(request)
    thread_id = None if create else p.integer("id", required=True, minimum=1)
    title = p.text("title", required=create, max_length=1_000)
    body = p.text("body", required=create, max_length=100_000)
    tags = _ids(p, "tags", CATEGORIES_MAX)
    anime = _ids(p, "tags_anime", MEDIA_CATEGORIES_MAX)
    manga = _ids(p, "tags_manga", MEDIA_CATEGORIES_MAX)
    async with request.app.state.db.session() as session:
        media = await _media_tags(session, thread_id, anime, manga)
        try:
            saved = await save_thread(
                session,
                user_id,
                thread_id=thread_id,
                title=title,
                body=body,
                categories=tags,
                media_categories=media,
            )
        except Invalid as exc:
            raise _renamed(exc) from None
        return await _thread_body(session, saved.id, user_id, 1)


@router.post("/forum/thread")
async def create_thread(request: Request, user_id: int = Depends(v1_user_id)) -> dict[str, Any]:
    """Create a thread (title, body, tags, tags_anime, tags_manga); its author is subscribed."""
    return await _save_thread(request, user_id, create=True)


@router.put("/forum/thread")
async def edit_thread(request: Request, user_id: int = Depends(v1_user_id)) -> dict[str, Any]:
    """Edit a thread (``id``); fields left out stay as they are."""
    return await _save_thread(request, user_id, create=False)


@router.delete("/forum/thread/{thread_id:int}")
async def remove_thread(
    request: Request, thread_id: int, user_id: int = Depends(v1_user_id)
) -> bool:
    """Delete a thread (its author's; moderators any)."""
    _existing_id(thread_id, "thread")
    async with request.app.state.db.session() as session:
        return await delete_thread(session, user_id, thread_id)


@router.post("/forum/comment/subscribe")
async def subscribe(request: Request, user_id: int = Depends(v1_user_id)) -> bool:
    """Toggle the user's subscription to a thread; answers whether they are now subscribed."""
    p = await read_payload(request)
    thread_id = p.integer("thread_id", required=True, minimum=1)
    assert thread_id is not None
    async with request.app.state.db.session() as session:
        await toggle_thread_subscription(session, user_id, thread_id, None)
        return bool(await forum.subscribed_threads(session, user_id, [thread_id]))


async def _comment_answer(session: AsyncSession, comment: Any) -> dict[str, Any]:
    users = await users_by_ids(session, [comment.user_id])
    return comment_model(comment, users.get(comment.user_id))


@router.post("/forum/comment")
async def create_comment(request: Request, user_id: int = Depends(v1_user_id)) -> dict[str, Any]:
    """Comment on a thread, or reply to a comment (``reply_id``)."""
    p = await read_payload(request)
    thread_id = p.integer("thread_id", required=True, minimum=1)
    text = p.text("comment", required=True, max_length=100_000)
    reply_id = p.integer("reply_id", minimum=1)
    async with request.app.state.db.session() as session:
        try:
            posted = await save_thread_comment(
                session, user_id, thread_id=thread_id, parent_comment_id=reply_id, comment=text
            )
        except Invalid as exc:
            names = {"parent_comment_id": "reply_id"}
            raise invalid({names.get(k, k): v for k, v in exc.fields.items()}) from None
        return await _comment_answer(session, posted)


@router.put("/forum/comment")
async def edit_comment(request: Request, user_id: int = Depends(v1_user_id)) -> dict[str, Any]:
    """Edit one of the user's comments (``id``, ``comment``)."""
    p = await read_payload(request)
    comment_id = p.integer("id", required=True, minimum=1)
    text = p.text("comment", required=True, max_length=100_000)
    async with request.app.state.db.session() as session:
        edited = await save_thread_comment(session, user_id, comment_id=comment_id, comment=text)
        return await _comment_answer(session, edited)


@router.delete("/forum/comment/{comment_id:int}")
async def remove_comment(
    request: Request, comment_id: int, user_id: int = Depends(v1_user_id)
) -> bool:
    """Delete a comment and the replies below it."""
    _existing_id(comment_id, "comment")
    async with request.app.state.db.session() as session:
        return await delete_thread_comment(session, user_id, comment_id)
