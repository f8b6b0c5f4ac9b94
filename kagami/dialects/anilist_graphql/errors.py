"""AniList's error envelope: every error carries an integer ``status`` mirroring the HTTP code."""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

from graphql import GraphQLError

from kagami.db.faults import is_unavailable
from kagami.errors import (
    DomainError,
    Forbidden,
    Invalid,
    InvalidToken,
    NotFound,
    RateLimited,
    Unauthorized,
)
from kagami.observability.context import current_request_id
from kagami.unavailable import GRAPHQL_BODY, log_outage
from kagami.unavailable import MESSAGE as UNAVAILABLE_MESSAGE
from kagami.unavailable import STATUS as UNAVAILABLE_STATUS

logger = logging.getLogger(__name__)
INTERNAL_ERROR = {"message": "Internal Server Error", "status": 500}
# A logged failure keeps this much of its message and traceback: a failing statement's
# error quotes its SQL, which a client's long lists or strings can make megabytes long.
MAX_LOGGED_MESSAGE = 2_000
MAX_LOGGED_TRACE = 16_000

# (HTTP status, message AniList clients match on) per domain error class.
_DOMAIN_WIRE: dict[type[DomainError], tuple[int, str]] = {
    NotFound: (404, "Not Found."),
    Unauthorized: (401, "Unauthorized."),
    InvalidToken: (400, "Invalid token"),
    Forbidden: (403, "Forbidden."),
    Invalid: (400, "validation"),
    RateLimited: (429, "Too Many Requests."),
}


class AniListError(GraphQLError):
    """A GraphQL error that knows the HTTP status AniList would answer with."""

    def __init__(self, message: str, status: int = 400, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.status = status


# graphql-core quotes names and short values with ', graphql-js (and AniList) with ": clients
# match on the latter. Quoted runs holding a quote, a backslash or a space are left alone.
_QUOTED_NAME = re.compile(r"'([^'\"\s\\]*)'")


def js_wording(message: str) -> str:
    """A graphql-core message in graphql-js quoting: ``'Media'`` -> ``"Media"``."""
    return _QUOTED_NAME.sub(r'"\1"', message)


def _locations(error: GraphQLError) -> list[dict[str, int]]:
    """graphql-js style ``[{line, column}]`` for an error (empty when it has no source)."""
    return [{"line": loc.line, "column": loc.column} for loc in error.locations or ()]


def format_error(error: GraphQLError) -> dict[str, Any]:
    """One error as AniList renders it: message, integer status, locations (+ validation map)."""
    original = error.original_error
    status = getattr(error, "status", 400)
    message = js_wording(error.message)
    extra: dict[str, Any] = {}
    if isinstance(original, DomainError):
        status, message = next(
            (_DOMAIN_WIRE[c] for c in type(original).__mro__ if c in _DOMAIN_WIRE),
            (400, original.message or "Bad Request"),
        )
        if isinstance(original, Invalid):
            extra["validation"] = original.fields
    elif isinstance(original, AniListError):
        status, message = original.status, original.message
    elif isinstance(original, GraphQLError):
        status = 400  # input coercion (variables, literals): bad input, never a 500
    elif original is not None and is_unavailable(original):
        status, message = UNAVAILABLE_STATUS, UNAVAILABLE_MESSAGE  # an outage: retry later
    elif original is not None:
        # A bug, not bad input: no stack trace or internals reach the client.
        status, message = 500, "Internal Server Error"
    return {"message": message, "status": status, "locations": _locations(error), **extra}


def bounded(text: str, limit: int) -> str:
    """``text`` cut to about ``limit`` characters, keeping its start and end."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]} [... {len(text) - 2 * half} characters cut ...] {text[-half:]}"


def envelope(
    data: dict[str, Any] | None, errors: list[GraphQLError] | None
) -> tuple[int, dict[str, Any]]:
    """The response body and HTTP status (the first error's status, else 200).

    Any server-side failure turns the whole response into AniList's bare 500 (logged with
    its traceback; nothing of it reaches the client); a database outage into a bare 503.
    """
    if not errors:
        return 200, {"data": data}
    formatted = [format_error(e) for e in errors]
    outage = next((e for e, f in zip(errors, formatted, strict=True) if f["status"] == 503), None)
    if outage is not None and outage.original_error is not None:
        log_outage(outage.original_error, ".".join(str(p) for p in outage.path or ()))
        return UNAVAILABLE_STATUS, dict(GRAPHQL_BODY)
    bugs = [e for e, f in zip(errors, formatted, strict=True) if f["status"] == 500]
    if bugs:
        for error in bugs:
            original = error.original_error
            trace = "".join(traceback.format_exception(original)) if original else ""
            logger.error(
                "GraphQL field %s failed: %s\n%s",
                ".".join(str(p) for p in error.path or ()),
                bounded(error.message, MAX_LOGGED_MESSAGE),
                bounded(trace, MAX_LOGGED_TRACE),
            )
        return 500, {"data": None, "errors": [internal_error()]}
    return int(formatted[0]["status"]), {"data": data, "errors": formatted}


def internal_error() -> dict[str, Any]:
    """AniList's bare 500 error, plus the request id that finds its log line (OB-6)."""
    return {**INTERNAL_ERROR, "request_id": current_request_id()}


def error_body(message: str, status: int = 400) -> tuple[int, dict[str, Any]]:
    """A transport-level error (bad JSON, missing query) in the same envelope."""
    return status, {
        "data": None,
        "errors": [{"message": message, "status": status, "locations": []}],
    }
