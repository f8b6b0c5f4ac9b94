"""Web sessions: a signed cookie holding a random id whose hash is stored server-side.

The signature (itsdangerous) rejects junk cheaply; the database row is what makes the
session real, so logout and password change end it for good (PW-7).
"""

from __future__ import annotations

import hashlib
import secrets

from fastapi import Request, Response
from itsdangerous import BadSignature, Signer

from kagami.accounts.models import User
from kagami.accounts.service import session_user

PRE_SESSION_COOKIE = "kagami_pre"


def cookie_name(request: Request) -> str:
    """``__Host-`` prefixed under HTTPS, so the cookie is locked to this host and path."""
    return (
        "__Host-kagami_session" if request.app.state.settings.cookies_secure else "kagami_session"
    )


def _signer(request: Request) -> Signer:
    return Signer(request.app.state.session_secret, salt="kagami.session")


def raw_session_id(request: Request) -> str | None:
    """The verified raw session id from the cookie, if any."""
    value = request.cookies.get(cookie_name(request))
    if not value or len(value) > 512:
        return None
    try:
        return _signer(request).unsign(value).decode()
    except (BadSignature, UnicodeDecodeError):
        return None


async def current_user(request: Request) -> User | None:
    """The logged-in user for this request (cached on ``request.state``)."""
    if hasattr(request.state, "user"):
        return request.state.user
    user = None
    raw = raw_session_id(request)
    if raw is not None:
        async with request.app.state.db.session() as session:
            user = await session_user(session, raw)
    request.state.user = user
    return user


def _set(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.cookies_secure,
    )


def set_session_cookie(request: Request, response: Response, raw: str) -> None:
    """Send the signed session cookie (HttpOnly, SameSite=Lax, Path=/, no Domain)."""
    signed = _signer(request).sign(raw).decode()
    _set(
        request, response, cookie_name(request), signed, request.app.state.settings.session_max_age
    )
    response.delete_cookie(PRE_SESSION_COOKIE, path="/")


def clear_session_cookie(request: Request, response: Response) -> None:
    """Remove the session cookie from the browser."""
    response.delete_cookie(
        cookie_name(request),
        path="/",
        secure=request.app.state.settings.cookies_secure,
        httponly=True,
        samesite="lax",
    )


def csrf_binding(request: Request) -> tuple[str, str | None]:
    """What CSRF tokens are bound to: the session id, else a pre-session id (login CSRF).

    Returns (binding, new pre-session id to set as a cookie or None).
    """
    raw = raw_session_id(request)
    if raw is not None:
        return hashlib.sha256(b"s" + raw.encode()).hexdigest(), None
    pre = request.cookies.get(PRE_SESSION_COOKIE)
    if pre and 20 <= len(pre) <= 64:
        return hashlib.sha256(b"p" + pre.encode()).hexdigest(), None
    pre = getattr(request.state, "new_pre_session", None) or secrets.token_urlsafe(24)
    request.state.new_pre_session = pre
    return hashlib.sha256(b"p" + pre.encode()).hexdigest(), pre


def set_pre_session_cookie(request: Request, response: Response, value: str) -> None:
    """The anonymous cookie login and register forms' CSRF tokens are bound to."""
    _set(request, response, PRE_SESSION_COOKIE, value, 3600)
