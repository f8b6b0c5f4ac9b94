"""Declarative base shared by every domain's models, with a stable constraint naming scheme."""

from __future__ import annotations

import enum
import time
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

# Stable names make Alembic autogenerate produce the same migration on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class for all Kagami ORM models."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: sa.JSON(),
        list[Any]: sa.JSON(),
        list[str]: sa.JSON(),
        list[int]: sa.JSON(),
    }


def now_epoch() -> int:
    """Current UTC time as epoch seconds: how every timestamp column is stored."""
    return int(time.time())


def enum_column(enum_cls: type[enum.Enum], *, length: int = 32) -> sa.Enum:
    """A portable enum column stored as VARCHAR of the canonical (AniList) spelling.

    Non-native so PostgreSQL needs no ``CREATE TYPE`` migrations when a spec grows a value.
    """
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
