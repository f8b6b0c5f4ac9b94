"""Forum phase: v1's categories; threads (ids in time order), nested comments, likes, watchers."""

from __future__ import annotations

from random import Random
from typing import Any

import sqlalchemy as sa

from kagami.community.models import (
    ForumCategory,
    Thread,
    ThreadCategoryLink,
    ThreadComment,
    ThreadMediaLink,
    ThreadSubscription,
)
from kagami.importers.synthetic.clock import DAY, WORLD_END
from kagami.importers.synthetic.context import SeedContext, chunked
from kagami.importers.synthetic.social import People, insert_likes
from kagami.importers.synthetic.text import paragraph, sentence, text_of
from kagami.importers.synthetic.vocab import FORUM_CATEGORIES

THREADS_PER_USER = 0.2
# Where threads get filed: General, Anime and Release Discussion are the busiest.
_CATEGORY_WEIGHTS = {1: 20, 2: 10, 3: 4, 4: 2, 5: 15, 7: 20, 8: 5, 9: 3, 10: 3, 11: 3, 12: 2,
                     13: 1, 14: 2, 15: 6, 16: 2, 17: 4, 18: 1}  # fmt: skip
_TOPICS = (
    "What are you watching this week?", "Underrated series nobody talks about",
    "Which opening do you never skip?", "Thoughts on the latest chapter [Spoilers]",
    "Best comfort shows for a rainy day", "Is the manga better than the anime?",
    "Post your top 5 of the season", "Recommendations for a first-time viewer",
    "The ending left me speechless", "Dub or sub, and why?", "Unpopular opinions thread",
)  # fmt: skip


async def _categories(ctx: SeedContext) -> None:
    """v1's forum categories, kept when they already exist."""
    table = ForumCategory.__table__
    existing = set((await ctx.session.execute(sa.select(table.c.id))).scalars())
    await ctx.insert(table, [
        {"id": cid, "name": name, "description": f"Discussion about {name.lower()}.",
         "section": None, "parent_id": None, "position": pos}
        for pos, (cid, name) in enumerate(FORUM_CATEGORIES) if cid not in existing
    ])  # fmt: skip


async def seed_forum(ctx: SeedContext) -> None:
    """Categories, then threads with comments; the latest-reply columns by SQL aggregate."""
    rng = ctx.rng("forum")
    await _categories(ctx)
    users = ctx.world.users
    if not users:
        return
    people = People(ctx)
    count = int(len(users) * THREADS_PER_USER)
    drafts = sorted(
        (u.created_at + rng.randrange(max(1, WORLD_END - u.created_at)), u.id)
        for u in (users[rng.randrange(len(users))] for _ in range(count))
    )
    task = ctx.task("Forum threads", total=len(drafts))
    first = await ctx.allocate(Thread.__table__, len(drafts))
    comment_id = await ctx.allocate(ThreadComment.__table__, 0)
    first_comment = comment_id
    for start, chunk in zip(range(0, len(drafts), 2_000), chunked(drafts, 2_000), strict=True):
        rows: dict[str, list[dict[str, Any]]] = {"threads": [], "categories": [], "media": [],
                                                 "comments": [], "subs": []}  # fmt: skip
        likes: list[tuple[str, int, int, int]] = []
        for offset, (created, author) in enumerate(chunk):
            thread_id = first + start + offset
            comments = _comments(rng, people, thread_id, author, created, comment_id, likes)
            comment_id += len(comments)
            rows["comments"] += comments
            rows["threads"].append(
                _thread(rng, people, thread_id, author, created, comments, likes)
            )
            rows["categories"] += _filing(rng, thread_id)
            rows["media"] += _media_links(rng, ctx, thread_id)
            watchers = dict.fromkeys(
                [author, *(c["user_id"] for c in comments if rng.random() < 0.3)]
            )
            rows["subs"] += [{"user_id": u, "thread_id": thread_id, "created_at": created}
                             for u in watchers]  # fmt: skip
        await ctx.insert(Thread.__table__, rows["threads"])
        await ctx.insert(ThreadCategoryLink.__table__, rows["categories"])
        await ctx.insert(ThreadMediaLink.__table__, rows["media"])
        await ctx.insert(ThreadComment.__table__, rows["comments"])
        await ctx.insert(ThreadSubscription.__table__, rows["subs"])
        await insert_likes(ctx, likes)
        ctx.progress.advance(task, len(chunk))
    await ctx.allocate(ThreadComment.__table__, comment_id - first_comment)
    # threads <-> thread_comments is a foreign-key cycle: the latest comment is linked last.
    await ctx.execute(
        "UPDATE threads SET reply_comment_id = (SELECT max(c.id) FROM thread_comments c"
        " WHERE c.thread_id = threads.id) WHERE reply_count > 0 AND id >= :first",
        first=first,
    )


def _comments(
    rng: Random,
    people: People,
    thread_id: int,
    author: int,
    created: int,
    first_id: int,
    likes: list[tuple[str, int, int, int]],
) -> list[dict[str, Any]]:
    count = 0 if rng.random() < 0.1 else min(60, 1 + int(rng.expovariate(1 / 7)))
    comments: list[dict[str, Any]] = []
    when = created
    for n in range(count):
        when = min(WORLD_END, when + int(rng.expovariate(1 / (0.5 * DAY))) + 30)
        parent = comments[rng.randrange(n)]["id"] if n and rng.random() < 0.35 else None
        users = people.around(rng, author, 1) or [author]
        likers = people.around(rng, users[0], rng.randint(1, 3)) if rng.random() < 0.3 else []
        likes += [("THREAD_COMMENT", first_id + n, u, when) for u in likers]
        comments.append({"id": first_id + n, "thread_id": thread_id, "user_id": users[0],
                         "parent_id": parent, "comment": sentence(rng) if rng.random() < 0.6
                         else paragraph(rng, rng.randint(2, 4)), "like_count": len(likers),
                         "is_locked": False, "created_at": when, "updated_at": when})  # fmt: skip
    return comments


def _thread(
    rng: Random,
    people: People,
    thread_id: int,
    author: int,
    created: int,
    comments: list[dict[str, Any]],
    likes: list[tuple[str, int, int, int]],
) -> dict[str, Any]:
    likers = people.around(rng, author, 0 if rng.random() < 0.4 else rng.randint(1, 12))
    likes += [("THREAD", thread_id, u, created) for u in likers]
    last = comments[-1] if comments else None
    return {
        "id": thread_id, "user_id": author, "title": _TOPICS[rng.randrange(len(_TOPICS))],
        "body": text_of(rng, 150, 1_200), "is_sticky": rng.random() < 0.01,
        "is_locked": rng.random() < 0.03,
        "view_count": len(comments) * rng.randint(5, 40) + rng.randint(1, 200),
        "reply_count": len(comments), "like_count": len(likers),
        "replied_at": last["created_at"] if last else None,
        "reply_user_id": last["user_id"] if last else None, "reply_comment_id": None,
        "created_at": created, "updated_at": last["created_at"] if last else created,
        "deleted_at": None,
    }  # fmt: skip


def _filing(rng: Random, thread_id: int) -> list[dict[str, Any]]:
    ids, weights = list(_CATEGORY_WEIGHTS), list(_CATEGORY_WEIGHTS.values())
    picked = dict.fromkeys(rng.choices(ids, weights=weights, k=2 if rng.random() < 0.2 else 1))
    return [{"thread_id": thread_id, "category_id": c} for c in picked]


def _media_links(rng: Random, ctx: SeedContext, thread_id: int) -> list[dict[str, Any]]:
    media = ctx.world.media
    if not media or rng.random() >= 0.35:
        return []
    picked = dict.fromkeys(media[rng.randrange(len(media))].id for _ in range(rng.randint(1, 2)))
    return [{"thread_id": thread_id, "media_id": m} for m in picked]
