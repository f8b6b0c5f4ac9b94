"""Imports every domain's ORM models so ``Base.metadata`` is complete (for Alembic and tests)."""

from kagami.accounts import models as accounts_models
from kagami.catalogue import models as catalogue_models
from kagami.catalogue import models_locks as catalogue_locks_models
from kagami.community import models as community_models
from kagami.db import meta as db_meta
from kagami.db.base import Base
from kagami.lists import models as lists_models
from kagami.moderation import models as moderation_models
from kagami.oauth import models as oauth_models
from kagami.social import models as social_models
from kagami.sync import models as sync_models
from kagami.transfer import models as transfer_models

metadata = Base.metadata

__all__ = [
    "Base",
    "accounts_models",
    "catalogue_locks_models",
    "catalogue_models",
    "community_models",
    "db_meta",
    "lists_models",
    "metadata",
    "moderation_models",
    "oauth_models",
    "social_models",
    "sync_models",
    "transfer_models",
]
