"""Database plumbing: declarative base, engine/session factory, migrations."""

from kagami.db.base import Base, now_epoch
from kagami.db.engine import Database

__all__ = ["Base", "Database", "now_epoch"]
