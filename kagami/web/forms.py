"""Reading a posted form with its CSRF check, and safe post-login redirects."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kagami.accounts.models import User
from kagami.errors import Forbidden
from kagami.web.csrf import check_csrf
from kagami.web.pages import error_page
from kagami.web.sessions import current_user


async def posted_form(request: Request) -> tuple[dict[str, str], HTMLResponse | None]:
    """The form's text fields, or a 403 page when its CSRF token is missing or foreign."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        check_csrf(request, fields.get("csrf_token"))
    except Forbidden as exc:
        return fields, error_page(
            request, "Request refused", f"{exc.message} Reload the page and try again.", 403
        )
    return fields, None


def safe_next(value: str | None) -> str:
    """Only same-site relative paths; anything that could leave the site becomes ``/`` (OA-4)."""
    if not value or len(value) > 4096:
        return "/"
    if not value.startswith("/") or value.startswith(("//", "/\\")) or "\\" in value:
        return "/"
    if any(ord(ch) < 32 for ch in value):
        return "/"
    return value


async def require_user(request: Request) -> User | RedirectResponse:
    """The logged-in user, or a redirect to the login page that comes back here."""
    user = await current_user(request)
    if user is not None:
        return user
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    from urllib.parse import quote

    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=302)


async def signed_in_form(request: Request) -> tuple[User, dict[str, str]] | Response:
    """The signed-in user and their CSRF-checked form; else the login redirect or a 403 page."""
    user = await require_user(request)
    if isinstance(user, Response):
        return user
    form, refused = await posted_form(request)
    if refused:
        return refused
    return user, form
