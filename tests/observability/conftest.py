"""Fixtures for the OB tests: the app over HTTP and the JSON log lines Kagami writes."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from kagami.config import Settings
from kagami.observability import configure_logging
from kagami.observability.events import SAMPLER
from tests.auth_support import app_client, auth_settings  # noqa: F401


class LogLines:
    """What Kagami's own handler wrote (JSON lines), as text and as parsed objects."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    @property
    def text(self) -> str:
        """Everything written so far."""
        return self.stream.getvalue()

    def records(self) -> list[dict[str, Any]]:
        """Every line parsed; a line that is not one JSON object fails the test."""
        return [json.loads(line) for line in self.text.splitlines()]

    def events(self, name: str) -> list[dict[str, Any]]:
        """The records whose event is ``name``."""
        return [r for r in self.records() if r.get("event") == name]


@pytest.fixture
def log_lines() -> Iterator[LogLines]:
    """Kagami's log handler at DEBUG in JSON, writing to memory for the test's duration."""
    root = logging.getLogger()
    level = root.level
    stream = io.StringIO()
    SAMPLER.reset()  # other tests in this process may have spent the sampled events' budget
    handler = configure_logging(Settings(log_format="json", log_level="debug"), stream)
    try:
        yield LogLines(stream)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
