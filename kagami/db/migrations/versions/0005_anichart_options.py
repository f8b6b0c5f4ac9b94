"""AniChart settings and highlights on users (UpdateAniChartSettings / UpdateAniChartHighlights).

Plain ``ADD COLUMN`` (no batch copy), so SQLite keeps the ``users`` search triggers.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``users.anichart_settings`` and ``users.anichart_highlights`` (null: none saved)."""
    op.add_column("users", sa.Column("anichart_settings", sa.JSON(), nullable=True))
    op.add_column("users", sa.Column("anichart_highlights", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop the two columns."""
    op.drop_column("users", "anichart_highlights")
    op.drop_column("users", "anichart_settings")
