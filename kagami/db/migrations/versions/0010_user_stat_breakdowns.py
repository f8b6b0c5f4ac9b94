"""Maintained ``User.statistics`` breakdowns (``user_stat_breakdowns``), backfilled from entries.

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
USERS_PER_STATEMENT = 500

# The same rows as kagami.lists.stat_breakdowns.rebuild (kept literal: a migration must not
# change when the models do). {key}, {joins}, {where}, {distinct} per dimension below.
BACKFILL = """
INSERT INTO user_stat_breakdowns (user_id, media_type, dimension, private, key, count,
    scored_count, score_sum, minutes_watched, chapters_read)
SELECT f.user_id, f.media_type, '{dimension}', f.private, f.key, count(*),
    sum(CASE WHEN f.score > 0 THEN 1 ELSE 0 END), sum(f.score), sum(f.minutes), sum(f.chapters)
FROM (SELECT {distinct} e.id, e.user_id, e.media_type, e.private, e.score, {key} AS key,
        CASE WHEN e.media_type = 'ANIME' THEN
            (e.progress + e.repeat * coalesce(m.episodes, 0)) * coalesce(m.duration, 0)
            ELSE 0 END AS minutes,
        CASE WHEN e.media_type = 'ANIME' THEN 0
            ELSE e.progress + e.repeat * coalesce(m.chapters, 0) END AS chapters
    FROM list_entries e JOIN media m ON m.id = e.media_id {joins}
    WHERE e.user_id >= :low AND e.user_id < :high AND {key} IS NOT NULL {where}) f
GROUP BY f.user_id, f.media_type, f.private, f.key
"""
COUNTED = "AND e.status != 'PLANNING'"
UNITS = "CASE WHEN m.type = 'ANIME' THEN m.episodes ELSE m.chapters END"
LENGTH = (
    f"CASE WHEN {UNITS} IS NULL THEN NULL WHEN {UNITS} <= 1 THEN '1'"
    f" WHEN {UNITS} <= 6 THEN '2-6' WHEN {UNITS} <= 16 THEN '7-16'"
    f" WHEN {UNITS} <= 28 THEN '17-28' WHEN {UNITS} <= 55 THEN '29-55'"
    f" WHEN {UNITS} <= 100 THEN '56-100' ELSE '101+' END"
)
SCORE = (
    "CAST(CASE WHEN e.score < 15 THEN 10 WHEN e.score >= 95 THEN 100"
    " ELSE (e.score + 5) / 10 * 10 END AS VARCHAR)"
)
# dimension -> (key, joins, where, distinct)
DIMENSIONS = {
    "status": ("CAST(e.status AS VARCHAR)", "", "", ""),
    "score": (SCORE, "", f"{COUNTED} AND e.score > 0", ""),
    "start_year": ("CAST(e.started_year AS VARCHAR)", "", COUNTED, ""),
    "format": ("m.format", "", COUNTED, ""),
    "length": (LENGTH, "", COUNTED, ""),
    "release_year": ("CAST(m.start_year AS VARCHAR)", "", COUNTED, ""),
    "country": ("m.country_of_origin", "", COUNTED, ""),
    "genre": ("l.genre", "JOIN media_genres l ON l.media_id = e.media_id", COUNTED, ""),
    "tag": (
        "CAST(l.tag_id AS VARCHAR)",
        "JOIN media_tag_links l ON l.media_id = e.media_id",
        COUNTED,
        "",
    ),
    "studio": (
        "CAST(l.studio_id AS VARCHAR)",
        "JOIN media_studios l ON l.media_id = e.media_id AND l.is_main = TRUE",
        COUNTED,
        "",
    ),
    # Each media's staff / Japanese voice actors once, deduplicated before the join.
    "staff": (
        "CAST(l.staff_id AS VARCHAR)",
        "JOIN (SELECT DISTINCT media_id, staff_id FROM media_staff) l ON l.media_id = e.media_id",
        COUNTED,
        "",
    ),
    "voice_actor": (
        "CAST(l.staff_id AS VARCHAR)",
        "JOIN (SELECT DISTINCT c.media_id AS media_id, v.staff_id AS staff_id"
        " FROM media_characters c JOIN media_character_voice_actors v"
        " ON v.media_character_id = c.id WHERE lower(v.language) = 'japanese') l"
        " ON l.media_id = e.media_id",
        COUNTED,
        "",
    ),
}


def upgrade() -> None:
    """Create ``user_stat_breakdowns`` and fill it from ``list_entries``, users in ranges."""
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
    bind = op.get_bind()
    low, high = bind.execute(sa.text("SELECT min(user_id), max(user_id) FROM list_entries")).one()
    if low is None:
        return
    for start in range(low, high + 1, USERS_PER_STATEMENT):
        bounds = {"low": start, "high": start + USERS_PER_STATEMENT}
        for dimension, (key, joins, where, distinct) in DIMENSIONS.items():
            sql = BACKFILL.format(
                dimension=dimension, key=key, joins=joins, where=where, distinct=distinct
            )
            bind.execute(sa.text(sql), bounds)


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("user_stat_breakdowns")
