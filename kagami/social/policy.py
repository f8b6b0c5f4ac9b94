"""Who may change what in the social domain: owners, a message's two parties, moderators."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.social.enums import ActivityType
from kagami.social.models import Activity, ActivityReply


def has_mod_role(roles: Sequence[str] | None) -> bool:
    """Whether a user holding ``roles`` (``User.moderator_roles``) is a moderator."""
    return bool(roles)


async def is_moderator(session: AsyncSession, user_id: int) -> bool:
    """Whether ``user_id`` holds any moderator role (one statement)."""
    roles = await session.scalar(sa.select(User.moderator_roles).where(User.id == user_id))
    return has_mod_role(roles)


def may_see(actor_id: int, activity: Activity) -> bool:
    """A private message is its sender's and recipient's only; anything else is public."""
    return not activity.is_private or actor_id in (activity.user_id, activity.messenger_id)


def author_of(activity: Activity) -> int:
    """Who wrote an activity: a message's sender, else the profile it lives on."""
    if activity.type is ActivityType.MESSAGE and activity.messenger_id is not None:
        return activity.messenger_id
    return activity.user_id


def may_edit_activity(actor_id: int, activity: Activity, moderator: bool) -> bool:
    """Only an activity's author (a message's sender) or a moderator edits it."""
    return moderator or actor_id == author_of(activity)


def may_delete_activity(actor_id: int, activity: Activity, moderator: bool) -> bool:
    """The author, a message's recipient (it is on their profile) or a moderator deletes it."""
    return moderator or actor_id in (activity.user_id, activity.messenger_id)


def may_pin(actor_id: int, activity: Activity) -> bool:
    """Only the owner pins one of their own text or list activities on their profile."""
    return activity.type is not ActivityType.MESSAGE and actor_id == activity.user_id


def may_edit_reply(actor_id: int, reply: ActivityReply, moderator: bool) -> bool:
    """Only a reply's author or a moderator edits it."""
    return moderator or actor_id == reply.user_id


def may_delete_reply(
    actor_id: int, reply: ActivityReply, activity: Activity, moderator: bool
) -> bool:
    """A reply's author, the owner of the profile it sits on, or a moderator deletes it."""
    return moderator or actor_id in (reply.user_id, activity.user_id)
