"""Two-way sync state, resumable import cursors and admin-locked media fields (#15).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``sync_states``, ``import_cursors`` and ``media_locked_fields``."""
    op.create_table(
        "sync_states",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("remote", sa.String(length=512), nullable=False),
        sa.Column("dialect", sa.String(length=16), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("remote_entry_id", sa.Integer(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("synced_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media.id"], name="fk_sync_states_media_id_media", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_sync_states_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sync_states"),
        sa.UniqueConstraint(
            "user_id",
            "remote",
            "dialect",
            "media_id",
            name="uq_sync_states_user_id_remote_dialect_media_id",
        ),
    )
    op.create_table(
        "import_cursors",
        sa.Column("name", sa.String(length=600), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_import_cursors"),
    )
    op.create_table(
        "media_locked_fields",
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("edited_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name="fk_media_locked_fields_media_id_media",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("media_id", "field", name="pk_media_locked_fields"),
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("media_locked_fields")
    op.drop_table("import_cursors")
    op.drop_table("sync_states")
