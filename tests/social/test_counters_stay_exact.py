"""Random sequences of social writes leave every maintained counter equal to a recount."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.models import Character, Media, Staff, Studio
from kagami.db import Database
from kagami.errors import DomainError
from kagami.social import (
    activity_service,
    favourite_service,
    follow_service,
    like_service,
    reply_service,
)
from kagami.social.enums import FavouriteKind, LikeableType
from kagami.social.models import Activity, ActivityReply, Favourite, Like, Notification
from tests.factories import make_user

USERS = 4  # users 1-3 from make_one_of_each, 4 a moderator
_user = st.integers(1, USERS)
_pick = st.integers(0, 50)  # an index into whatever rows exist when the step runs
OPERATIONS = st.one_of(
    st.tuples(st.just("post"), _user, st.sampled_from(["hey @user1 @user2", "plain text"])),
    st.tuples(st.just("message"), _user, _user, st.booleans()),
    st.tuples(st.just("like"), _user, st.sampled_from(["ACTIVITY", "ACTIVITY_REPLY"]), _pick),
    st.tuples(st.just("reply"), _user, _pick, st.sampled_from(["hi", "hi @user3"])),
    st.tuples(st.just("delete_reply"), _user, _pick),
    st.tuples(st.just("delete_activity"), _user, _pick),
    st.tuples(st.just("subscribe"), _user, _pick),
    st.tuples(st.just("favourite"), _user, st.sampled_from(list(FavouriteKind)), st.integers(1, 3)),
    st.tuples(st.just("follow"), _user, _user),
)


async def _nth(session: AsyncSession, column: Any, index: int) -> int | None:
    ids = list(await session.scalars(sa.select(column).order_by(column)))
    return ids[index % len(ids)] if ids else None


async def _apply(session: AsyncSession, op: tuple[Any, ...]) -> None:
    name, actor, *args = op
    if name == "post":
        await activity_service.save_text_activity(
            session, actor, activity_id=None, text=args[0], locked=None
        )
    elif name == "message":
        await activity_service.save_message_activity(
            session,
            actor,
            activity_id=None,
            message="a message",
            recipient_id=args[0],
            private=args[1],
            locked=None,
        )
    elif name == "like":
        column = Activity.id if args[0] == "ACTIVITY" else ActivityReply.id
        await like_service.toggle_like(
            session, actor, likeable_id=await _nth(session, column, args[1]), type=args[0]
        )
    elif name == "reply":
        await reply_service.save_activity_reply(
            session,
            actor,
            reply_id=None,
            activity_id=await _nth(session, Activity.id, args[0]),
            text=args[1],
        )
    elif name == "delete_reply":
        reply = await _nth(session, ActivityReply.id, args[0])
        await reply_service.delete_activity_reply(session, actor, reply_id=reply)
    elif name == "delete_activity":
        activity = await _nth(session, Activity.id, args[0])
        await activity_service.delete_activity(session, actor, activity_id=activity)
    elif name == "subscribe":
        activity = await _nth(session, Activity.id, args[0])
        await activity_service.toggle_activity_subscription(
            session, actor, activity_id=activity, subscribe=None
        )
    elif name == "favourite":
        kind, target = args
        if kind is FavouriteKind.MANGA:
            return  # media 1-3 are anime: a MANGA favourite of them is a 404 every time
        await favourite_service.toggle_favourite(session, actor, targets={kind: target})
    elif name == "follow":
        await follow_service.toggle_follow(session, actor, user_id=args[0])


async def _mismatches(session: AsyncSession) -> list[Any]:
    """Rows whose maintained counter differs from a recount (empty when all are exact)."""

    def likes_of(kind: LikeableType, column: Any) -> Any:
        return (
            sa.select(sa.func.count())
            .where(Like.likeable_type == kind, Like.likeable_id == column)
            .scalar_subquery()
        )

    checks = [
        sa.select(Activity.id).where(
            Activity.like_count != likes_of(LikeableType.ACTIVITY, Activity.id)
        ),
        sa.select(ActivityReply.id).where(
            ActivityReply.like_count != likes_of(LikeableType.ACTIVITY_REPLY, ActivityReply.id)
        ),
        sa.select(Activity.id).where(
            Activity.reply_count
            != sa.select(sa.func.count())
            .where(ActivityReply.activity_id == Activity.id)
            .scalar_subquery()
        ),
        sa.select(User.id).where(
            User.unread_notification_count
            != sa.select(sa.func.count())
            .where(Notification.user_id == User.id, Notification.is_read.is_(False))
            .scalar_subquery()
        ),
    ]
    for model, column in (
        (Media, Favourite.media_id),
        (Character, Favourite.character_id),
        (Staff, Favourite.staff_id),
        (Studio, Favourite.studio_id),
    ):
        recount = sa.select(sa.func.count()).where(column == model.id).scalar_subquery()
        checks.append(sa.select(model.id).where(model.favourites != recount))
    orphans = sa.select(Like.id).where(
        sa.or_(
            sa.and_(
                Like.likeable_type == LikeableType.ACTIVITY,
                Like.likeable_id.not_in(sa.select(Activity.id)),
            ),
            sa.and_(
                Like.likeable_type == LikeableType.ACTIVITY_REPLY,
                Like.likeable_id.not_in(sa.select(ActivityReply.id)),
            ),
        )
    )
    found = []
    for check in [*checks, orphans]:
        found.extend((await session.execute(check)).all())
    return found


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, min_size=5, max_size=25))
async def test_counters_equal_a_recount_after_any_sequence_of_writes(
    session: AsyncSession, database: Database, operations: list[tuple[Any, ...]]
) -> None:
    """The database is shared by the examples on purpose: counters must hold from any state."""
    async with database.session() as s:
        await s.execute(sa.update(User).where(User.id == USERS).values(moderator_roles=["ADMIN"]))
        if await s.get(User, USERS) is None:
            await make_user(s, moderator_roles=["ADMIN"])
    for op in operations:
        try:
            async with database.session() as s:
                await _apply(s, op)
        except DomainError:
            pass  # refused (not found, forbidden, invalid): rolled back, nothing written
    async with database.session() as s:
        assert await _mismatches(s) == []
