"""``@name`` mentions in activity texts and replies: who is mentioned, and telling them."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User, normalize_name
from kagami.social.enums import NotificationType
from kagami.social.notify import notify_many

# A user name (2-20 letters, digits, '_' or '-') after an '@' that does not end a word
# (so e@mail.com is no mention); linear time, no backtracking across names.
_MENTION = re.compile(r"(?<![A-Za-z0-9_@.-])@([A-Za-z0-9_-]{2,20})(?![A-Za-z0-9_-])")
# Distinct names one text can notify: bounds the lookup and the fan-out.
MAX_MENTIONS = 20


def mentioned_names(text: str) -> list[str]:
    """The distinct mentioned names (case-folded), in order of first mention, at most MAX."""
    names: dict[str, None] = {}
    for match in _MENTION.finditer(text):
        names.setdefault(normalize_name(match.group(1)))
        if len(names) >= MAX_MENTIONS:
            break
    return list(names)


async def notify_mentions(
    session: AsyncSession, actor_id: int, text: str, *, activity_id: int, exclude: set[int]
) -> set[int]:
    """ACTIVITY_MENTION to each existing user mentioned in ``text`` (not the actor nor
    ``exclude``, who hear of it otherwise); returns the mentioned user ids."""
    names = mentioned_names(text)
    if not names:
        return set()
    rows = await session.execute(
        sa.select(User.id).where(User.name_lower.in_(names), User.is_active.is_(True))
    )
    mentioned = set(rows.scalars())
    await notify_many(
        session,
        user_ids=mentioned - exclude,
        type=NotificationType.ACTIVITY_MENTION,
        actor_id=actor_id,
        activity_id=activity_id,
    )
    return mentioned
