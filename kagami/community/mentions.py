"""``@name`` mentions in community text: who is meant, found in linear time and bounded."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User, normalize_name

# A user name (see accounts.names) after an '@' that does not continue a word or an email.
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9_-]{2,20})(?![A-Za-z0-9_-])")
# Mentions looked up per text; the rest are ignored, so one comment cannot notify everyone.
MENTIONS_MAX = 20


def mentioned_names(text: str) -> list[str]:
    """The distinct names ``text`` mentions (case-insensitive keys), first ``MENTIONS_MAX``."""
    names: dict[str, None] = {}
    for match in _MENTION.finditer(text):
        names.setdefault(normalize_name(match.group(1)), None)
        if len(names) == MENTIONS_MAX:
            break
    return list(names)


async def mentioned_users(session: AsyncSession, text: str) -> list[int]:
    """Ids of the existing users ``text`` mentions (one statement, none when nobody is)."""
    names = mentioned_names(text)
    if not names:
        return []
    stmt = sa.select(User.id).where(User.name_lower.in_(names), User.is_active.is_(True))
    return sorted((await session.execute(stmt)).scalars())
