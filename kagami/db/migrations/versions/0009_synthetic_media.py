"""``synthetic_media``: the media `kagami seed` made up, so admins can tell them from real ones.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table; media seeded before it existed are those from id 1,000,000 up."""
    op.create_table(
        "synthetic_media",
        sa.Column(
            "media_id",
            sa.Integer(),
            sa.ForeignKey("media.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
    )
    op.execute(
        "INSERT INTO synthetic_media (media_id) SELECT id FROM media"
        " WHERE id >= 1000000 AND id_mal IS NULL"
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("synthetic_media")
