"""One log pipeline: structlog and stdlib records alike become JSON lines or a console view.

Every line passes the redaction processor: keys that name a credential lose their value,
secret URL parameters in any string are masked (``kagami.logs.redact``), and long strings
are cut, so one hostile request cannot write megabytes. JSON escapes control characters;
the console view escapes them itself, so a crafted name cannot forge a second line (OB-5).
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any, Literal, TextIO

import orjson
import structlog
from structlog.types import EventDict, Processor, WrappedLogger

from kagami.logs import redact

if TYPE_CHECKING:
    from kagami.config import Settings

LogFormat = Literal["auto", "json", "console"]
REDACTED = "[redacted]"
MAX_VALUE_CHARS = 2_000
MAX_TRACE_CHARS = 16_000
_SECRET_KEYS = frozenset(
    {
        "access_token", "refresh_token", "id_token", "token", "code", "pin", "password",
        "new_password", "client_secret", "secret", "code_verifier", "code_challenge",
        "authorization",
        "cookie", "set-cookie", "set_cookie", "proxy-authorization",
    }
)  # fmt: skip
_SECRET_SUFFIXES = ("_token", "_secret", "password")
# C0/C1 controls, DEL and the Unicode line separators: escaped in the console view (JSON
# escapes C0 itself; the rest are escaped after rendering).
_CONSOLE_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
_CONSOLE_ESCAPES |= {0x2028: "\\u2028", 0x2029: "\\u2029"}
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in (*range(0x7F, 0xA0), 0x2028, 0x2029)}
_HANDLER_MARK = "_kagami_handler"


_SECRET_KEY_MEMO: dict[str, bool] = {}  # field names come from code: a small, fixed set


def _is_secret_key(key: str) -> bool:
    known = _SECRET_KEY_MEMO.get(key)
    if known is None:
        lowered = key.lower()
        known = lowered in _SECRET_KEYS or lowered.endswith(_SECRET_SUFFIXES)
        if len(_SECRET_KEY_MEMO) < 4096:
            _SECRET_KEY_MEMO[key] = known
    return known


def _clean(value: str, limit: int) -> str:
    if "=" in value:
        value = redact(value)
    if len(value) > limit:
        value = f"{value[:limit]}... [{len(value) - limit} characters cut]"
    return value


def redact_event(_logger: WrappedLogger, _method: str, event: EventDict) -> EventDict:
    """Mask credential-named keys and secret URL parameters; cut overlong strings."""
    for key, value in event.items():
        if _is_secret_key(key):
            event[key] = REDACTED
        elif value.__class__ is str:
            limit = MAX_TRACE_CHARS if key in ("exception", "stack") else MAX_VALUE_CHARS
            event[key] = _clean(value, limit)
    return event


def _escape_console(_logger: WrappedLogger, _method: str, event: EventDict) -> EventDict:
    for key, value in event.items():
        if isinstance(value, str) and not key.startswith("_") and key != "exception":
            event[key] = value.translate(_CONSOLE_ESCAPES)
    return event


def _json_line(event: EventDict, **_kwargs: Any) -> str:
    return orjson.dumps(event, default=str).decode().translate(_JSON_ESCAPES)


_JSON = structlog.processors.JSONRenderer(serializer=_json_line)


def _drop_color_message(_logger: WrappedLogger, _method: str, event: EventDict) -> EventDict:
    event.pop("color_message", None)  # uvicorn's ANSI-coloured copy of the message
    return event


_PRE_CHAIN: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.stdlib.ExtraAdder(),
    _drop_color_message,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def _configure_structlog() -> None:
    """structlog hands its events to the stdlib, so caplog and every handler see them."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


_configure_structlog()


def resolved_format(fmt: LogFormat, stream: TextIO) -> Literal["json", "console"]:
    """``auto``: the console view on a terminal, JSON lines otherwise (services, containers)."""
    if fmt != "auto":
        return fmt
    return "console" if stream.isatty() else "json"


def formatter(fmt: Literal["json", "console"], *, colors: bool = False) -> logging.Formatter:
    """The stdlib formatter rendering every record (ours and foreign) in ``fmt``."""
    final: list[Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if fmt == "json":
        final += [structlog.processors.format_exc_info, redact_event, _JSON]
    else:
        final += [redact_event, _escape_console, structlog.dev.ConsoleRenderer(colors=colors)]
    return structlog.stdlib.ProcessorFormatter(foreign_pre_chain=_PRE_CHAIN, processors=final)


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Route every logger to one handler on ``stream`` (stderr) in the configured format."""
    stream = stream or sys.stderr
    fmt = resolved_format(settings.log_format, stream)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter(fmt, colors=fmt == "console" and stream.isatty()))
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error"):  # uvicorn's own lines join ours
        logger = logging.getLogger(name)
        logger.handlers, logger.propagate = [], True
    access = logging.getLogger("uvicorn.access")  # replaced by kagami.access (redacted)
    access.handlers, access.propagate, access.disabled = [], False, True
    # aiosqlite logs every call with its bound values at DEBUG: never useful, sometimes secret.
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    # SQLAlchemy logs statements whenever its logger is at INFO; the engine runs echo=False.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    return handler
