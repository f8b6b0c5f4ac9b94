"""Hand edits of catalogue fields by the server's admin, remembered so mirrors keep them."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from kagami.catalogue.models import Media, MediaGenre
from kagami.catalogue.models_locks import MediaLockedField
from kagami.db.base import now_epoch
from kagami.errors import Invalid, NotFound

_TEXT, _INT, _LIST = "text", "int", "list"
# Field -> how its value is given on the command line (lists: separated by "|").
EDITABLE: Final[dict[str, str]] = {
    "title_romaji": _TEXT,
    "title_english": _TEXT,
    "title_native": _TEXT,
    "synonyms": _LIST,
    "description": _TEXT,
    "episodes": _INT,
    "duration": _INT,
    "chapters": _INT,
    "volumes": _INT,
    "cover_extra_large": _TEXT,
    "cover_large": _TEXT,
    "cover_medium": _TEXT,
    "banner_image": _TEXT,
    "genres": _LIST,
}


def _parse(field: str, value: str) -> Any:
    kind = EDITABLE[field]
    if kind == _LIST:
        return [part.strip() for part in value.split("|") if part.strip()]
    if value == "":
        return None
    if kind == _INT:
        if not value.isascii() or not value.isdigit() or len(value) > 9:
            raise Invalid({field: [f"The {field} must be a whole number."]})
        return int(value)
    return value


async def set_media_field(session: AsyncSession, media_id: int, field: str, value: str) -> None:
    """Set ``field`` of a media to ``value`` and lock it against mirrors and importers."""
    if field not in EDITABLE:
        raise Invalid({"field": [f"{field!r} cannot be edited by hand."]})
    parsed = _parse(field, value)
    if await session.get(Media, media_id) is None:
        raise NotFound(f"No media with id {media_id}.")
    if field == "genres":
        await session.execute(sa.delete(MediaGenre).where(MediaGenre.media_id == media_id))
        if parsed:
            rows = [{"media_id": media_id, "genre": g, "position": i} for i, g in enumerate(parsed)]
            await session.execute(sa.insert(MediaGenre), rows)
    else:
        await session.execute(sa.update(Media).where(Media.id == media_id).values({field: parsed}))
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(MediaLockedField)
    await session.execute(
        insert.values(media_id=media_id, field=field, edited_at=now_epoch()).on_conflict_do_update(
            index_elements=["media_id", "field"], set_={"edited_at": now_epoch()}
        )
    )


async def locked_fields(session: AsyncSession, media_ids: Collection[int]) -> dict[int, set[str]]:
    """media id -> the fields an admin edited, for the given media."""
    if not media_ids:
        return {}
    rows = await session.execute(
        sa.select(MediaLockedField.media_id, MediaLockedField.field).where(
            MediaLockedField.media_id.in_(list(media_ids))
        )
    )
    locked: dict[int, set[str]] = {}
    for media_id, field in rows:
        locked.setdefault(media_id, set()).add(field)
    return locked
