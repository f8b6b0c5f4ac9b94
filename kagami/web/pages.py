"""Rendering pages: Jinja2 with autoescape, CSRF token and user in every context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from kagami.web.csrf import csrf_token
from kagami.web.sessions import csrf_binding, set_pre_session_cookie

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    no_store: bool = False,
    form_action: bool = True,
) -> HTMLResponse:
    """Render ``template``; ``form_action=False`` drops CSP form-action (consent redirects).

    Pages rendered for a signed-in person (account, developer settings, consent, PIN) are
    always ``no-store``: they carry CSRF tokens, client ids and connected apps.
    """
    ctx = {
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        **(context or {}),
    }
    response = templates.TemplateResponse(request, template, ctx, status_code=status_code)
    if no_store or ctx["user"] is not None:  # a signed-in person's page is theirs alone
        response.headers.update(NO_STORE)
    if not form_action:
        response.headers["X-Kagami-No-Form-Action"] = "1"
    _, fresh = csrf_binding(request)
    if fresh is not None:
        set_pre_session_cookie(request, response, fresh)
    return response


def error_page(request: Request, title: str, message: str, status_code: int = 400) -> HTMLResponse:
    """A plain error page (never a redirect) that explains what went wrong."""
    return render(
        request, "error.html", {"title": title, "message": message}, status_code=status_code
    )
