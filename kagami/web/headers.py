"""Security headers on every response: anti-framing CSP on HTML, nosniff, HSTS under HTTPS."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def install_security_headers(app: FastAPI) -> None:
    """Add the middleware that sets WP-3/4/5 headers."""
    https = app.state.settings.base_url.startswith("https://")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        if response.headers.get("content-type", "").startswith("text/html"):
            # Chrome applies form-action to the redirect after the consent POST, so the
            # consent page leaves it out (WP-4); every other page pins it to 'self'.
            keep_form_action = response.headers.get("X-Kagami-No-Form-Action") is None
            if not keep_form_action:
                del response.headers["X-Kagami-No-Form-Action"]
            csp = _CSP + ("; form-action 'self'" if keep_form_action else "")
            # A page that needs a different policy (GraphiQL's inline styles) sets its own.
            if "Content-Security-Policy" not in response.headers:
                response.headers["Content-Security-Policy"] = csp
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Referrer-Policy"] = "no-referrer"
        if https:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response
