"""Read-only Records: the same attribute names and values the ORM object would have."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from kagami.catalogue.enums import MediaFormat, MediaType
from kagami.catalogue.models import Media
from kagami.db import Database
from kagami.db.rows import Record, plain_columns, to_record
from tests.factories import make_media


async def test_record_matches_the_orm_row(database: Database) -> None:
    async with database.session() as s:
        await make_media(s, id=7, type=MediaType.MANGA, format=MediaFormat.ONE_SHOT)
    columns, keys = plain_columns(Media.__table__)
    async with database.session() as s:
        row = (await s.execute(sa.select(*columns).where(Media.id == 7))).one()
        orm = await s.get(Media, 7)
    record = to_record(keys, row)
    assert orm is not None
    for key in keys:
        assert getattr(record, key) == getattr(orm, key), key
    assert record.format == "ONE_SHOT" and type(record.format) is str  # no enum conversion
    assert record.type is MediaType.MANGA  # kept: siteUrl reads .value


def test_record_has_no_made_up_attributes() -> None:
    record = Record({"id": 1})
    assert record.id == 1
    with pytest.raises(AttributeError):
        _ = record.title_romaji


def test_plain_columns_skips_what_is_asked() -> None:
    _columns, keys = plain_columns(Media.__table__, skip={"description", "banner_image"})
    assert "description" not in keys and "banner_image" not in keys and "id" in keys
