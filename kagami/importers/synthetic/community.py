"""Community phase: reviews and recommendations with their votes (the forum is in ``forum``)."""

from __future__ import annotations

from typing import Any

from kagami.community.models import Recommendation, RecommendationVote, Review, ReviewVote
from kagami.importers.synthetic.cast import zipf_weights
from kagami.importers.synthetic.clock import DAY, WORLD_END
from kagami.importers.synthetic.context import SeedContext
from kagami.importers.synthetic.social import People
from kagami.importers.synthetic.text import short_text, text_of

REVIEWS_PER_USER = 0.06
RECOMMENDATIONS_PER_USER = 0.1


async def seed_reviews(ctx: SeedContext) -> None:
    """Reviews of media their authors completed and scored, each with up/down votes."""
    rng = ctx.rng("reviews")
    people = People(ctx)
    authors = [u for u in ctx.world.users if ctx.world.favourite_candidates.get(u.id)]
    count = min(len(authors), int(len(ctx.world.users) * REVIEWS_PER_USER))
    reviews: list[dict[str, Any]] = []
    votes: list[dict[str, Any]] = []
    first = await ctx.allocate(Review.__table__, count)
    for n, author in enumerate(sorted(rng.sample(authors, count), key=lambda u: u.id)):
        media_id, media_type, score = rng.choice(ctx.world.favourite_candidates[author.id])
        created = author.created_at + rng.randrange(max(1, WORLD_END - author.created_at))
        voters = people.around(rng, author.id, rng.randint(0, 20))
        ups = 0
        for voter in voters:
            up = rng.random() < 0.75
            ups += up
            votes.append({"review_id": first + n, "user_id": voter,
                          "rating": "UP_VOTE" if up else "DOWN_VOTE"})  # fmt: skip
        reviews.append({
            "id": first + n, "user_id": author.id, "media_id": media_id, "media_type": media_type,
            "summary": short_text(rng, 20, 120), "body": text_of(rng, 2_200, 4_000),
            "score": min(100, max(0, score + rng.randint(-5, 5))), "rating": ups,
            "rating_amount": len(voters), "private": rng.random() < 0.02,
            "created_at": created, "updated_at": min(WORLD_END, created + rng.randrange(30 * DAY)),
        })  # fmt: skip
    await ctx.insert(Review.__table__, reviews)
    await ctx.insert(ReviewVote.__table__, votes)


async def seed_recommendations(ctx: SeedContext) -> None:
    """Same-type media pairs recommended by users; ``rating`` is ups minus downs."""
    rng = ctx.rng("recommendations")
    people = People(ctx)
    by_type: dict[str, list[int]] = {"ANIME": [], "MANGA": []}
    for media in ctx.world.media:
        by_type[media.type].append(media.id)
    pools = {
        kind: (ids, zipf_weights(len(ids), offset=10))
        for kind, ids in by_type.items()
        if len(ids) > 1
    }
    users = ctx.world.users
    if not pools or not users:
        return
    wanted = int(len(users) * RECOMMENDATIONS_PER_USER)
    seen: set[tuple[int, int]] = set()
    recs: list[dict[str, Any]] = []
    votes: list[dict[str, Any]] = []
    first = await ctx.allocate(Recommendation.__table__, wanted)
    kinds = sorted(pools)
    for _ in range(wanted * 2):
        if len(recs) == wanted:
            break
        ids, cum = pools[kinds[0] if len(kinds) == 1 or rng.random() < 0.7 else kinds[1]]
        a, b = rng.choices(ids, cum_weights=cum, k=2)
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        rec_id = first + len(recs)
        author = users[rng.randrange(len(users))]
        rating = 0
        for voter in people.around(rng, author.id, rng.randint(0, 15)):
            up = rng.random() < 0.8
            rating += 1 if up else -1
            votes.append({"recommendation_id": rec_id, "user_id": voter,
                          "rating": "RATE_UP" if up else "RATE_DOWN"})  # fmt: skip
        created = author.created_at + rng.randrange(max(1, WORLD_END - author.created_at))
        recs.append({"id": rec_id, "media_id": a, "media_recommendation_id": b,
                     "user_id": author.id, "rating": rating, "created_at": created})  # fmt: skip
    await ctx.insert(Recommendation.__table__, recs)
    await ctx.insert(RecommendationVote.__table__, votes)
