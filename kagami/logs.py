"""Log hygiene: credentials in request URLs (v1 ``?access_token=``, codes) never reach a log."""

from __future__ import annotations

import logging
import re

SECRET_PARAMS = (
    "access_token",
    "code",
    "refresh_token",
    "client_secret",
    "password",
    "code_verifier",
    "code_challenge",  # with PKCE's plain method it is the verifier itself
    "token",
    "pin",
)
_SECRET = re.compile(
    r"(?P<key>(?<![A-Za-z0-9_\-.~%])(?:" + "|".join(SECRET_PARAMS) + r")=)[^&#\s\"']*",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """Replace the values of secret query parameters in ``text`` with ``[redacted]``."""
    return _SECRET.sub(r"\g<key>[redacted]", text)


def _redact_value(value: object) -> object:
    return redact(value) if isinstance(value, str) else value


class RedactSecretsFilter(logging.Filter):
    """Rewrite a record's message and arguments so secret query values are redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact in place; never drops the record."""
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_value(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redact_value(arg) for key, arg in record.args.items()}
        return True


def install_redaction() -> None:
    """Add the filter to uvicorn's own loggers, for servers started by a bare ``uvicorn``."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecretsFilter) for f in logger.filters):
            logger.addFilter(RedactSecretsFilter())
