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
            await make_user(session, name=first, email=second)
            await make_user(session, name=first.lower(), email=second.upper())  # same name key
    structlog.get_logger("kagami.test").error("write failed", exc_info=failure.value)
    assert "hide_parameters" in str(failure.value)
    values = (first, first.lower(), second, second.upper())
    for text in (str(failure.value), caplog.text, log_lines.text):
        assert not [value for value in values if value in text]
    assert "IntegrityError" in log_lines.text  # the traceback itself was logged
