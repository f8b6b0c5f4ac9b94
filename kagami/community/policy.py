"""Who may change what in the community: authors their own things, moderators anything."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.enums import ModRole
from kagami.accounts.models import User
from kagami.errors import Forbidden
from kagami.moderation import audit
from kagami.observability import security_event

# Roles that moderate reviews, recommendations and the forum.
COMMUNITY_MODERATORS = frozenset({ModRole.ADMIN, ModRole.LEAD_COMMUNITY, ModRole.COMMUNITY})


def is_moderator(roles: Collection[str] | None) -> bool:
    """True when any of ``roles`` moderates the community."""
    return any(role in COMMUNITY_MODERATORS for role in roles or ())


def may_edit(actor_id: int, owner_id: int | None, roles: Collection[str] | None = ()) -> bool:
    """True when the actor owns the thing or moderates the community."""
    return actor_id == owner_id or is_moderator(roles)


def moderates(actor_id: int) -> sa.ColumnElement[bool]:
    """SQL: whether ``actor_id`` moderates the community (the roles list holds one of ours).

    The roles are a JSON list of strings; matching the quoted name keeps ``COMMUNITY`` from
    matching ``DISCORD_COMMUNITY``. Uncorrelated, so the database evaluates it once.
    """
    roles = sa.cast(User.moderator_roles, sa.Text)
    held = sa.or_(*(roles.like(f'%"{role}"%') for role in sorted(COMMUNITY_MODERATORS)))
    return sa.exists().where(User.id == actor_id, held)


async def roles_of(session: AsyncSession, actor_id: int) -> list[str]:
    """The actor's moderator roles (empty for ordinary users)."""
    stmt = sa.select(User.moderator_roles).where(User.id == actor_id)
    return list(await session.scalar(stmt) or ())


async def require_edit(
    session: AsyncSession, actor_id: int, owner_id: int | None, action: str, target_id: int
) -> None:
    """Raise Forbidden unless the actor may change a thing ``owner_id`` owns.

    The roles are read only when the actor is not the owner, so the common case costs nothing.
    A moderator changing someone else's thing leaves an audit row (``action`` is
    ``"<type>.<verb>"``, e.g. ``"review.delete"``).
    """
    if actor_id == owner_id:
        return
    if not is_moderator(await roles_of(session, actor_id)):
        raise Forbidden()
    security_event("moderator_action", level="info", user_id=actor_id, owner_id=owner_id)
    await audit.record(session, actor_id, action, action.split(".")[0], target_id)
