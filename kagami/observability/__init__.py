"""Observability: structured logs with request ids and redaction, Prometheus metrics, events.

Logging goes through structlog into the standard library, so uvicorn's, SQLAlchemy's and
Kagami's records share one handler and one format (JSON lines or a console view).
"""

from kagami.observability.context import current_request_id
from kagami.observability.events import fingerprint, security_event
from kagami.observability.logconfig import configure_logging

__all__ = ["configure_logging", "current_request_id", "fingerprint", "security_event"]
