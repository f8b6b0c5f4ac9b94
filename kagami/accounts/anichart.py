"""AniChart's per-user settings and media highlights: small free-form maps kept on ``users``.

A settings write locks the user's row first (``UPDATE ... RETURNING``), so two racing
requests of one user merge one after the other on either backend instead of losing a change;
highlights are replaced whole, so they need no lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.models import Media
from kagami.community.validation import Problems
from kagami.errors import NotFound

SETTING_MAX = 64  # characters of one setting's value
HIGHLIGHT_MAX = 64  # characters of one highlight
HIGHLIGHTS_MAX = 500  # highlights a user keeps (one call sends them all)


async def _locked(session: AsyncSession, actor_id: int, column: Any) -> dict[str, Any]:
    """The user's current map in ``column``, with their row locked until the transaction ends."""
    stmt = (
        sa.update(User)
        .where(User.id == actor_id)
        .values({column: column, User.updated_at: User.updated_at})
        .returning(column)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(stmt)
    row = result.first()
    if row is None:
        raise NotFound()
    return dict(row[0] or {})


async def _store(session: AsyncSession, actor_id: int, column: Any, value: dict[str, Any]) -> None:
    await session.execute(
        sa.update(User)
        .where(User.id == actor_id)
        .values({column: value, User.updated_at: User.updated_at})  # options, not the profile
        .execution_options(synchronize_session=False)
    )


async def update_anichart_settings(
    session: AsyncSession,
    actor_id: int,
    *,
    title_language: str | None = None,
    outgoing_link_provider: str | None = None,
    theme: str | None = None,
    sort: str | None = None,
) -> dict[str, str]:
    """Merge the given settings into the user's AniChart settings; returns them all."""
    given = {
        "title_language": title_language,
        "outgoing_link_provider": outgoing_link_provider,
        "theme": theme,
        "sort": sort,
    }
    problems = Problems()
    for name, value in given.items():
        problems.text(name, value, None, SETTING_MAX)
    problems.raise_if_any()
    settings = await _locked(session, actor_id, User.anichart_settings)
    settings.update({k: v for k, v in given.items() if v is not None})
    await _store(session, actor_id, User.anichart_settings, settings)
    return settings


async def update_anichart_highlights(
    session: AsyncSession,
    actor_id: int,
    *,
    highlights: Sequence[tuple[int | None, str | None]] | None,
) -> dict[str, str]:
    """Replace the user's highlights with ``(media id, highlight)`` pairs; an empty one drops."""
    pairs = list(highlights or ())
    problems = Problems()
    if len(pairs) > HIGHLIGHTS_MAX:
        problems.add("highlights", f"The highlights may not have more than {HIGHLIGHTS_MAX} items.")
    problems.raise_if_any()
    for media_id, text in pairs:
        problems.required("media_id", media_id)
        problems.text("highlight", text, None, HIGHLIGHT_MAX)
    problems.raise_if_any()
    kept = {media_id: text for media_id, text in pairs if text and media_id is not None}
    if kept:
        stmt = sa.select(Media.id).where(Media.id.in_(list(kept)))
        if set((await session.execute(stmt)).scalars()) != set(kept):
            problems.add("media_id", "The selected media id is invalid.")
            problems.raise_if_any()
    stored = {str(media_id): text for media_id, text in sorted(kept.items())}
    await _store(session, actor_id, User.anichart_highlights, stored)
    return stored
