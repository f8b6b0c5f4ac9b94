"""Maintained per-user list totals (``user_list_totals``), backfilled from existing entries.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None

# The same sums as kagami.lists.totals.rebuild (kept literal: a migration must not change
# when the models do).
BACKFILL = """
INSERT INTO user_list_totals (user_id, media_type, private, count, scored_count, score_sum,
    score_squares, minutes_watched, episodes_watched, chapters_read, volumes_read)
SELECT e.user_id, e.media_type, e.private, count(*),
    sum(CASE WHEN e.score > 0 THEN 1 ELSE 0 END), sum(e.score), sum(e.score * e.score),
    sum(CASE WHEN e.media_type = 'ANIME' THEN
        (e.progress + e.repeat * coalesce(m.episodes, 0)) * coalesce(m.duration, 0) ELSE 0 END),
    sum(CASE WHEN e.media_type = 'ANIME' THEN
        e.progress + e.repeat * coalesce(m.episodes, 0) ELSE 0 END),
    sum(CASE WHEN e.media_type = 'MANGA' THEN
        e.progress + e.repeat * coalesce(m.chapters, 0) ELSE 0 END),
    sum(CASE WHEN e.media_type = 'MANGA' THEN
        e.progress_volumes + e.repeat * coalesce(m.volumes, 0) ELSE 0 END)
FROM list_entries e JOIN media m ON m.id = e.media_id
WHERE e.status != 'PLANNING'
GROUP BY e.user_id, e.media_type, e.private
"""


def upgrade() -> None:
    """Create ``user_list_totals`` with its sort indexes and fill it from ``list_entries``."""
    op.create_table(
        "user_list_totals",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "media_type",
            sa.Enum("ANIME", "MANGA", name="mediatype", native_enum=False, length=5),
            nullable=False,
        ),
        sa.Column("private", sa.Boolean(), nullable=False),
        *(
            sa.Column(name, sa.BigInteger(), nullable=False)
            for name in (
                "count",
                "scored_count",
                "score_sum",
                "score_squares",
                "minutes_watched",
                "episodes_watched",
                "chapters_read",
                "volumes_read",
            )
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_list_totals_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "media_type", "private", name=op.f("pk_user_list_totals")
        ),
    )
    with op.batch_alter_table("user_list_totals", schema=None) as batch_op:
        for name, column in (("minutes", "minutes_watched"), ("chapters", "chapters_read")):
            batch_op.create_index(
                f"ix_user_list_totals_{name}", ["media_type", "private", column], unique=False
            )
    op.execute(BACKFILL)


def downgrade() -> None:
    """Drop the table (its indexes go with it)."""
    op.drop_table("user_list_totals")
