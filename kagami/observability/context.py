"""Per-request context: the request id and the SQL statement tally, as context variables."""

from __future__ import annotations

import os
import re
from contextvars import ContextVar

REQUEST_ID: ContextVar[str | None] = ContextVar("kagami_request_id", default=None)
# A one-item list per request, so the SQLAlchemy event can count without resetting the var.
SQL_STATEMENTS: ContextVar[list[int] | None] = ContextVar("kagami_sql_statements", default=None)

# An incoming X-Request-ID is kept only when short and plain: it is echoed and logged.
_SANE_ID = re.compile(rb"[A-Za-z0-9._:\-]{1,64}")


def current_request_id() -> str | None:
    """The id of the request being served (None outside a request)."""
    return REQUEST_ID.get()


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    """A sane incoming ``X-Request-ID`` (one proxy set it), else a fresh random id."""
    for key, value in headers:
        if key == b"x-request-id":
            if _SANE_ID.fullmatch(value):
                return value.decode("ascii")
            break
    return os.urandom(16).hex()  # 128 random bits, several times cheaper than uuid4()


def count_statement(*_args: object) -> None:
    """SQLAlchemy ``before_cursor_execute`` hook: one more statement for this request."""
    tally = SQL_STATEMENTS.get()
    if tally is not None:
        tally[0] += 1
