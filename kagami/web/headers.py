"""Security headers on every response: anti-framing CSP on HTML, nosniff, HSTS under HTTPS.

A pure ASGI middleware that edits the ``http.response.start`` message in place: unlike
Starlette's ``@app.middleware("http")`` (``BaseHTTPMiddleware``) it spawns no task group
and wraps no body streams, which cost more than a small API request itself.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Covers and portraits come from wherever the catalogue says (AniList's CDN, a mirror): any
# HTTPS image; pages send no referrer, so loading them tells the image host nothing.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def _set_headers(message: Message, https: bool) -> None:
    """Add the WP-3/4/5 headers to a response start message."""
    headers = MutableHeaders(scope=message)
    headers["X-Content-Type-Options"] = "nosniff"
    if headers.get("content-type", "").startswith("text/html"):
        # Chrome applies form-action to the redirects after a POST, so the consent and
        # login pages (whose POSTs can end at the client) leave it out (WP-4); every
        # other page pins it to 'self'.
        keep_form_action = headers.get("X-Kagami-No-Form-Action") is None
        if not keep_form_action:
            del headers["X-Kagami-No-Form-Action"]
        csp = _CSP + ("; form-action 'self'" if keep_form_action else "")
        # A page that needs a different policy (GraphiQL's inline styles) sets its own.
        if "Content-Security-Policy" not in headers:
            headers["Content-Security-Policy"] = csp
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
    if https:
        headers["Strict-Transport-Security"] = "max-age=31536000"


class SecurityHeadersMiddleware:
    """Pure ASGI middleware setting the security headers on every HTTP response."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through, editing the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = self.https

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _set_headers(message, https)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security_headers(app: FastAPI) -> None:
    """Add the middleware that sets WP-3/4/5 headers."""
    https = app.state.settings.base_url.startswith("https://")
    app.add_middleware(SecurityHeadersMiddleware, https=https)
