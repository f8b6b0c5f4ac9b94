"""OB-3: the engine never echoes SQL, and a failing statement's error holds no bound values."""

from __future__ import annotations

import logging

import pytest
import structlog
from sqlalchemy.exc import IntegrityError

from kagami.db import Database
from tests.factories import make_user
from tests.observability.conftest import LogLines
from tests.observability.flows import canary


async def test_OB_3_forced_integrity_error_logs_no_bound_values(
    database: Database, log_lines: LogLines, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    engine = database.engine.sync_engine
    assert engine.echo is False and engine.hide_parameters is True
    first, second = canary("name"), canary("email")
    with pytest.raises(IntegrityError) as failure:
        async with database.session() as session:
            user = await make_user(session, name=first)
            await make_user(session, id=user.id, name=second, email=second)
    structlog.get_logger("kagami.test").error("write failed", exc_info=failure.value)
    assert "hide_parameters" in str(failure.value)
    for text in (str(failure.value), caplog.text, log_lines.text):
        assert first not in text and second not in text
    assert "IntegrityError" in log_lines.text  # the traceback itself was logged
