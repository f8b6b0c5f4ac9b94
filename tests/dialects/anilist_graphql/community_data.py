"""Reviews, recommendations, a small forum, list entries and trends over the test catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import MediaTrend
from kagami.community.enums import RecommendationRating, ReviewRating
from kagami.community.models import (
    ForumCategory,
    Recommendation,
    RecommendationVote,
    Review,
    ReviewVote,
    Thread,
    ThreadCategoryLink,
    ThreadComment,
    ThreadMediaLink,
    ThreadSubscription,
)
from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.oauth.clients import ensure_builtin_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.models import OAuthClient
from kagami.social.enums import LikeableType
from kagami.social.models import Like
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.factories import make_user, recount_list_totals

DAY = 86400
# Day starts (epoch seconds) the users and reviews were created on.
D1, D2, D3 = 100 * DAY, 101 * DAY, 103 * DAY

# (status, POINT_100 score) of the Bebop (id 1) entries: one per stats user.
BEBOP_ENTRIES = [
    (MediaListStatus.COMPLETED, 100),
    (MediaListStatus.COMPLETED, 95),
    (MediaListStatus.COMPLETED, 86),
    (MediaListStatus.COMPLETED, 84),
    (MediaListStatus.COMPLETED, 0),
    (MediaListStatus.CURRENT, 72),
    (MediaListStatus.CURRENT, 5),
    (MediaListStatus.PLANNING, 0),
    (MediaListStatus.DROPPED, 30),
    (MediaListStatus.PAUSED, 61),
    (MediaListStatus.REPEATING, 100),
]


@dataclass
class Community:
    """Ids of the rows tests refer to, by short name."""

    users: dict[str, int] = field(default_factory=dict)
    reviews: dict[str, int] = field(default_factory=dict)
    recs: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    threads: dict[str, int] = field(default_factory=dict)
    comments: dict[str, int] = field(default_factory=dict)


async def build_community(database: Database) -> Community:
    """Four users (ann, ben, cat, dan) and their reviews, recommendations and forum posts."""
    c = Community()
    async with database.session() as s:
        for i, name in enumerate(("ann", "ben", "cat", "dan")):
            user = await make_user(s, name=name, created_at=(D1, D1, D2, D3)[i] + 60 * i)
            c.users[name] = user.id
        u = c.users
        reviews = {
            "r1": Review(
                user_id=u["ann"],
                media_id=1,
                media_type="ANIME",
                summary="Great",
                body="**Space** jazz",
                score=90,
                rating=10,
                rating_amount=12,
                created_at=D1 + 5,
                updated_at=D3,
            ),
            "r2": Review(
                user_id=u["ben"],
                media_id=1,
                media_type="ANIME",
                summary="Fine",
                body="ok",
                score=70,
                rating=3,
                rating_amount=4,
                created_at=D2 + 5,
                updated_at=D2,
            ),
            "r3": Review(
                user_id=u["cat"],
                media_id=30013,
                media_type="MANGA",
                summary="Long",
                body="pirates",
                score=80,
                rating=5,
                rating_amount=5,
                created_at=D2 + 9,
                updated_at=D2,
            ),
            "r4": Review(
                user_id=u["dan"],
                media_id=1,
                media_type="ANIME",
                summary="Draft",
                body="secret",
                score=50,
                private=True,
                created_at=D3,
                updated_at=D3,
            ),
        }
        s.add_all(reviews.values())
        recs = {
            "k1": Recommendation(
                media_id=1, media_recommendation_id=5, user_id=u["ann"], rating=10
            ),
            "k2": Recommendation(
                media_id=1, media_recommendation_id=21, user_id=u["ben"], rating=3
            ),
            "k3": Recommendation(
                media_id=21, media_recommendation_id=1, user_id=u["cat"], rating=-2
            ),
            "k4": Recommendation(media_id=15125, media_recommendation_id=1, user_id=None, rating=0),
        }
        s.add_all(recs.values())
        cats = {"anime": ForumCategory(name="Anime"), "manga": ForumCategory(name="Manga")}
        s.add_all(cats.values())
        await s.flush()
        c.reviews = {k: v.id for k, v in reviews.items()}
        c.recs = {k: v.id for k, v in recs.items()}
        c.categories = {k: v.id for k, v in cats.items()}
        s.add_all(
            [
                ReviewVote(
                    review_id=c.reviews["r1"], user_id=u["ben"], rating=ReviewRating.UP_VOTE
                ),
                ReviewVote(
                    review_id=c.reviews["r2"], user_id=u["ann"], rating=ReviewRating.DOWN_VOTE
                ),
                RecommendationVote(
                    recommendation_id=c.recs["k2"],
                    user_id=u["ann"],
                    rating=RecommendationRating.RATE_UP,
                ),
            ]
        )
        threads = {
            "t1": Thread(
                user_id=u["ann"],
                title="Bebop rewatch",
                body="_Let's_ watch",
                view_count=100,
                reply_count=5,
                replied_at=5000,
                reply_user_id=u["ben"],
                like_count=2,
                created_at=1000,
                updated_at=5000,
            ),
            "t2": Thread(
                user_id=u["ben"],
                title="One Piece chapter 1000",
                body="wow",
                is_sticky=True,
                view_count=50,
                reply_count=1,
                replied_at=3000,
                reply_user_id=u["ann"],
                created_at=2000,
                updated_at=3000,
            ),
            "t3": Thread(
                user_id=u["cat"],
                title="General chat",
                body="hi",
                view_count=10,
                created_at=3000,
                updated_at=3000,
            ),
            "t4": Thread(
                user_id=u["ann"],
                title="Deleted bebop thread",
                body="gone",
                created_at=4000,
                updated_at=4000,
                deleted_at=4500,
            ),
        }
        s.add_all(threads.values())
        await s.flush()
        c.threads = {k: v.id for k, v in threads.items()}
        t = c.threads
        s.add_all(
            [
                ThreadCategoryLink(thread_id=t["t1"], category_id=c.categories["anime"]),
                ThreadCategoryLink(thread_id=t["t2"], category_id=c.categories["anime"]),
                ThreadCategoryLink(thread_id=t["t2"], category_id=c.categories["manga"]),
                ThreadMediaLink(thread_id=t["t1"], media_id=1),
                ThreadMediaLink(thread_id=t["t2"], media_id=21),
                ThreadMediaLink(thread_id=t["t2"], media_id=30013),
                ThreadSubscription(user_id=u["ann"], thread_id=t["t2"]),
            ]
        )
        # t1: c1 (ben) <- c2 (cat) <- c3 (ann); c1 <- c5 (ann); c4 (dan) at the top; t2: c6.
        for name, thread, author, parent, text in (
            ("c1", "t1", "ben", None, "first"),
            ("c2", "t1", "cat", "c1", "reply to *first*"),
            ("c3", "t1", "ann", "c2", "deeper"),
            ("c4", "t1", "dan", None, "second"),
            ("c5", "t1", "ann", "c1", "also a reply"),
            ("c6", "t2", "ann", None, "on two"),
        ):
            row = ThreadComment(
                thread_id=t[thread],
                user_id=u[author],
                parent_id=c.comments[parent] if parent else None,
                comment=text,
                created_at=6000,
                updated_at=6000,
            )
            s.add(row)
            await s.flush()
            c.comments[name] = row.id
        s.add_all(
            [
                Like(user_id=u["ann"], likeable_type=LikeableType.THREAD, likeable_id=t["t1"]),
                Like(user_id=u["ben"], likeable_type=LikeableType.THREAD, likeable_id=t["t1"]),
                Like(
                    user_id=u["ann"],
                    likeable_type=LikeableType.THREAD_COMMENT,
                    likeable_id=c.comments["c2"],
                ),
            ]
        )
        s.add(
            ListEntry(
                user_id=u["ann"],
                media_id=1,
                media_type=MediaType.ANIME,
                score=90,
                status=MediaListStatus.COMPLETED,
            )
        )
        await recount_list_totals(s)
    return c


async def build_stats(database: Database) -> list[tuple[MediaListStatus, int]]:
    """Bebop entries of fresh users (``BEBOP_ENTRIES``) and a One Piece one; returns Bebop's."""
    async with database.session() as s:
        for status, score in BEBOP_ENTRIES:
            user = await make_user(s)
            s.add(
                ListEntry(
                    user_id=user.id,
                    media_id=1,
                    media_type=MediaType.ANIME,
                    status=status,
                    score=score,
                )
            )
        other = await make_user(s)
        s.add(
            ListEntry(
                user_id=other.id,
                media_id=21,
                media_type=MediaType.ANIME,
                status=MediaListStatus.CURRENT,
                score=40,
            )
        )
        await recount_list_totals(s)
    return list(BEBOP_ENTRIES)


async def build_trends(database: Database) -> None:
    """Three days of Bebop trends and one of One Piece."""
    async with database.session() as s:
        s.add_all(
            [
                MediaTrend(
                    media_id=1,
                    date=D1,
                    trending=5,
                    average_score=80,
                    popularity=100,
                    releasing=False,
                ),
                MediaTrend(
                    media_id=1,
                    date=D2,
                    trending=10,
                    average_score=82,
                    popularity=110,
                    releasing=True,
                    episode=1,
                ),
                MediaTrend(
                    media_id=1,
                    date=D3,
                    trending=2,
                    average_score=85,
                    popularity=120,
                    releasing=True,
                    episode=2,
                ),
                MediaTrend(
                    media_id=21,
                    date=D2,
                    trending=50,
                    average_score=88,
                    popularity=900,
                    releasing=True,
                    episode=1000,
                ),
            ]
        )


async def bearer(gql: GraphQLClient, database: Database, user_id: int) -> dict[str, str]:
    """An ``Authorization`` header with an AniList access token for ``user_id``."""
    async with database.session() as s:
        await ensure_builtin_client(s)
        client_id = await s.scalar(sa.select(OAuthClient.id).limit(1))
        issued = await gql.app.state.token_issuer.issue(
            s,
            client_id=client_id,
            user_id=user_id,
            dialect=TokenDialect.ANILIST,
            grant=GrantType.AUTHORIZATION_CODE,
        )
    return {"Authorization": f"Bearer {issued.access_token}"}
