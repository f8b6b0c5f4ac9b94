"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 14:53:59.259946
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "characters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_first", sa.String(length=256), nullable=True),
        sa.Column("name_middle", sa.String(length=256), nullable=True),
        sa.Column("name_last", sa.String(length=256), nullable=True),
        sa.Column("name_full", sa.String(length=512), nullable=True),
        sa.Column("name_native", sa.String(length=512), nullable=True),
        sa.Column("name_alternative", sa.JSON(), nullable=False),
        sa.Column("name_alternative_spoiler", sa.JSON(), nullable=False),
        sa.Column("image_large", sa.String(length=512), nullable=True),
        sa.Column("image_medium", sa.String(length=512), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("gender", sa.String(length=64), nullable=True),
        sa.Column("age", sa.String(length=64), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("birth_month", sa.Integer(), nullable=True),
        sa.Column("birth_day", sa.Integer(), nullable=True),
        sa.Column("blood_type", sa.String(length=16), nullable=True),
        sa.Column("favourites", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_favourite_blocked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("mod_notes", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_characters")),
    )
    with op.batch_alter_table("characters", schema=None) as batch_op:
        batch_op.create_index("ix_characters_birthday", ["birth_month", "birth_day"], unique=False)
        batch_op.create_index("ix_characters_favourites", ["favourites"], unique=False)
        batch_op.create_index("ix_characters_name_full", ["name_full"], unique=False)

    op.create_table(
        "external_link_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site", sa.String(length=128), nullable=False),
        sa.Column("url", sa.String(length=512), nullable=True),
        sa.Column(
            "type",
            sa.Enum(
                "INFO", "STREAMING", "SOCIAL", name="externallinktype", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column(
            "media_type",
            sa.Enum(
                "ANIME",
                "MANGA",
                "STAFF",
                name="externallinkmediatype",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("language", sa.String(length=32), nullable=True),
        sa.Column("color", sa.String(length=16), nullable=True),
        sa.Column("icon", sa.String(length=512), nullable=True),
        sa.Column("is_disabled", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_link_sources")),
    )
    with op.batch_alter_table("external_link_sources", schema=None) as batch_op:
        batch_op.create_index("ix_external_link_sources_site", ["site"], unique=False)
        batch_op.create_index(
            "ix_external_link_sources_type_media_type", ["type", "media_type"], unique=False
        )

    op.create_table(
        "forum_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("section", sa.String(length=100), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["forum_categories.id"],
            name=op.f("fk_forum_categories_parent_id_forum_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_categories")),
    )
    with op.batch_alter_table("forum_categories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_categories_parent_id"), ["parent_id"], unique=False
        )

    op.create_table(
        "kagami_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_kagami_meta")),
    )
    op.create_table(
        "magazines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_magazines")),
    )
    with op.batch_alter_table("magazines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_magazines_name"), ["name"], unique=False)

    op.create_table(
        "media",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id_mal", sa.Integer(), nullable=True),
        sa.Column(
            "type",
            sa.Enum("ANIME", "MANGA", name="mediatype", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "format",
            sa.Enum(
                "TV",
                "TV_SHORT",
                "MOVIE",
                "SPECIAL",
                "OVA",
                "ONA",
                "MUSIC",
                "MANGA",
                "NOVEL",
                "ONE_SHOT",
                name="mediaformat",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "FINISHED",
                "RELEASING",
                "NOT_YET_RELEASED",
                "CANCELLED",
                "HIATUS",
                name="mediastatus",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "source",
            sa.Enum(
                "ORIGINAL",
                "MANGA",
                "LIGHT_NOVEL",
                "VISUAL_NOVEL",
                "VIDEO_GAME",
                "OTHER",
                "NOVEL",
                "DOUJINSHI",
                "ANIME",
                "WEB_NOVEL",
                "LIVE_ACTION",
                "GAME",
                "COMIC",
                "MULTIMEDIA_PROJECT",
                "PICTURE_BOOK",
                name="mediasource",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("title_romaji", sa.String(length=512), nullable=True),
        sa.Column("title_english", sa.String(length=512), nullable=True),
        sa.Column("title_native", sa.String(length=512), nullable=True),
        sa.Column("synonyms", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("start_month", sa.Integer(), nullable=True),
        sa.Column("start_day", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("end_month", sa.Integer(), nullable=True),
        sa.Column("end_day", sa.Integer(), nullable=True),
        sa.Column(
            "start_date_int",
            sa.Integer(),
            sa.Computed(
                "CASE WHEN start_year IS NULL THEN NULL ELSE start_year * 10000 + COALESCE(start_month, 0) * 100 + COALESCE(start_day, 0) END",
                persisted=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "end_date_int",
            sa.Integer(),
            sa.Computed(
                "CASE WHEN end_year IS NULL THEN NULL ELSE end_year * 10000 + COALESCE(end_month, 0) * 100 + COALESCE(end_day, 0) END",
                persisted=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "season",
            sa.Enum(
                "WINTER",
                "SPRING",
                "SUMMER",
                "FALL",
                name="mediaseason",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("season_year", sa.Integer(), nullable=True),
        sa.Column("season_int", sa.Integer(), nullable=True),
        sa.Column("episodes", sa.Integer(), nullable=True),
        sa.Column("duration", sa.Integer(), nullable=True),
        sa.Column("chapters", sa.Integer(), nullable=True),
        sa.Column("volumes", sa.Integer(), nullable=True),
        sa.Column("country_of_origin", sa.String(length=2), nullable=True),
        sa.Column("is_licensed", sa.Boolean(), nullable=True),
        sa.Column("hashtag", sa.String(length=256), nullable=True),
        sa.Column("trailer_id", sa.String(length=128), nullable=True),
        sa.Column("trailer_site", sa.String(length=32), nullable=True),
        sa.Column("trailer_thumbnail", sa.String(length=512), nullable=True),
        sa.Column("cover_extra_large", sa.String(length=512), nullable=True),
        sa.Column("cover_large", sa.String(length=512), nullable=True),
        sa.Column("cover_medium", sa.String(length=512), nullable=True),
        sa.Column("cover_color", sa.String(length=16), nullable=True),
        sa.Column("banner_image", sa.String(length=512), nullable=True),
        sa.Column("average_score", sa.Integer(), nullable=True),
        sa.Column("mean_score", sa.Integer(), nullable=True),
        sa.Column("scored_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("popularity", sa.Integer(), server_default="0", nullable=False),
        sa.Column("trending", sa.Integer(), server_default="0", nullable=False),
        sa.Column("favourites", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_adult", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_locked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_favourite_blocked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column(
            "auto_create_forum_thread", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
        sa.Column(
            "is_recommendation_blocked", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
        sa.Column("is_review_blocked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("mod_notes", sa.Text(), nullable=True),
        sa.Column("age_rating", sa.String(length=8), nullable=True),
        sa.Column("broadcast_day", sa.String(length=10), nullable=True),
        sa.Column("broadcast_time", sa.String(length=5), nullable=True),
        sa.Column("background", sa.Text(), nullable=True),
        sa.Column("pictures", sa.JSON(), nullable=False),
        sa.Column("opening_themes", sa.JSON(), nullable=False),
        sa.Column("ending_themes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media")),
        sa.UniqueConstraint("type", "id_mal", name=op.f("uq_media_type_id_mal")),
    )
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_adult_type_popularity", ["is_adult", "type", "popularity"], unique=False
        )
        batch_op.create_index("ix_media_average_score", ["average_score"], unique=False)
        batch_op.create_index("ix_media_chapters", ["chapters"], unique=False)
        batch_op.create_index(
            "ix_media_country_popularity", ["country_of_origin", "popularity"], unique=False
        )
        batch_op.create_index("ix_media_duration", ["duration"], unique=False)
        batch_op.create_index("ix_media_end_date_int", ["end_date_int"], unique=False)
        batch_op.create_index("ix_media_episodes", ["episodes"], unique=False)
        batch_op.create_index("ix_media_favourites", ["favourites"], unique=False)
        batch_op.create_index("ix_media_format_popularity", ["format", "popularity"], unique=False)
        batch_op.create_index("ix_media_id_mal", ["id_mal"], unique=False)
        batch_op.create_index("ix_media_mean_score", ["mean_score"], unique=False)
        batch_op.create_index("ix_media_popularity", ["popularity"], unique=False)
        batch_op.create_index(
            "ix_media_season_popularity", ["season_year", "season", "popularity"], unique=False
        )
        batch_op.create_index("ix_media_source_popularity", ["source", "popularity"], unique=False)
        batch_op.create_index("ix_media_start_date_int", ["start_date_int"], unique=False)
        batch_op.create_index("ix_media_status_popularity", ["status", "popularity"], unique=False)
        batch_op.create_index("ix_media_title_english", ["title_english"], unique=False)
        batch_op.create_index("ix_media_title_native", ["title_native"], unique=False)
        batch_op.create_index("ix_media_title_romaji", ["title_romaji"], unique=False)
        batch_op.create_index("ix_media_trending", ["trending"], unique=False)
        batch_op.create_index(
            "ix_media_type_average_score", ["type", "average_score"], unique=False
        )
        batch_op.create_index("ix_media_type_end_date_int", ["type", "end_date_int"], unique=False)
        batch_op.create_index("ix_media_type_favourites", ["type", "favourites"], unique=False)
        batch_op.create_index("ix_media_type_popularity", ["type", "popularity"], unique=False)
        batch_op.create_index(
            "ix_media_type_start_date_int", ["type", "start_date_int"], unique=False
        )
        batch_op.create_index("ix_media_type_title_romaji", ["type", "title_romaji"], unique=False)
        batch_op.create_index("ix_media_type_trending", ["type", "trending"], unique=False)
        batch_op.create_index("ix_media_type_updated_at", ["type", "updated_at"], unique=False)
        batch_op.create_index("ix_media_updated_at", ["updated_at"], unique=False)
        batch_op.create_index("ix_media_volumes", ["volumes"], unique=False)

    op.create_table(
        "media_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=128), nullable=True),
        sa.Column("is_general_spoiler", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_adult", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_media_tags_name")),
    )
    with op.batch_alter_table("media_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_tags_category"), ["category"], unique=False)

    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_first", sa.String(length=256), nullable=True),
        sa.Column("name_middle", sa.String(length=256), nullable=True),
        sa.Column("name_last", sa.String(length=256), nullable=True),
        sa.Column("name_full", sa.String(length=512), nullable=True),
        sa.Column("name_native", sa.String(length=512), nullable=True),
        sa.Column("name_alternative", sa.JSON(), nullable=False),
        sa.Column("language_v2", sa.String(length=32), nullable=True),
        sa.Column(
            "language",
            sa.Enum(
                "JAPANESE",
                "ENGLISH",
                "KOREAN",
                "ITALIAN",
                "SPANISH",
                "PORTUGUESE",
                "FRENCH",
                "GERMAN",
                "HEBREW",
                "HUNGARIAN",
                name="stafflanguage",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("image_large", sa.String(length=512), nullable=True),
        sa.Column("image_medium", sa.String(length=512), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("primary_occupations", sa.JSON(), nullable=False),
        sa.Column("gender", sa.String(length=64), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("birth_month", sa.Integer(), nullable=True),
        sa.Column("birth_day", sa.Integer(), nullable=True),
        sa.Column("death_year", sa.Integer(), nullable=True),
        sa.Column("death_month", sa.Integer(), nullable=True),
        sa.Column("death_day", sa.Integer(), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("years_active", sa.JSON(), nullable=False),
        sa.Column("home_town", sa.String(length=256), nullable=True),
        sa.Column("blood_type", sa.String(length=16), nullable=True),
        sa.Column("website", sa.String(length=512), nullable=True),
        sa.Column("favourites", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_favourite_blocked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("mod_notes", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index("ix_staff_birthday", ["birth_month", "birth_day"], unique=False)
        batch_op.create_index("ix_staff_favourites", ["favourites"], unique=False)
        batch_op.create_index("ix_staff_language_v2", ["language_v2"], unique=False)
        batch_op.create_index("ix_staff_name_full", ["name_full"], unique=False)

    op.create_table(
        "studios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("is_animation_studio", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("wiki_url", sa.String(length=512), nullable=True),
        sa.Column("favourites", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studios")),
    )
    with op.batch_alter_table("studios", schema=None) as batch_op:
        batch_op.create_index("ix_studios_favourites", ["favourites"], unique=False)
        batch_op.create_index("ix_studios_name", ["name"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("name_lower", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("about", sa.Text(), nullable=True),
        sa.Column("avatar_large", sa.String(length=512), nullable=True),
        sa.Column("avatar_medium", sa.String(length=512), nullable=True),
        sa.Column("banner_image", sa.String(length=512), nullable=True),
        sa.Column("donator_tier", sa.Integer(), nullable=False),
        sa.Column("donator_badge", sa.String(length=64), nullable=True),
        sa.Column("moderator_roles", sa.JSON(), nullable=True),
        sa.Column("gender", sa.String(length=32), nullable=True),
        sa.Column("location", sa.String(length=128), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("birth_month", sa.Integer(), nullable=True),
        sa.Column("birth_day", sa.Integer(), nullable=True),
        sa.Column("unread_notification_count", sa.Integer(), nullable=False),
        sa.Column(
            "title_language",
            sa.Enum(
                "ROMAJI",
                "ENGLISH",
                "NATIVE",
                "ROMAJI_STYLISED",
                "ENGLISH_STYLISED",
                "NATIVE_STYLISED",
                name="usertitlelanguage",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "staff_name_language",
            sa.Enum(
                "ROMAJI_WESTERN",
                "ROMAJI",
                "NATIVE",
                name="userstaffnamelanguage",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("display_adult_content", sa.Boolean(), nullable=False),
        sa.Column("airing_notifications", sa.Boolean(), nullable=False),
        sa.Column("profile_color", sa.String(length=32), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("activity_merge_time", sa.Integer(), nullable=False),
        sa.Column("restrict_messages_to_following", sa.Boolean(), nullable=False),
        sa.Column("disabled_list_activity", sa.JSON(), nullable=False),
        sa.Column("notification_options", sa.JSON(), nullable=False),
        sa.Column(
            "score_format",
            sa.Enum(
                "POINT_100",
                "POINT_10_DECIMAL",
                "POINT_10",
                "POINT_5",
                "POINT_3",
                name="scoreformat",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("row_order", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("name_lower", name=op.f("uq_users_name_lower")),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "TEXT",
                "ANIME_LIST",
                "MANGA_LIST",
                "MESSAGE",
                "MEDIA_LIST",
                name="activitytype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("messenger_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("media_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=64), nullable=True),
        sa.Column("progress", sa.String(length=64), nullable=True),
        sa.Column("is_private", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_locked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_pinned", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("reply_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("like_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_activities_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["messenger_id"],
            ["users.id"],
            name=op.f("fk_activities_messenger_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_activities_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_activities_media_id_activities_id"), ["media_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activities_messenger_id_activities_id"),
            ["messenger_id", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_activities_type_activities_id"), ["type", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activities_user_id_activities_id"), ["user_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activities_user_id_activities_media_id_activities_id"),
            ["user_id", "media_id", "id"],
            unique=False,
        )

    op.create_table(
        "airing_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("airing_at", sa.Integer(), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_airing_schedules_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_airing_schedules")),
        sa.UniqueConstraint(
            "media_id", "episode", name=op.f("uq_airing_schedules_media_id_episode")
        ),
    )
    with op.batch_alter_table("airing_schedules", schema=None) as batch_op:
        batch_op.create_index(
            "ix_airing_schedules_airing_at_media", ["airing_at", "media_id"], unique=False
        )
        batch_op.create_index(
            "ix_airing_schedules_media_airing_at", ["media_id", "airing_at"], unique=False
        )

    op.create_table(
        "favourites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "ANIME",
                "MANGA",
                "CHARACTER",
                "STAFF",
                "STUDIO",
                name="favouritekind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("media_id", sa.Integer(), nullable=True),
        sa.Column("character_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("studio_id", sa.Integer(), nullable=True),
        sa.Column("favourite_order", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(kind IN ('ANIME', 'MANGA') AND media_id IS NOT NULL AND character_id IS NULL AND staff_id IS NULL AND studio_id IS NULL) OR (kind = 'CHARACTER' AND character_id IS NOT NULL AND media_id IS NULL AND staff_id IS NULL AND studio_id IS NULL) OR (kind = 'STAFF' AND staff_id IS NOT NULL AND media_id IS NULL AND character_id IS NULL AND studio_id IS NULL) OR (kind = 'STUDIO' AND studio_id IS NOT NULL AND media_id IS NULL AND character_id IS NULL AND staff_id IS NULL)",
            name=op.f("ck_favourites_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["character_id"],
            ["characters.id"],
            name=op.f("fk_favourites_character_id_characters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_favourites_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_favourites_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["studio_id"],
            ["studios.id"],
            name=op.f("fk_favourites_studio_id_studios"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_favourites_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_favourites")),
        sa.UniqueConstraint(
            "user_id", "character_id", name=op.f("uq_favourites_user_id_character_id")
        ),
        sa.UniqueConstraint("user_id", "media_id", name=op.f("uq_favourites_user_id_media_id")),
        sa.UniqueConstraint("user_id", "staff_id", name=op.f("uq_favourites_user_id_staff_id")),
        sa.UniqueConstraint("user_id", "studio_id", name=op.f("uq_favourites_user_id_studio_id")),
    )
    with op.batch_alter_table("favourites", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_favourites_user_id_favourites_kind_favourites_favourite_order"),
            ["user_id", "kind", "favourite_order"],
            unique=False,
        )

    op.create_table(
        "follows",
        sa.Column("follower_id", sa.Integer(), nullable=False),
        sa.Column("followed_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.CheckConstraint("follower_id <> followed_id", name=op.f("ck_follows_not_self")),
        sa.ForeignKeyConstraint(
            ["followed_id"],
            ["users.id"],
            name=op.f("fk_follows_followed_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["follower_id"],
            ["users.id"],
            name=op.f("fk_follows_follower_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("follower_id", "followed_id", name=op.f("pk_follows")),
    )
    with op.batch_alter_table("follows", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follows_followed_id_follows_follower_id"),
            ["followed_id", "follower_id"],
            unique=False,
        )

    op.create_table(
        "likes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "likeable_type",
            sa.Enum(
                "THREAD",
                "THREAD_COMMENT",
                "ACTIVITY",
                "ACTIVITY_REPLY",
                name="likeabletype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("likeable_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_likes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_likes")),
        sa.UniqueConstraint(
            "user_id",
            "likeable_type",
            "likeable_id",
            name=op.f("uq_likes_user_id_likeable_type_likeable_id"),
        ),
    )
    with op.batch_alter_table("likes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_likes_likeable_type_likes_likeable_id_likes_id"),
            ["likeable_type", "likeable_id", "id"],
            unique=False,
        )

    op.create_table(
        "list_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column(
            "media_type",
            sa.Enum("ANIME", "MANGA", name="mediatype", native_enum=False),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "CURRENT",
                "PLANNING",
                "COMPLETED",
                "DROPPED",
                "PAUSED",
                "REPEATING",
                name="medialiststatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("progress_volumes", sa.Integer(), nullable=False),
        sa.Column("repeat", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("hidden_from_status_lists", sa.Boolean(), nullable=False),
        sa.Column("advanced_scores", sa.JSON(), nullable=False),
        sa.Column("started_year", sa.Integer(), nullable=True),
        sa.Column("started_month", sa.Integer(), nullable=True),
        sa.Column("started_day", sa.Integer(), nullable=True),
        sa.Column("completed_year", sa.Integer(), nullable=True),
        sa.Column("completed_month", sa.Integer(), nullable=True),
        sa.Column("completed_day", sa.Integer(), nullable=True),
        sa.Column("rewatch_value", sa.Integer(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "media_type IN ('ANIME', 'MANGA')", name=op.f("ck_list_entries_media_type")
        ),
        sa.CheckConstraint(
            "rewatch_value >= 0 AND rewatch_value <= 5", name=op.f("ck_list_entries_rewatch_value")
        ),
        sa.CheckConstraint("score >= 0 AND score <= 100", name=op.f("ck_list_entries_score_range")),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_list_entries_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_list_entries_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_entries")),
        sa.UniqueConstraint("user_id", "media_id", name=op.f("uq_list_entries_user_id_media_id")),
    )
    with op.batch_alter_table("list_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_list_entries_media_id_list_entries_score"),
            ["media_id", "score"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_list_entries_media_id_list_entries_status"),
            ["media_id", "status"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_list_entries_user_id_list_entries_media_type_list_entries_score"),
            ["user_id", "media_type", "score"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_list_entries_user_id_list_entries_media_type_list_entries_status"),
            ["user_id", "media_type", "status"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_list_entries_user_id_list_entries_media_type_list_entries_updated_at"),
            ["user_id", "media_type", "updated_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_list_entries_user_id_list_entries_score"),
            ["user_id", "score"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_list_entries_user_id_list_entries_status"),
            ["user_id", "status"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_list_entries_user_id_list_entries_updated_at"),
            ["user_id", "updated_at"],
            unique=False,
        )

    op.create_table(
        "media_characters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("character_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "MAIN",
                "SUPPORTING",
                "BACKGROUND",
                name="characterrole",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("name", sa.String(length=512), nullable=True),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["character_id"],
            ["characters.id"],
            name=op.f("fk_media_characters_character_id_characters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_characters_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_characters")),
        sa.UniqueConstraint(
            "media_id", "character_id", name=op.f("uq_media_characters_media_id_character_id")
        ),
    )
    with op.batch_alter_table("media_characters", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_characters_character_media", ["character_id", "media_id"], unique=False
        )
        batch_op.create_index(
            "ix_media_characters_media_role_pos", ["media_id", "role", "position"], unique=False
        )

    op.create_table(
        "media_external_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=1024), nullable=True),
        sa.Column("site", sa.String(length=128), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "INFO", "STREAMING", "SOCIAL", name="externallinktype", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("language", sa.String(length=32), nullable=True),
        sa.Column("color", sa.String(length=16), nullable=True),
        sa.Column("icon", sa.String(length=512), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("is_disabled", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_external_links_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["site_id"],
            ["external_link_sources.id"],
            name=op.f("fk_media_external_links_site_id_external_link_sources"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_external_links")),
    )
    with op.batch_alter_table("media_external_links", schema=None) as batch_op:
        batch_op.create_index("ix_media_external_links_media_id", ["media_id"], unique=False)
        batch_op.create_index(
            "ix_media_external_links_site_id_media", ["site_id", "media_id"], unique=False
        )
        batch_op.create_index(
            "ix_media_external_links_site_media", ["site", "media_id"], unique=False
        )

    op.create_table(
        "media_genres",
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("genre", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_genres_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("media_id", "genre", name=op.f("pk_media_genres")),
    )
    with op.batch_alter_table("media_genres", schema=None) as batch_op:
        batch_op.create_index("ix_media_genres_genre_media", ["genre", "media_id"], unique=False)

    op.create_table(
        "media_list_options",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "media_type",
            sa.Enum("ANIME", "MANGA", name="mediatype", native_enum=False),
            nullable=False,
        ),
        sa.Column("custom_lists", sa.JSON(), nullable=False),
        sa.Column("advanced_scoring", sa.JSON(), nullable=False),
        sa.Column("advanced_scoring_enabled", sa.Boolean(), nullable=False),
        sa.Column("split_completed_section_by_format", sa.Boolean(), nullable=False),
        sa.Column("section_order", sa.JSON(), nullable=False),
        sa.Column("theme", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "media_type IN ('ANIME', 'MANGA')", name=op.f("ck_media_list_options_media_type")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_media_list_options_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_list_options")),
        sa.UniqueConstraint(
            "user_id", "media_type", name=op.f("uq_media_list_options_user_id_media_type")
        ),
    )
    op.create_table(
        "media_magazines",
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("magazine_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=64), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["magazine_id"],
            ["magazines.id"],
            name=op.f("fk_media_magazines_magazine_id_magazines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_magazines_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("media_id", "magazine_id", name=op.f("pk_media_magazines")),
    )
    with op.batch_alter_table("media_magazines", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_magazines_magazine_media", ["magazine_id", "media_id"], unique=False
        )

    op.create_table(
        "media_rankings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column(
            "type",
            sa.Enum("RATED", "POPULAR", name="mediaranktype", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "format",
            sa.Enum(
                "TV",
                "TV_SHORT",
                "MOVIE",
                "SPECIAL",
                "OVA",
                "ONA",
                "MUSIC",
                "MANGA",
                "NOVEL",
                "ONE_SHOT",
                name="mediaformat",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column(
            "season",
            sa.Enum(
                "WINTER",
                "SPRING",
                "SUMMER",
                "FALL",
                name="mediaseason",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("all_time", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("context", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_rankings_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_rankings")),
    )
    with op.batch_alter_table("media_rankings", schema=None) as batch_op:
        batch_op.create_index("ix_media_rankings_media_id", ["media_id"], unique=False)

    op.create_table(
        "media_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("related_media_id", sa.Integer(), nullable=False),
        sa.Column(
            "relation_type",
            sa.Enum(
                "ADAPTATION",
                "PREQUEL",
                "SEQUEL",
                "PARENT",
                "SIDE_STORY",
                "CHARACTER",
                "SUMMARY",
                "ALTERNATIVE",
                "SPIN_OFF",
                "OTHER",
                "SOURCE",
                "COMPILATION",
                "CONTAINS",
                "SAME_UNIVERSE",
                name="mediarelation",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_relations_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["related_media_id"],
            ["media.id"],
            name=op.f("fk_media_relations_related_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_relations")),
        sa.UniqueConstraint(
            "media_id",
            "related_media_id",
            name=op.f("uq_media_relations_media_id_related_media_id"),
        ),
    )
    with op.batch_alter_table("media_relations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_relations_related_media_id", ["related_media_id"], unique=False
        )

    op.create_table(
        "media_staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=256), server_default="", nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_staff_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_media_staff_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_staff")),
        sa.UniqueConstraint(
            "media_id", "staff_id", "role", name=op.f("uq_media_staff_media_id_staff_id_role")
        ),
    )
    with op.batch_alter_table("media_staff", schema=None) as batch_op:
        batch_op.create_index("ix_media_staff_media_pos", ["media_id", "position"], unique=False)
        batch_op.create_index("ix_media_staff_staff_media", ["staff_id", "media_id"], unique=False)

    op.create_table(
        "media_streaming_episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=True),
        sa.Column("thumbnail", sa.String(length=1024), nullable=True),
        sa.Column("url", sa.String(length=1024), nullable=True),
        sa.Column("site", sa.String(length=128), nullable=True),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_streaming_episodes_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_streaming_episodes")),
    )
    with op.batch_alter_table("media_streaming_episodes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_streaming_episodes_media_pos", ["media_id", "position"], unique=False
        )

    op.create_table(
        "media_studios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("studio_id", sa.Integer(), nullable=False),
        sa.Column("is_main", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_studios_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["studio_id"],
            ["studios.id"],
            name=op.f("fk_media_studios_studio_id_studios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_studios")),
        sa.UniqueConstraint(
            "media_id", "studio_id", name=op.f("uq_media_studios_media_id_studio_id")
        ),
    )
    with op.batch_alter_table("media_studios", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_studios_studio_media", ["studio_id", "media_id"], unique=False
        )

    op.create_table(
        "media_tag_links",
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_media_spoiler", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_tag_links_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"],
            ["media_tags.id"],
            name=op.f("fk_media_tag_links_tag_id_media_tags"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("media_id", "tag_id", name=op.f("pk_media_tag_links")),
    )
    with op.batch_alter_table("media_tag_links", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_tag_links_tag_rank", ["tag_id", "rank", "media_id"], unique=False
        )

    op.create_table(
        "media_trends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Integer(), nullable=False),
        sa.Column("trending", sa.Integer(), server_default="0", nullable=False),
        sa.Column("average_score", sa.Integer(), nullable=True),
        sa.Column("popularity", sa.Integer(), nullable=True),
        sa.Column("in_progress", sa.Integer(), nullable=True),
        sa.Column("releasing", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_media_trends_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_trends")),
        sa.UniqueConstraint("media_id", "date", name=op.f("uq_media_trends_media_id_date")),
    )
    with op.batch_alter_table("media_trends", schema=None) as batch_op:
        batch_op.create_index("ix_media_trends_date_media", ["date", "media_id"], unique=False)
        batch_op.create_index("ix_media_trends_date_trending", ["date", "trending"], unique=False)

    op.create_table(
        "oauth_clients",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mal_client_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("secret_hash", sa.String(length=128), nullable=True),
        sa.Column("redirect_uris", sa.JSON(), nullable=False),
        sa.Column("allowed_grants", sa.JSON(), nullable=False),
        sa.Column("is_builtin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            name=op.f("fk_oauth_clients_owner_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_clients")),
        sa.UniqueConstraint("mal_client_id", name=op.f("uq_oauth_clients_mal_client_id")),
    )
    with op.batch_alter_table("oauth_clients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_clients_owner_user_id"), ["owner_user_id"], unique=False
        )

    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("media_recommendation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "media_id <> media_recommendation_id", name=op.f("ck_recommendations_distinct_media")
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_recommendations_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_recommendation_id"],
            ["media.id"],
            name=op.f("fk_recommendations_media_recommendation_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_recommendations_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendations")),
        sa.UniqueConstraint(
            "media_id",
            "media_recommendation_id",
            name=op.f("uq_recommendations_media_id_media_recommendation_id"),
        ),
    )
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendations_media_id_recommendations_rating"),
            ["media_id", "rating"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_recommendations_media_recommendation_id_recommendations_rating"),
            ["media_recommendation_id", "rating"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_recommendations_rating"), ["rating"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_recommendations_user_id_recommendations_id"),
            ["user_id", "id"],
            unique=False,
        )

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=8), nullable=False),
        sa.Column("summary", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("rating", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("rating_amount", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("private", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.CheckConstraint("media_type IN ('ANIME', 'MANGA')", name=op.f("ck_reviews_media_type")),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name=op.f("ck_reviews_score_range")),
        sa.ForeignKeyConstraint(
            ["media_id"], ["media.id"], name=op.f("fk_reviews_media_id_media"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_reviews_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("user_id", "media_id", name=op.f("uq_reviews_user_id_media_id")),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reviews_media_id_reviews_rating"), ["media_id", "rating"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reviews_media_type_reviews_id"), ["media_type", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reviews_media_type_reviews_rating"),
            ["media_type", "rating"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_reviews_rating"), ["rating"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviews_score"), ["score"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviews_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_sticky", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_locked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("view_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("reply_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("like_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("replied_at", sa.Integer(), nullable=True),
        sa.Column("reply_user_id", sa.Integer(), nullable=True),
        sa.Column("reply_comment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reply_comment_id"],
            ["thread_comments.id"],
            name=op.f("fk_threads_reply_comment_id_thread_comments"),
            ondelete="SET NULL",
            use_alter=True,
        ),
        sa.ForeignKeyConstraint(
            ["reply_user_id"],
            ["users.id"],
            name=op.f("fk_threads_reply_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_threads_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
    )
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_threads_is_sticky_threads_replied_at"),
            ["is_sticky", "replied_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_threads_replied_at"), ["replied_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_threads_reply_count"), ["reply_count"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_threads_reply_user_id_threads_replied_at"),
            ["reply_user_id", "replied_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_threads_title"), ["title"], unique=False)
        batch_op.create_index(batch_op.f("ix_threads_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_threads_user_id_threads_id"), ["user_id", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_threads_view_count"), ["view_count"], unique=False)

    op.create_table(
        "activity_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("like_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_replies_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_activity_replies_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_replies")),
    )
    with op.batch_alter_table("activity_replies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_replies_activity_id_activity_replies_id"),
            ["activity_id", "id"],
            unique=False,
        )

    op.create_table(
        "activity_subscriptions",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_subscriptions_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_activity_subscriptions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "user_id", name=op.f("pk_activity_subscriptions")),
    )
    with op.batch_alter_table("activity_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_subscriptions_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "list_entry_custom_lists",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("list_name", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["list_entries.id"],
            name=op.f("fk_list_entry_custom_lists_entry_id_list_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_list_entry_custom_lists_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "list_name", name=op.f("pk_list_entry_custom_lists")),
    )
    with op.batch_alter_table("list_entry_custom_lists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_list_entry_custom_lists_user_id_list_entry_custom_lists_list_name"),
            ["user_id", "list_name"],
            unique=False,
        )

    op.create_table(
        "media_character_voice_actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_character_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=32), nullable=False),
        sa.Column("role_notes", sa.String(length=256), nullable=True),
        sa.Column("dub_group", sa.String(length=256), nullable=True),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["media_character_id"],
            ["media_characters.id"],
            name="fk_media_character_voice_actors_media_characters",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_media_character_voice_actors_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_character_voice_actors")),
        sa.UniqueConstraint(
            "media_character_id",
            "staff_id",
            name=op.f("uq_media_character_voice_actors_media_character_id_staff_id"),
        ),
    )
    with op.batch_alter_table("media_character_voice_actors", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_character_voice_actors_mc_language",
            ["media_character_id", "language"],
            unique=False,
        )
        batch_op.create_index(
            "ix_media_character_voice_actors_staff_id", ["staff_id"], unique=False
        )

    op.create_table(
        "oauth_access_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "dialect",
            sa.Enum(
                "anilist", "anilist_v1", "mal", name="tokendialect", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column(
            "grant_type",
            sa.Enum(
                "authorization_code",
                "implicit",
                "pin",
                "client_credentials",
                "password",
                "refresh_token",
                "pkce_plain",
                name="granttype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("scope", sa.String(length=512), nullable=False),
        sa.Column("expires_at", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("last_used_at", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.id"],
            name=op.f("fk_oauth_access_tokens_client_id_oauth_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_oauth_access_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_access_tokens")),
        sa.UniqueConstraint("jti", name=op.f("uq_oauth_access_tokens_jti")),
    )
    with op.batch_alter_table("oauth_access_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_access_tokens_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_access_tokens_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_access_tokens_user_id_oauth_access_tokens_client_id"),
            ["user_id", "client_id"],
            unique=False,
        )

    op.create_table(
        "oauth_authorization_codes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code_hash", sa.String(length=128), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("code", "pin", name="codekind", native_enum=False, length=8),
            nullable=False,
        ),
        sa.Column("redirect_uri", sa.String(length=2048), nullable=True),
        sa.Column("scope", sa.String(length=512), nullable=False),
        sa.Column("code_challenge", sa.String(length=128), nullable=True),
        sa.Column("code_challenge_method", sa.String(length=8), nullable=True),
        sa.Column("expires_at", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.id"],
            name=op.f("fk_oauth_authorization_codes_client_id_oauth_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_oauth_authorization_codes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_authorization_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_oauth_authorization_codes_code_hash")),
    )
    with op.batch_alter_table("oauth_authorization_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_authorization_codes_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_authorization_codes_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_authorization_codes_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "recommendation_ratings",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "rating",
            sa.Enum(
                "NO_RATING",
                "RATE_UP",
                "RATE_DOWN",
                name="recommendationrating",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_recommendation_ratings_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_recommendation_ratings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "recommendation_id", "user_id", name=op.f("pk_recommendation_ratings")
        ),
    )
    with op.batch_alter_table("recommendation_ratings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendation_ratings_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "review_ratings",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "rating",
            sa.Enum(
                "NO_VOTE", "UP_VOTE", "DOWN_VOTE", name="reviewrating", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["reviews.id"],
            name=op.f("fk_review_ratings_review_id_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_review_ratings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("review_id", "user_id", name=op.f("pk_review_ratings")),
    )
    with op.batch_alter_table("review_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_ratings_user_id"), ["user_id"], unique=False)

    op.create_table(
        "thread_categories",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["forum_categories.id"],
            name=op.f("fk_thread_categories_category_id_forum_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_categories_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", "category_id", name=op.f("pk_thread_categories")),
    )
    with op.batch_alter_table("thread_categories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thread_categories_category_id_thread_categories_thread_id"),
            ["category_id", "thread_id"],
            unique=False,
        )

    op.create_table(
        "thread_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("like_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("is_locked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["thread_comments.id"],
            name=op.f("fk_thread_comments_parent_id_thread_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_comments_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_thread_comments_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread_comments")),
    )
    # threads <-> thread_comments reference each other: PostgreSQL gets this FK once both
    # tables exist (SQLite declares it inline, where forward references are allowed).
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(
            op.f("fk_threads_reply_comment_id_thread_comments"),
            "threads",
            "thread_comments",
            ["reply_comment_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("thread_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thread_comments_parent_id"), ["parent_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_thread_comments_thread_id_thread_comments_parent_id_thread_comments_id"),
            ["thread_id", "parent_id", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_thread_comments_user_id_thread_comments_id"),
            ["user_id", "id"],
            unique=False,
        )

    op.create_table(
        "thread_media_categories",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("media_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_thread_media_categories_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_media_categories_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", "media_id", name=op.f("pk_thread_media_categories")),
    )
    with op.batch_alter_table("thread_media_categories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thread_media_categories_media_id_thread_media_categories_thread_id"),
            ["media_id", "thread_id"],
            unique=False,
        )

    op.create_table(
        "thread_subscriptions",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_subscriptions_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_thread_subscriptions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "thread_id", name=op.f("pk_thread_subscriptions")),
    )
    with op.batch_alter_table("thread_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thread_subscriptions_thread_id"), ["thread_id"], unique=False
        )

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "type",
            sa.Enum(
                "ACTIVITY_MESSAGE",
                "ACTIVITY_REPLY",
                "FOLLOWING",
                "ACTIVITY_MENTION",
                "THREAD_COMMENT_MENTION",
                "THREAD_SUBSCRIBED",
                "THREAD_COMMENT_REPLY",
                "AIRING",
                "ACTIVITY_LIKE",
                "ACTIVITY_REPLY_LIKE",
                "THREAD_LIKE",
                "THREAD_COMMENT_LIKE",
                "ACTIVITY_REPLY_SUBSCRIBED",
                "RELATED_MEDIA_ADDITION",
                "MEDIA_DATA_CHANGE",
                "MEDIA_MERGE",
                "MEDIA_DELETION",
                "MEDIA_SUBMISSION_UPDATE",
                "STAFF_SUBMISSION_UPDATE",
                "CHARACTER_SUBMISSION_UPDATE",
                name="notificationtype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("activity_reply_id", sa.Integer(), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("media_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("character_id", sa.Integer(), nullable=True),
        sa.Column("episode", sa.Integer(), nullable=True),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("contexts", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("deleted_media_title", sa.Text(), nullable=True),
        sa.Column("deleted_media_titles", sa.JSON(), nullable=True),
        sa.Column("submitted_title", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("is_read", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_notifications_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["activity_reply_id"],
            ["activity_replies.id"],
            name=op.f("fk_notifications_activity_reply_id_activity_replies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_notifications_actor_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["character_id"],
            ["characters.id"],
            name=op.f("fk_notifications_character_id_characters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["thread_comments.id"],
            name=op.f("fk_notifications_comment_id_thread_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_id"],
            ["media.id"],
            name=op.f("fk_notifications_media_id_media"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_notifications_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_notifications_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_user_id_notifications_id"), ["user_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_user_id_notifications_is_read"),
            ["user_id", "is_read"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_user_id_notifications_type_notifications_id"),
            ["user_id", "type", "id"],
            unique=False,
        )

    op.create_table(
        "oauth_refresh_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=128), nullable=False),
        sa.Column("access_token_id", sa.Integer(), nullable=True),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column(
            "dialect",
            sa.Enum(
                "anilist", "anilist_v1", "mal", name="tokendialect", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("scope", sa.String(length=512), nullable=False),
        sa.Column("family_id", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.Integer(), nullable=True),
        sa.Column("used_at", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["access_token_id"],
            ["oauth_access_tokens.id"],
            name=op.f("fk_oauth_refresh_tokens_access_token_id_oauth_access_tokens"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["oauth_clients.id"],
            name=op.f("fk_oauth_refresh_tokens_client_id_oauth_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_oauth_refresh_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_oauth_refresh_tokens_token_hash")),
    )
    with op.batch_alter_table("oauth_refresh_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_tokens_access_token_id"), ["access_token_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_tokens_client_id"), ["client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_tokens_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_tokens_family_id"), ["family_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_oauth_refresh_tokens_user_id_oauth_refresh_tokens_client_id"),
            ["user_id", "client_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("oauth_refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_oauth_refresh_tokens_user_id_oauth_refresh_tokens_client_id")
        )
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_tokens_family_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_tokens_expires_at"))
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_tokens_client_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_refresh_tokens_access_token_id"))

    op.drop_table("oauth_refresh_tokens")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_notifications_user_id_notifications_type_notifications_id")
        )
        batch_op.drop_index(batch_op.f("ix_notifications_user_id_notifications_is_read"))
        batch_op.drop_index(batch_op.f("ix_notifications_user_id_notifications_id"))

    op.drop_table("notifications")
    with op.batch_alter_table("thread_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_subscriptions_thread_id"))

    op.drop_table("thread_subscriptions")
    with op.batch_alter_table("thread_media_categories", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_thread_media_categories_media_id_thread_media_categories_thread_id")
        )

    op.drop_table("thread_media_categories")
    with op.batch_alter_table("thread_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_comments_user_id_thread_comments_id"))
        batch_op.drop_index(
            batch_op.f("ix_thread_comments_thread_id_thread_comments_parent_id_thread_comments_id")
        )
        batch_op.drop_index(batch_op.f("ix_thread_comments_parent_id"))

    op.drop_table("thread_comments")
    with op.batch_alter_table("thread_categories", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_thread_categories_category_id_thread_categories_thread_id")
        )

    op.drop_table("thread_categories")
    with op.batch_alter_table("review_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_ratings_user_id"))

    op.drop_table("review_ratings")
    with op.batch_alter_table("recommendation_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_ratings_user_id"))

    op.drop_table("recommendation_ratings")
    with op.batch_alter_table("oauth_authorization_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_authorization_codes_user_id"))
        batch_op.drop_index(batch_op.f("ix_oauth_authorization_codes_expires_at"))
        batch_op.drop_index(batch_op.f("ix_oauth_authorization_codes_client_id"))

    op.drop_table("oauth_authorization_codes")
    with op.batch_alter_table("oauth_access_tokens", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_oauth_access_tokens_user_id_oauth_access_tokens_client_id")
        )
        batch_op.drop_index(batch_op.f("ix_oauth_access_tokens_expires_at"))
        batch_op.drop_index(batch_op.f("ix_oauth_access_tokens_client_id"))

    op.drop_table("oauth_access_tokens")
    with op.batch_alter_table("media_character_voice_actors", schema=None) as batch_op:
        batch_op.drop_index("ix_media_character_voice_actors_staff_id")
        batch_op.drop_index("ix_media_character_voice_actors_mc_language")

    op.drop_table("media_character_voice_actors")
    with op.batch_alter_table("list_entry_custom_lists", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_list_entry_custom_lists_user_id_list_entry_custom_lists_list_name")
        )

    op.drop_table("list_entry_custom_lists")
    with op.batch_alter_table("activity_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_subscriptions_user_id"))

    op.drop_table("activity_subscriptions")
    with op.batch_alter_table("activity_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_replies_activity_id_activity_replies_id"))

    op.drop_table("activity_replies")
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_threads_view_count"))
        batch_op.drop_index(batch_op.f("ix_threads_user_id_threads_id"))
        batch_op.drop_index(batch_op.f("ix_threads_updated_at"))
        batch_op.drop_index(batch_op.f("ix_threads_title"))
        batch_op.drop_index(batch_op.f("ix_threads_reply_user_id_threads_replied_at"))
        batch_op.drop_index(batch_op.f("ix_threads_reply_count"))
        batch_op.drop_index(batch_op.f("ix_threads_replied_at"))
        batch_op.drop_index(batch_op.f("ix_threads_is_sticky_threads_replied_at"))

    op.drop_table("threads")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_updated_at"))
        batch_op.drop_index(batch_op.f("ix_reviews_score"))
        batch_op.drop_index(batch_op.f("ix_reviews_rating"))
        batch_op.drop_index(batch_op.f("ix_reviews_media_type_reviews_rating"))
        batch_op.drop_index(batch_op.f("ix_reviews_media_type_reviews_id"))
        batch_op.drop_index(batch_op.f("ix_reviews_media_id_reviews_rating"))

    op.drop_table("reviews")
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendations_user_id_recommendations_id"))
        batch_op.drop_index(batch_op.f("ix_recommendations_rating"))
        batch_op.drop_index(
            batch_op.f("ix_recommendations_media_recommendation_id_recommendations_rating")
        )
        batch_op.drop_index(batch_op.f("ix_recommendations_media_id_recommendations_rating"))

    op.drop_table("recommendations")
    with op.batch_alter_table("oauth_clients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_clients_owner_user_id"))

    op.drop_table("oauth_clients")
    with op.batch_alter_table("media_trends", schema=None) as batch_op:
        batch_op.drop_index("ix_media_trends_date_trending")
        batch_op.drop_index("ix_media_trends_date_media")

    op.drop_table("media_trends")
    with op.batch_alter_table("media_tag_links", schema=None) as batch_op:
        batch_op.drop_index("ix_media_tag_links_tag_rank")

    op.drop_table("media_tag_links")
    with op.batch_alter_table("media_studios", schema=None) as batch_op:
        batch_op.drop_index("ix_media_studios_studio_media")

    op.drop_table("media_studios")
    with op.batch_alter_table("media_streaming_episodes", schema=None) as batch_op:
        batch_op.drop_index("ix_media_streaming_episodes_media_pos")

    op.drop_table("media_streaming_episodes")
    with op.batch_alter_table("media_staff", schema=None) as batch_op:
        batch_op.drop_index("ix_media_staff_staff_media")
        batch_op.drop_index("ix_media_staff_media_pos")

    op.drop_table("media_staff")
    with op.batch_alter_table("media_relations", schema=None) as batch_op:
        batch_op.drop_index("ix_media_relations_related_media_id")

    op.drop_table("media_relations")
    with op.batch_alter_table("media_rankings", schema=None) as batch_op:
        batch_op.drop_index("ix_media_rankings_media_id")

    op.drop_table("media_rankings")
    with op.batch_alter_table("media_magazines", schema=None) as batch_op:
        batch_op.drop_index("ix_media_magazines_magazine_media")

    op.drop_table("media_magazines")
    op.drop_table("media_list_options")
    with op.batch_alter_table("media_genres", schema=None) as batch_op:
        batch_op.drop_index("ix_media_genres_genre_media")

    op.drop_table("media_genres")
    with op.batch_alter_table("media_external_links", schema=None) as batch_op:
        batch_op.drop_index("ix_media_external_links_site_media")
        batch_op.drop_index("ix_media_external_links_site_id_media")
        batch_op.drop_index("ix_media_external_links_media_id")

    op.drop_table("media_external_links")
    with op.batch_alter_table("media_characters", schema=None) as batch_op:
        batch_op.drop_index("ix_media_characters_media_role_pos")
        batch_op.drop_index("ix_media_characters_character_media")

    op.drop_table("media_characters")
    with op.batch_alter_table("list_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_list_entries_user_id_list_entries_updated_at"))
        batch_op.drop_index(batch_op.f("ix_list_entries_user_id_list_entries_status"))
        batch_op.drop_index(batch_op.f("ix_list_entries_user_id_list_entries_score"))
        batch_op.drop_index(
            batch_op.f("ix_list_entries_user_id_list_entries_media_type_list_entries_updated_at")
        )
        batch_op.drop_index(
            batch_op.f("ix_list_entries_user_id_list_entries_media_type_list_entries_status")
        )
        batch_op.drop_index(
            batch_op.f("ix_list_entries_user_id_list_entries_media_type_list_entries_score")
        )
        batch_op.drop_index(batch_op.f("ix_list_entries_media_id_list_entries_status"))
        batch_op.drop_index(batch_op.f("ix_list_entries_media_id_list_entries_score"))

    op.drop_table("list_entries")
    with op.batch_alter_table("likes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_likes_likeable_type_likes_likeable_id_likes_id"))

    op.drop_table("likes")
    with op.batch_alter_table("follows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follows_followed_id_follows_follower_id"))

    op.drop_table("follows")
    with op.batch_alter_table("favourites", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_favourites_user_id_favourites_kind_favourites_favourite_order")
        )

    op.drop_table("favourites")
    with op.batch_alter_table("airing_schedules", schema=None) as batch_op:
        batch_op.drop_index("ix_airing_schedules_media_airing_at")
        batch_op.drop_index("ix_airing_schedules_airing_at_media")

    op.drop_table("airing_schedules")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_user_id_activities_media_id_activities_id"))
        batch_op.drop_index(batch_op.f("ix_activities_user_id_activities_id"))
        batch_op.drop_index(batch_op.f("ix_activities_type_activities_id"))
        batch_op.drop_index(batch_op.f("ix_activities_messenger_id_activities_id"))
        batch_op.drop_index(batch_op.f("ix_activities_media_id_activities_id"))
        batch_op.drop_index(batch_op.f("ix_activities_created_at"))

    op.drop_table("activities")
    op.drop_table("users")
    with op.batch_alter_table("studios", schema=None) as batch_op:
        batch_op.drop_index("ix_studios_name")
        batch_op.drop_index("ix_studios_favourites")

    op.drop_table("studios")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_name_full")
        batch_op.drop_index("ix_staff_language_v2")
        batch_op.drop_index("ix_staff_favourites")
        batch_op.drop_index("ix_staff_birthday")

    op.drop_table("staff")
    with op.batch_alter_table("media_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_tags_category"))

    op.drop_table("media_tags")
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.drop_index("ix_media_volumes")
        batch_op.drop_index("ix_media_updated_at")
        batch_op.drop_index("ix_media_type_updated_at")
        batch_op.drop_index("ix_media_type_trending")
        batch_op.drop_index("ix_media_type_title_romaji")
        batch_op.drop_index("ix_media_type_start_date_int")
        batch_op.drop_index("ix_media_type_popularity")
        batch_op.drop_index("ix_media_type_favourites")
        batch_op.drop_index("ix_media_type_end_date_int")
        batch_op.drop_index("ix_media_type_average_score")
        batch_op.drop_index("ix_media_trending")
        batch_op.drop_index("ix_media_title_romaji")
        batch_op.drop_index("ix_media_title_native")
        batch_op.drop_index("ix_media_title_english")
        batch_op.drop_index("ix_media_status_popularity")
        batch_op.drop_index("ix_media_start_date_int")
        batch_op.drop_index("ix_media_source_popularity")
        batch_op.drop_index("ix_media_season_popularity")
        batch_op.drop_index("ix_media_popularity")
        batch_op.drop_index("ix_media_mean_score")
        batch_op.drop_index("ix_media_id_mal")
        batch_op.drop_index("ix_media_format_popularity")
        batch_op.drop_index("ix_media_favourites")
        batch_op.drop_index("ix_media_episodes")
        batch_op.drop_index("ix_media_end_date_int")
        batch_op.drop_index("ix_media_duration")
        batch_op.drop_index("ix_media_country_popularity")
        batch_op.drop_index("ix_media_chapters")
        batch_op.drop_index("ix_media_average_score")
        batch_op.drop_index("ix_media_adult_type_popularity")

    op.drop_table("media")
    with op.batch_alter_table("magazines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_magazines_name"))

    op.drop_table("magazines")
    op.drop_table("kagami_meta")
    with op.batch_alter_table("forum_categories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_categories_parent_id"))

    op.drop_table("forum_categories")
    with op.batch_alter_table("external_link_sources", schema=None) as batch_op:
        batch_op.drop_index("ix_external_link_sources_type_media_type")
        batch_op.drop_index("ix_external_link_sources_site")

    op.drop_table("external_link_sources")
    with op.batch_alter_table("characters", schema=None) as batch_op:
        batch_op.drop_index("ix_characters_name_full")
        batch_op.drop_index("ix_characters_favourites")
        batch_op.drop_index("ix_characters_birthday")

    op.drop_table("characters")
