"""Minimal valid rows for tests on the real (migrated) schema.

Each ``make_*`` adds one row to ``session``, flushes (so ids and defaults are set and
constraints checked) and returns it; keyword arguments set or override any column. The
caller owns the transaction: commit it, or use ``Database.session()`` which commits on exit.

    async with database.session() as session:
        user = await make_user(session)
        media = await make_media(session, title_romaji="Teekyuu")

Users get their id from the database; catalogue rows (media, characters, staff, studios)
carry AniList's ids, so unless given one they take the next free id: 1, 2, ... in a fresh
database.
"""

from __future__ import annotations

import itertools
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.accounts.models import User
from kagami.catalogue.enums import MediaType
from kagami.catalogue.models import Character, Media, Staff, Studio
from kagami.db.base import Base

T = TypeVar("T", bound=Base)

_names = itertools.count(1)


async def _next_id(session: AsyncSession, model: type[Base]) -> int:
    table = model.__table__
    assert isinstance(table, sa.Table)
    highest = await session.scalar(sa.select(sa.func.max(table.c.id)))
    return (highest or 0) + 1


async def _add(session: AsyncSession, row: T) -> T:
    session.add(row)
    await session.flush()
    return row


async def make_user(session: AsyncSession, **kw: Any) -> User:
    """A user named ``user<n>`` (unique) unless ``name`` is given; no password, no email."""
    kw.setdefault("name", f"user{next(_names)}")
    return await _add(session, User(**kw))


async def make_media(session: AsyncSession, **kw: Any) -> Media:
    """An ANIME titled ``Media <id>`` unless ``type``/``title_romaji`` are given."""
    kw.setdefault("id", await _next_id(session, Media))
    kw.setdefault("type", MediaType.ANIME)
    kw.setdefault("title_romaji", f"Media {kw['id']}")
    return await _add(session, Media(**kw))


async def make_character(session: AsyncSession, **kw: Any) -> Character:
    """A character named ``Character <id>``."""
    kw.setdefault("id", await _next_id(session, Character))
    kw.setdefault("name_full", f"Character {kw['id']}")
    return await _add(session, Character(**kw))


async def make_staff(session: AsyncSession, **kw: Any) -> Staff:
    """A staff member named ``Staff <id>``."""
    kw.setdefault("id", await _next_id(session, Staff))
    kw.setdefault("name_full", f"Staff {kw['id']}")
    return await _add(session, Staff(**kw))


async def make_studio(session: AsyncSession, **kw: Any) -> Studio:
    """An animation studio named ``Studio <id>``."""
    kw.setdefault("id", await _next_id(session, Studio))
    kw.setdefault("name", f"Studio {kw['id']}")
    kw.setdefault("is_animation_studio", True)
    return await _add(session, Studio(**kw))


async def make_one_of_each(session: AsyncSession, count: int = 3) -> None:
    """Users, media, characters, staff and studios with ids 1..``count`` (fresh database)."""
    for expected in range(1, count + 1):
        rows: list[User | Media | Character | Staff | Studio] = [
            await make_user(session),
            await make_media(session, id=expected),
            await make_character(session, id=expected),
            await make_staff(session, id=expected),
            await make_studio(session, id=expected),
        ]
        ids = [row.id for row in rows]
        assert ids == [expected] * len(rows), f"database not fresh: ids {ids}"


async def recount_list_totals(session: AsyncSession) -> None:
    """Rebuild the maintained list totals after entries were inserted directly, not by a service."""
    from kagami.lists.totals import rebuild

    await session.flush()
    await rebuild(session)
