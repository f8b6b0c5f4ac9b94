"""Engine construction: the pool follows Settings; statements' values stay out of errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

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


async def test_a_failing_statement_does_not_carry_its_bound_values(database: Database) -> None:
    """Errors (and so the log lines quoting them) name the SQL, never clients' values."""
    secret = "client-secret-value"
    with pytest.raises(DBAPIError) as failure:
        async with database.session() as session:
            await session.execute(
                sa.text("SELECT no_such_column FROM media WHERE title_romaji = :title"),
                {"title": secret},
            )
    assert "no_such_column" in str(failure.value)
    assert secret not in str(failure.value)
