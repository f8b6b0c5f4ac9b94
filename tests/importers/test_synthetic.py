"""The synthetic generator: realistic shapes, exact counters, determinism, safe re-runs."""

from __future__ import annotations

import statistics
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from kagami.accounts.models import MediaListOptions
from kagami.config import Settings
from kagami.db import Database
from kagami.db.meta import get_meta
from kagami.db.migrate import upgrade
from kagami.importers import synthetic
from kagami.importers.synthetic import META_KEY, content_hash, seed_database
from kagami.importers.synthetic.vocab import FORUM_CATEGORIES, GENRES
from kagami.lists.models import ListEntry
from tests.support import postgres as pg

FreshDatabase = Callable[[], Awaitable[Database]]


@pytest.fixture
async def fresh_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[FreshDatabase]:
    """Makes more migrated, empty databases on the test's backend (dropped afterwards)."""
    made: list[tuple[Database, str | None]] = []
    admin_url = request.getfixturevalue("postgres_admin_url") if backend == "postgresql" else None

    async def make() -> Database:
        if admin_url is None:
            url = f"sqlite+aiosqlite:///{tmp_path / f'extra{len(made)}.sqlite3'}"
        else:
            url = await pg.create_database(admin_url)
        db = Database(
            Settings(
                data_dir=tmp_path, database_url=url, import_bundled_on_start=False, _env_file=None
            )
        )
        made.append((db, url if admin_url else None))
        await upgrade(db)
        return db

    yield make
    for db, url in made:
        await db.dispose()
        if admin_url and url:
            await pg.drop_database(admin_url, url)


async def _rows(database: Database, sql: str) -> list[sa.Row]:
    async with database.session() as session:
        return list((await session.execute(sa.text(sql))).all())


async def _value(database: Database, sql: str) -> int:
    async with database.session() as session:
        return int(await session.scalar(sa.text(sql)) or 0)


_INCONSISTENT_PROGRESS = (
    "SELECT count(*) FROM list_entries e JOIN media m ON m.id = e.media_id"
    " WHERE (e.status = 'PLANNING' AND (e.progress <> 0 OR e.score <> 0))"
    " OR (e.status = 'COMPLETED' AND m.status = 'FINISHED'"
    "     AND e.progress <> COALESCE(m.episodes, m.chapters, e.progress))"
    " OR e.progress > COALESCE(m.episodes, m.chapters, e.progress)"
    " OR (m.status = 'NOT_YET_RELEASED' AND e.status <> 'PLANNING')"
    " OR (e.completed_year IS NOT NULL AND e.started_year IS NOT NULL"
    "     AND e.completed_year * 10000 + e.completed_month * 100 + e.completed_day"
    "       < e.started_year * 10000 + e.started_month * 100 + e.started_day)"
)


async def test_tiny_tier_lists_look_real(database: Database) -> None:
    counts = await seed_database(database, tier="tiny", seed=1, quiet=True)

    assert counts["users"] == 200
    assert 12_000 <= counts["list_entries"] <= 30_000
    assert await _value(database, "SELECT count(*) FROM list_entries") == counts["list_entries"]
    by_status = "SELECT status, count(*) FROM list_entries GROUP BY status"
    shares = {s: n / counts["list_entries"] for s, n in await _rows(database, by_status)}
    assert 0.45 <= shares["COMPLETED"] <= 0.62
    assert 0.17 <= shares["PLANNING"] <= 0.30
    assert 0.04 <= shares["CURRENT"] <= 0.14
    for status in ("DROPPED", "PAUSED", "REPEATING"):
        assert 0.02 <= shares[status] <= 0.09
    unscored = await _value(database, "SELECT count(*) FROM list_entries WHERE score = 0")
    assert 0.24 <= unscored / counts["list_entries"] <= 0.36
    mean = "SELECT CAST(avg(score) AS INTEGER) FROM list_entries WHERE score > 0"
    assert 62 <= await _value(database, mean) <= 78
    per_user = "SELECT count(*) FROM list_entries GROUP BY user_id"
    assert 35 <= statistics.median(n for (n,) in await _rows(database, per_user)) <= 100
    duplicated = (
        "SELECT count(*) FROM (SELECT user_id, media_id FROM list_entries"
        " GROUP BY user_id, media_id HAVING count(*) > 1) AS d"
    )
    assert await _value(database, duplicated) == 0
    assert await _value(database, _INCONSISTENT_PROGRESS) == 0

    # Catalogue: synthetic manga clear of real ids, AniList genres, voiced characters.
    manga = await _rows(database, "SELECT min(id), count(*) FROM media WHERE type = 'MANGA'")
    assert manga[0][0] >= 1_000_000 and manga[0][1] == 300
    genres = {g for (g,) in await _rows(database, "SELECT DISTINCT genre FROM media_genres")}
    assert genres == set(GENRES)
    voices = "SELECT DISTINCT language FROM media_character_voice_actors"
    assert {lang for (lang,) in await _rows(database, voices)} == {"Japanese", "English"}
    roles = {r for (r,) in await _rows(database, "SELECT DISTINCT role FROM media_characters")}
    assert roles == {"MAIN", "SUPPORTING", "BACKGROUND"}
    loginable = (
        "SELECT count(*) FROM users"
        " WHERE password_hash IS NOT NULL OR email NOT LIKE '%@example.test'"
    )
    assert await _value(database, loginable) == 0
    formats = {f for (f,) in await _rows(database, "SELECT DISTINCT score_format FROM users")}
    assert len(formats) == 5
    assert await _value(database, "SELECT min(length(body)) FROM reviews") >= 2_200
    assert counts["list_entry_custom_lists"] > 0 and counts["notifications"] >= 200
    async with database.session() as session:  # JSON columns read back as JSON
        custom = (await session.scalars(sa.select(MediaListOptions.custom_lists))).all()
        advanced = await session.scalars(
            sa.select(ListEntry.advanced_scores).where(ListEntry.advanced_scores != sa.null())
        )
    assert any(names and all(isinstance(n, str) for n in names) for names in custom)
    assert all(isinstance(scores, dict) for scores in advanced)


def _counted(table: str, counter: str, counted: str) -> str:
    """Rows of ``table`` whose ``counter`` differs from the ``counted`` subquery (row ``t``)."""
    return f"SELECT count(*) FROM {table} t WHERE {counter} <> ({counted})"


_LIKES = "SELECT count(*) FROM likes l WHERE l.likeable_type = '{}' AND l.likeable_id = t.id"
_FAVOURITES = "SELECT count(*) FROM favourites f WHERE f.{} = t.id"
_MISMATCHES = {
    "popularity": _counted(
        "media", "popularity", "SELECT count(*) FROM list_entries e WHERE e.media_id = t.id"
    ),
    "mean_score": _counted(
        "media",
        "COALESCE(mean_score, -1)",
        "SELECT COALESCE(CAST(ROUND(AVG(score)) AS INTEGER), -1) FROM list_entries e"
        " WHERE e.media_id = t.id AND score > 0",
    ),
    "media favourites": _counted("media", "favourites", _FAVOURITES.format("media_id")),
    "character favourites": _counted(
        "characters", "favourites", _FAVOURITES.format("character_id")
    ),
    "staff favourites": _counted("staff", "favourites", _FAVOURITES.format("staff_id")),
    "studio favourites": _counted("studios", "favourites", _FAVOURITES.format("studio_id")),
    "activity replies": _counted(
        "activities",
        "reply_count",
        "SELECT count(*) FROM activity_replies r WHERE r.activity_id = t.id",
    ),
    "activity likes": _counted("activities", "like_count", _LIKES.format("ACTIVITY")),
    "reply likes": _counted("activity_replies", "like_count", _LIKES.format("ACTIVITY_REPLY")),
    "thread replies": _counted(
        "threads", "reply_count", "SELECT count(*) FROM thread_comments c WHERE c.thread_id = t.id"
    ),
    "thread latest reply": _counted(
        "threads",
        "COALESCE(reply_comment_id, 0)",
        "SELECT COALESCE(max(id), 0) FROM thread_comments c WHERE c.thread_id = t.id",
    ),
    "thread likes": _counted("threads", "like_count", _LIKES.format("THREAD")),
    "comment likes": _counted("thread_comments", "like_count", _LIKES.format("THREAD_COMMENT")),
    "review votes": _counted(
        "reviews", "rating_amount", "SELECT count(*) FROM review_ratings v WHERE v.review_id = t.id"
    ),
    "review up votes": _counted(
        "reviews",
        "rating",
        "SELECT count(*) FROM review_ratings v WHERE v.review_id = t.id AND v.rating = 'UP_VOTE'",
    ),
    "recommendation votes": _counted(
        "recommendations",
        "rating",
        "SELECT COALESCE(sum(CASE WHEN v.rating = 'RATE_UP' THEN 1 ELSE -1 END), 0)"
        " FROM recommendation_ratings v WHERE v.recommendation_id = t.id",
    ),
    "unread notifications": _counted(
        "users",
        "unread_notification_count",
        "SELECT count(*) FROM notifications n WHERE n.user_id = t.id AND n.is_read = false",
    ),
}
_REAL_ANIME = (
    "INSERT INTO media (id, type, format, status, episodes, start_year, start_month, start_day,"
    " synonyms, pictures, opening_themes, ending_themes, created_at, updated_at)"
    " VALUES (16498, 'ANIME', 'TV', 'RELEASING', 25, 2026, 1, 10, '[]', '[]', '[]', '[]', 5, 5)"
)


async def test_counters_match_the_rows_they_count(database: Database) -> None:
    async with database.session() as session:  # a real anime already in the catalogue
        await session.execute(sa.text(_REAL_ANIME))
    await seed_database(database, tier="tiny", seed=3, quiet=True, enrich_real=True)

    found = {name: await _value(database, sql) for name, sql in _MISMATCHES.items()}
    assert found == dict.fromkeys(_MISMATCHES, 0)
    assert await _value(database, "SELECT count(*) FROM activity_replies") > 0
    assert await _value(database, "SELECT count(*) FROM likes") > 0

    # Asked to enrich it, the real anime kept its id and got genres, tags, a cast, a studio
    # and an airing schedule.
    for table in (
        "media_genres",
        "media_tag_links",
        "media_characters",
        "media_studios",
        "airing_schedules",
    ):
        assert await _value(database, f"SELECT count(*) FROM {table} WHERE media_id = 16498") > 0
    categories = await _rows(database, "SELECT id, name FROM forum_categories ORDER BY id")
    assert [tuple(r) for r in categories] == list(FORUM_CATEGORIES)


async def test_real_media_get_no_made_up_facts_unless_asked(database: Database) -> None:
    async with database.session() as session:  # a real anime already in the catalogue
        await session.execute(sa.text(_REAL_ANIME))
    await seed_database(database, tier="tiny", seed=3, quiet=True)
    for table in (
        "media_genres",
        "media_tag_links",
        "media_characters",
        "media_staff",
        "media_studios",
        "airing_schedules",
        "list_entries",
        "media_trends",
        "reviews",
        "favourites",
    ):
        assert await _value(database, f"SELECT count(*) FROM {table} WHERE media_id = 16498") == 0
    real = await _rows(
        database, "SELECT popularity, mean_score, trending FROM media WHERE id = 16498"
    )
    assert tuple(real[0]) == (0, None, 0)
    # Every other media is made up, listed in synthetic_media and at an id from 1,000,000 up.
    flagged = "SELECT count(*) FROM synthetic_media s JOIN media m ON m.id = s.media_id"
    made_up = await _value(database, flagged + " WHERE m.id >= 1000000")
    assert made_up == await _value(database, "SELECT count(*) FROM media") - 1 > 0


async def test_same_seed_gives_identical_content_and_another_seed_differs(
    database: Database, fresh_database: FreshDatabase
) -> None:
    twin, other = await fresh_database(), await fresh_database()
    await seed_database(database, tier="tiny", seed=7, quiet=True)
    await seed_database(twin, tier="tiny", seed=7, quiet=True)
    await seed_database(other, tier="tiny", seed=8, quiet=True)

    first = await content_hash(database)
    assert first == await content_hash(twin)
    assert first != await content_hash(other)


async def test_rerun_refuses_and_changes_nothing(database: Database) -> None:
    await seed_database(database, tier="tiny", seed=1, quiet=True)
    before = await content_hash(database)

    assert await seed_database(database, tier="small", seed=2, quiet=True) == {}
    assert await content_hash(database) == before
    async with database.session() as session:
        assert (
            await get_meta(session, META_KEY) == '{"tier": "tiny", "seed": 1, "enrich_real": false}'
        )


async def test_interrupted_run_leaves_nothing_and_can_run_again(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = await content_hash(database)

    async def crash(_ctx: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(synthetic, "PHASES", (*synthetic.PHASES[:-1], crash))
    with pytest.raises(KeyboardInterrupt):
        await seed_database(database, tier="tiny", seed=1, quiet=True)
    assert await content_hash(database) == empty
    assert await _value(database, "SELECT count(*) FROM search_characters") == 0
    monkeypatch.undo()

    counts = await seed_database(database, tier="tiny", seed=1, quiet=True)
    assert counts["users"] == 200
    # Search documents were filled in bulk, and the per-row triggers are back in place.
    assert await _value(database, "SELECT count(*) FROM search_characters") == counts["characters"]
    async with database.session() as session:
        await session.execute(sa.text(
            "INSERT INTO studios (id, name, is_animation_studio, favourites, updated_at)"
            " VALUES (999999, 'Trigger Check', true, 0, 1)"
        ))  # fmt: skip
    assert await _value(database, "SELECT count(*) FROM search_studios") == counts["studios"] + 1
