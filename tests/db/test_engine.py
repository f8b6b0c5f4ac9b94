"""Engine construction: the pool follows Settings."""

from __future__ import annotations

from pathlib import Path

from kagami.config import Settings
from kagami.db import Database


async def test_pool_size_comes_from_settings(tmp_path: Path) -> None:
    database = Database(Settings(data_dir=tmp_path, database_pool_size=7, _env_file=None))
    try:
        pool = database.engine.pool
        assert pool.size() == 7  # type: ignore[attr-defined]
        assert pool._max_overflow == 3  # type: ignore[attr-defined]
    finally:
        await database.dispose()
