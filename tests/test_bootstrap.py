"""First start migrates and imports the real bundled catalogue; later starts skip the import."""

from __future__ import annotations

import httpx
import sqlalchemy as sa

from kagami.app import create_app
from kagami.bootstrap import prepare
from kagami.catalogue.models import Media, MediaExternalLink
from kagami.config import Settings
from kagami.db import Database


async def test_first_start_imports_bundled_catalogue_and_second_start_skips_it(
    settings: Settings,
) -> None:
    settings = settings.model_copy(update={"import_bundled_on_start": True})

    first = await prepare(settings, quiet=True)
    assert first.imported is True
    assert first.media_count >= 8000

    second = await prepare(settings, quiet=True)
    assert second.imported is False
    assert second.media_count == first.media_count

    database = Database(settings)
    try:
        async with database.session() as session:
            english = await session.scalar(
                sa.select(sa.func.count()).where(Media.title_english.is_not(None))
            )
            with_mal = await session.scalar(
                sa.select(sa.func.count()).where(Media.id_mal.is_not(None))
            )
            aot = await session.get(Media, 16498)
            links = await session.scalar(
                sa.select(sa.func.count()).where(MediaExternalLink.media_id == 16498)
            )
        assert english is not None and english >= 2000
        assert with_mal is not None and with_mal >= 8000
        assert aot is not None
        assert (aot.title_native, aot.title_romaji, aot.title_english) == (
            "進撃の巨人",
            "Shingeki no Kyojin",
            "Attack on Titan",
        )
        assert (aot.id_mal, aot.format, aot.season, aot.season_year) == (
            16498,
            "TV",
            "SPRING",
            2013,
        )
        assert (aot.start_year, aot.start_month, aot.start_day) == (2013, 4, 7)
        assert links and links > 0

        app = create_app(settings, database)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            health = (await client.get("/healthz")).json()
        assert health["catalogue"]["media"] == first.media_count
    finally:
        await database.dispose()


async def test_refresh_statistics_vacuums_after_bulk_loads(database: Database) -> None:
    await database.refresh_statistics()
    if database.is_sqlite:
        return  # PRAGMA optimize leaves nothing to observe; it must simply not fail
    async with database.session() as session:
        vacuumed = await session.scalar(
            sa.text(
                "SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'media'"
            )
        )
    assert vacuumed is True
