"""Maintained ``User.statistics`` breakdowns (``user_stat_breakdowns``), backfilled after Alembic.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels = None
depends_on = None

SUMS = ("count", "scored_count", "score_sum", "minutes_watched", "chapters_read")
# The kagami_meta key kagami.lists.stat_backfill reads: its rows are filled after Alembic,
# in committed batches behind a progress bar (31 min for the medium tier here before).
PENDING = "backfill:user_stat_breakdowns"


def upgrade() -> None:
    """Create ``user_stat_breakdowns``; record that existing entries still need filling in."""
    op.create_table(
        "user_stat_breakdowns",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "media_type",
            sa.Enum("ANIME", "MANGA", name="mediatype", native_enum=False, length=5),
            nullable=False,
        ),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in SUMS),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_stat_breakdowns_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id",
            "media_type",
            "dimension",
            "private",
            "key",
            name=op.f("pk_user_stat_breakdowns"),
        ),
    )
    # Existing entries: a backfill for kagami.db.migrate.upgrade to run once Alembic is
    # done (resumable, unlike one statement inside this transaction), from user id 0.
    op.execute(
        "INSERT INTO kagami_meta (key, value, updated_at) SELECT"
        f" '{PENDING}', '0', 0 WHERE EXISTS (SELECT 1 FROM list_entries)"
    )


def downgrade() -> None:
    """Drop the table (and a backfill still pending for it)."""
    op.execute(f"DELETE FROM kagami_meta WHERE key = '{PENDING}'")
    op.drop_table("user_stat_breakdowns")
