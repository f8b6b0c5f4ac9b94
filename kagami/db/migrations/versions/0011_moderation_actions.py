"""The moderation audit trail (SECURITY.md AZ-7, issue #14).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``moderation_actions``."""
    op.create_table(
        "moderation_actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_moderation_actions"),
    )
    op.create_index(
        "ix_moderation_actions_actor_id", "moderation_actions", ["actor_id"], unique=False
    )


def downgrade() -> None:
    """Drop ``moderation_actions``."""
    op.drop_index("ix_moderation_actions_actor_id", table_name="moderation_actions")
    op.drop_table("moderation_actions")
