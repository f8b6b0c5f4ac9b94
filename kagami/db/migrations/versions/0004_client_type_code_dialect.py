"""Client types (MAL's web/android/ios/other) and the dialect each authorization code came from.

Issue #10: a code from one dialect's authorize endpoint could be redeemed at another's token
endpoint, and every client could skip its secret there. Existing clients with a secret become
``web`` (confidential: the secret is required on every token request); the secret-less
built-in seed-002 client becomes ``android`` (public: PKCE). Pending codes (10-minute life)
cannot be told apart by dialect, so they are dropped; apps simply ask again.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CLIENT_TYPE = sa.Enum(
    "web", "android", "ios", "other", name="clienttype", native_enum=False, length=8
)
_DIALECT = sa.Enum(
    "anilist", "anilist_v1", "mal", name="tokendialect", native_enum=False, length=16
)


def upgrade() -> None:
    """Add ``oauth_clients.client_type`` and ``oauth_authorization_codes.dialect``."""
    with op.batch_alter_table("oauth_clients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("client_type", _CLIENT_TYPE, nullable=False, server_default="web")
        )
    op.execute("UPDATE oauth_clients SET client_type = 'android' WHERE secret_hash IS NULL")
    with op.batch_alter_table("oauth_clients", schema=None) as batch_op:
        batch_op.alter_column("client_type", server_default=None)
    op.execute("DELETE FROM oauth_authorization_codes")
    with op.batch_alter_table("oauth_authorization_codes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dialect", _DIALECT, nullable=False, server_default="mal"))
    with op.batch_alter_table("oauth_authorization_codes", schema=None) as batch_op:
        batch_op.alter_column("dialect", server_default=None)


def downgrade() -> None:
    """Drop what ``upgrade`` added."""
    with op.batch_alter_table("oauth_authorization_codes", schema=None) as batch_op:
        batch_op.drop_column("dialect")
    with op.batch_alter_table("oauth_clients", schema=None) as batch_op:
        batch_op.drop_column("client_type")
