"""CSRF tokens for plain HTML forms: signed, timed, and bound to the (pre-)session."""

from __future__ import annotations

import hmac

from fastapi import Request
from itsdangerous import BadData, URLSafeTimedSerializer

from kagami.errors import Forbidden
from kagami.web.sessions import csrf_binding

MAX_AGE = 2 * 3600


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.session_secret, salt="kagami.csrf")


def csrf_token(request: Request) -> str:
    """A token for forms on this page (the caller sets any new pre-session cookie)."""
    binding, _ = csrf_binding(request)
    return _serializer(request).dumps(binding)


def check_csrf(request: Request, token: str | None) -> None:
    """Raise ``Forbidden`` unless ``token`` was issued to this very (pre-)session."""
    if not token or len(token) > 512:
        raise Forbidden("Missing CSRF token.")
    binding, fresh = csrf_binding(request)
    if fresh is not None:
        raise Forbidden("Missing session.")
    try:
        value = _serializer(request).loads(token, max_age=MAX_AGE)
    except BadData:
        raise Forbidden("Invalid CSRF token.") from None
    if not isinstance(value, str) or not hmac.compare_digest(value, binding):
        raise Forbidden("Invalid CSRF token.")
