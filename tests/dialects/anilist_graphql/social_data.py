"""A small social graph: four users, follows, every activity kind, replies, likes, notifications."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from kagami.catalogue.enums import MediaType
from kagami.db import Database
from kagami.lists.enums import MediaListStatus
from kagami.lists.models import ListEntry
from kagami.oauth.clients import ensure_builtin_client
from kagami.oauth.enums import GrantType, TokenDialect
from kagami.oauth.models import OAuthClient
from kagami.social.enums import ActivityType, FavouriteKind, LikeableType, NotificationType
from kagami.social.models import (
    Activity,
    ActivityReply,
    ActivitySubscription,
    Favourite,
    Follow,
    Like,
    Notification,
)
from tests.dialects.anilist_graphql.conftest import GraphQLClient
from tests.factories import (
    make_character,
    make_media,
    make_staff,
    make_studio,
    make_user,
    recount_list_totals,
)


@dataclass
class Social:
    """Ids of the graph's rows (users by name, activities a1..a6, replies r1..r3)."""

    users: dict[str, int]
    activities: dict[str, int]
    replies: dict[str, int]
    notifications: dict[str, int]


async def build_social(database: Database) -> Social:
    """alice follows bob and carol; bob follows alice; carol follows bob; dave moderates."""
    async with database.session() as s:
        anime = await make_media(s, duration=24)
        manga = await make_media(s, type=MediaType.MANGA, title_romaji="Manga Two")
        alice = await make_user(s, name="alice", unread_notification_count=3)
        bob = await make_user(s, name="bob")
        carol = await make_user(s, name="carol")
        dave = await make_user(s, name="dave", moderator_roles=["COMMUNITY"])
        users = {"alice": alice.id, "bob": bob.id, "carol": carol.id, "dave": dave.id}
        for follower, followed in ((alice, bob), (alice, carol), (bob, alice), (carol, bob)):
            s.add(Follow(follower_id=follower.id, followed_id=followed.id))
        # Time watched / read for the user sorts: bob 10 x 24 min, carol 5 chapters.
        s.add(
            ListEntry(
                user_id=bob.id,
                media_id=anime.id,
                media_type=MediaType.ANIME,
                status=MediaListStatus.CURRENT,
                progress=10,
            )
        )
        s.add(
            ListEntry(
                user_id=carol.id,
                media_id=manga.id,
                media_type=MediaType.MANGA,
                status=MediaListStatus.CURRENT,
                progress=5,
            )
        )
        rows = {
            "a1": Activity(
                type=ActivityType.TEXT,
                user_id=alice.id,
                text="Hello **world**",
                created_at=1000,
                reply_count=2,
                like_count=2,
            ),
            "a2": Activity(
                type=ActivityType.ANIME_LIST,
                user_id=bob.id,
                media_id=anime.id,
                status="watched episode",
                progress="1",
                created_at=2000,
                like_count=1,
            ),
            "a3": Activity(
                type=ActivityType.MESSAGE,
                user_id=carol.id,
                messenger_id=alice.id,
                text="hi carol",
                created_at=3000,
            ),
            "a4": Activity(
                type=ActivityType.MESSAGE,
                user_id=bob.id,
                messenger_id=carol.id,
                text="secret",
                created_at=4000,
                is_private=True,
            ),
            "a5": Activity(
                type=ActivityType.TEXT,
                user_id=dave.id,
                text="pinned post",
                created_at=5000,
                is_pinned=True,
            ),
            "a6": Activity(
                type=ActivityType.MANGA_LIST,
                user_id=carol.id,
                media_id=manga.id,
                status="read chapter",
                progress="5",
                created_at=6000,
                reply_count=1,
            ),
        }
        s.add_all(rows.values())
        await s.flush()
        acts = {k: a.id for k, a in rows.items()}
        replies = {
            "r1": ActivityReply(activity_id=acts["a1"], user_id=bob.id, text="hey", like_count=1),
            "r2": ActivityReply(activity_id=acts["a1"], user_id=carol.id, text="yo"),
            "r3": ActivityReply(activity_id=acts["a6"], user_id=alice.id, text="nice"),
        }
        s.add_all(replies.values())
        await s.flush()
        s.add_all(
            [
                Like(user_id=bob.id, likeable_type=LikeableType.ACTIVITY, likeable_id=acts["a1"]),
                Like(user_id=carol.id, likeable_type=LikeableType.ACTIVITY, likeable_id=acts["a1"]),
                Like(user_id=alice.id, likeable_type=LikeableType.ACTIVITY, likeable_id=acts["a2"]),
                Like(
                    user_id=alice.id,
                    likeable_type=LikeableType.ACTIVITY_REPLY,
                    likeable_id=replies["r1"].id,
                ),
                ActivitySubscription(activity_id=acts["a1"], user_id=alice.id),
            ]
        )
        character = await make_character(s)
        staff = await make_staff(s)
        studio = await make_studio(s)
        for order, (kind, column, target) in enumerate(
            (
                (FavouriteKind.ANIME, "media_id", anime.id),
                (FavouriteKind.MANGA, "media_id", manga.id),
                (FavouriteKind.CHARACTER, "character_id", character.id),
                (FavouriteKind.STAFF, "staff_id", staff.id),
                (FavouriteKind.STUDIO, "studio_id", studio.id),
            )
        ):
            s.add(Favourite(user_id=alice.id, kind=kind, favourite_order=order, **{column: target}))
        notes = {
            "follow": Notification(
                user_id=alice.id,
                type=NotificationType.FOLLOWING,
                actor_id=bob.id,
                context=" started following you.",
            ),
            "reply": Notification(
                user_id=alice.id,
                type=NotificationType.ACTIVITY_REPLY,
                actor_id=bob.id,
                activity_id=acts["a1"],
                context=" replied to your activity.",
            ),
            "airing": Notification(
                user_id=alice.id,
                type=NotificationType.AIRING,
                media_id=anime.id,
                episode=3,
                contexts=["Episode ", " of ", " aired."],
            ),
            "deleted": Notification(
                user_id=alice.id,
                type=NotificationType.MEDIA_DELETION,
                deleted_media_title="Gone",
                reason="dupe",
            ),
            "bobs": Notification(
                user_id=bob.id,
                type=NotificationType.ACTIVITY_LIKE,
                actor_id=alice.id,
                activity_id=acts["a2"],
            ),
        }
        s.add_all(notes.values())
        await recount_list_totals(s)
        return Social(
            users=users,
            activities=acts,
            replies={k: r.id for k, r in replies.items()},
            notifications={k: n.id for k, n in notes.items()},
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
