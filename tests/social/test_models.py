"""Constraints and relationships of the social tables."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

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


async def test_following_the_same_user_twice_is_rejected(session: AsyncSession) -> None:
    session.add(Follow(follower_id=1, followed_id=2))
    await session.flush()
    session.add(Follow(follower_id=1, followed_id=2))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_following_yourself_is_rejected(session: AsyncSession) -> None:
    session.add(Follow(follower_id=1, followed_id=1))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_liking_the_same_thing_twice_is_rejected(session: AsyncSession) -> None:
    session.add(Like(user_id=1, likeable_type=LikeableType.ACTIVITY, likeable_id=7))
    session.add(Like(user_id=1, likeable_type=LikeableType.ACTIVITY_REPLY, likeable_id=7))
    session.add(Like(user_id=2, likeable_type=LikeableType.ACTIVITY, likeable_id=7))
    await session.flush()
    session.add(Like(user_id=1, likeable_type=LikeableType.ACTIVITY, likeable_id=7))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_favourite_with_two_targets_is_rejected(session: AsyncSession) -> None:
    session.add(Favourite(user_id=1, kind=FavouriteKind.CHARACTER, character_id=1, staff_id=1))
    with pytest.raises(IntegrityError):
        await session.flush()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": FavouriteKind.ANIME},
        {"kind": FavouriteKind.STAFF, "studio_id": 1},
        {"kind": FavouriteKind.MANGA, "character_id": 1},
    ],
    ids=["no-target", "wrong-column", "media-kind-on-character"],
)
async def test_favourite_target_must_match_its_kind(
    session: AsyncSession, fields: dict[str, object]
) -> None:
    session.add(Favourite(user_id=1, **fields))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_favouriting_the_same_target_twice_is_rejected(session: AsyncSession) -> None:
    session.add_all(
        [
            Favourite(user_id=1, kind=FavouriteKind.ANIME, media_id=1),
            Favourite(user_id=1, kind=FavouriteKind.STUDIO, studio_id=1),
            Favourite(user_id=1, kind=FavouriteKind.STAFF, staff_id=1, favourite_order=1),
        ]
    )
    await session.flush()
    session.add(Favourite(user_id=1, kind=FavouriteKind.STAFF, staff_id=1))
    with pytest.raises(IntegrityError):
        await session.flush()


async def test_enums_are_stored_with_anilist_spellings(session: AsyncSession) -> None:
    session.add(Activity(type=ActivityType.ANIME_LIST, user_id=1, media_id=1, status="watched"))
    await session.flush()
    raw = await session.scalar(sa.text("SELECT type FROM activities"))
    assert raw == "ANIME_LIST"


async def test_message_activity_replies_load_in_order(session: AsyncSession) -> None:
    message = Activity(type=ActivityType.MESSAGE, user_id=2, messenger_id=1, text="hi")
    session.add(message)
    await session.flush()
    session.add_all(
        [ActivityReply(activity_id=message.id, user_id=u, text=f"r{u}") for u in (2, 1)]
    )
    await session.flush()
    session.expunge_all()

    loaded = await session.scalar(
        sa.select(Activity).options(selectinload(Activity.replies)).where(Activity.id == message.id)
    )
    assert loaded is not None
    assert [r.text for r in loaded.replies] == ["r2", "r1"]
    assert (loaded.reply_count, loaded.like_count, loaded.is_private) == (0, 0, False)


async def test_deleting_an_activity_cascades_to_its_rows(session: AsyncSession) -> None:
    activity = Activity(type=ActivityType.TEXT, user_id=1, text="hello")
    session.add(activity)
    await session.flush()
    session.add_all(
        [
            ActivityReply(activity_id=activity.id, user_id=2, text="yo"),
            ActivitySubscription(activity_id=activity.id, user_id=2),
            Notification(
                user_id=1, type=NotificationType.ACTIVITY_REPLY, actor_id=2, activity_id=activity.id
            ),
        ]
    )
    await session.flush()
    await session.execute(sa.delete(Activity).where(Activity.id == activity.id))
    for model in (ActivityReply, ActivitySubscription, Notification):
        assert await session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


async def test_every_notification_type_can_be_stored(session: AsyncSession) -> None:
    activity = Activity(type=ActivityType.TEXT, user_id=1, text="a")
    session.add(activity)
    await session.flush()
    reply = ActivityReply(activity_id=activity.id, user_id=2, text="b")
    session.add(reply)
    await session.flush()
    by_type = {
        NotificationType.AIRING: {"media_id": 1, "episode": 3, "contexts": ["Episode ", " aired."]},
        NotificationType.FOLLOWING: {"actor_id": 2},
        NotificationType.ACTIVITY_REPLY_LIKE: {
            "actor_id": 2,
            "activity_id": activity.id,
            "activity_reply_id": reply.id,
        },
        NotificationType.MEDIA_MERGE: {
            "media_id": 1,
            "deleted_media_titles": ["Old"],
            "reason": "dup",
        },
        NotificationType.MEDIA_DELETION: {"deleted_media_title": "Gone", "reason": "spam"},
        NotificationType.MEDIA_SUBMISSION_UPDATE: {"submitted_title": "New", "status": "accepted"},
        NotificationType.STAFF_SUBMISSION_UPDATE: {"staff_id": 1, "notes": "thanks"},
        NotificationType.CHARACTER_SUBMISSION_UPDATE: {"character_id": 1, "contexts": ["x"]},
    }
    for kind in NotificationType:
        session.add(
            Notification(user_id=1, type=kind, context=" did a thing.", **by_type.get(kind, {}))
        )
    await session.flush()
    session.expunge_all()

    rows = (await session.scalars(sa.select(Notification).order_by(Notification.id))).all()
    assert [n.type for n in rows] == list(NotificationType)
    merge = next(n for n in rows if n.type is NotificationType.MEDIA_MERGE)
    assert merge.deleted_media_titles == ["Old"]
    assert all(not n.is_read for n in rows)
