"""Pages a person uses for their account: register, log in/out, password, delete, apps."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kagami.accounts import service
from kagami.errors import Invalid, RateLimited
from kagami.oauth.clients import parse_id
from kagami.oauth.tokens import connected_apps, revoke_user_tokens
from kagami.observability import security_event
from kagami.web.forms import posted_form, require_user, safe_next, signed_in_form
from kagami.web.pages import error_page, render
from kagami.web.sessions import (
    clear_session_cookie,
    current_user,
    raw_session_id,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)


@router.get("/register", response_class=HTMLResponse)
async def register_form(request: Request, next: str = "/") -> Response:
    """Sign-up form."""
    await current_user(request)
    return render(request, "register.html", {"next": safe_next(next)})


async def _log_in(request: Request, user_id: int, target: str) -> Response:
    """Rotate the session: drop the old one, start a fresh id (PW-7)."""
    db = request.app.state.db
    old = raw_session_id(request)
    async with db.session() as session:
        if old is not None:
            await service.end_session(session, old)
        raw = await service.start_session(
            session, user_id, request.app.state.settings.session_max_age
        )
    response = RedirectResponse(safe_next(target), status_code=303)
    set_session_cookie(request, response, raw)
    return response


@router.post("/register", response_class=HTMLResponse)
async def register(request: Request) -> Response:
    """Create the account, then send the person to log in.

    A taken email gets the very same answer (and costs the same password hash) but creates
    nothing, so the form cannot be used to learn who has an account. Kagami sends no email,
    so there is nothing to send either way.
    """
    form, refused = await posted_form(request)
    if refused:
        return refused
    too_many = _count_registration(request)
    if too_many is not None:
        return too_many
    passwords = request.app.state.passwords
    password = form.get("password", "")
    target = safe_next(form.get("next"))
    try:
        async with request.app.state.db.session() as session:
            await service.register_user(
                session,
                passwords,
                name=form.get("name", ""),
                email=form.get("email", ""),
                password=password,
            )
    except service.EmailTaken:
        await passwords.hash(password)  # the time a real registration takes
    except Invalid as exc:
        ctx = {
            "errors": exc.fields,
            "name": form.get("name"),
            "email": form.get("email"),
            "next": safe_next(form.get("next")),
        }
        return render(request, "register.html", ctx, status_code=400)
    return RedirectResponse(f"/login?{urlencode({'next': target, 'registered': 1})}", 303)


def _count_registration(request: Request) -> Response | None:
    """Count a sign-up attempt against the caller's address (RL-3); a 429 page once over."""
    throttle = request.app.state.register_throttle
    key = f"ip:{request.client.host if request.client else ''}"
    try:
        throttle.check(key)
    except RateLimited as exc:
        message = "Too many sign-ups from this address. Try again later."
        response = error_page(request, "Too many attempts", message, 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    throttle.fail(key)  # every attempt counts: each one costs a password hash
    return None


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "/", registered: str = "") -> Response:
    """Login form; ``next`` is where to go afterwards (same-site paths only).

    No CSP form-action: after the POST, ``next`` can be the authorize step, whose redirect
    to the client Chrome and Safari would block under ``form-action 'self'`` (WP-4).
    """
    await current_user(request)
    ctx = {"next": safe_next(next), "registered": registered == "1"}
    return render(request, "login.html", ctx, no_store=True, form_action=False)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    """Check the password (throttled per account and IP), then start a new session."""
    form, refused = await posted_form(request)
    if refused:
        return refused
    name, password = form.get("name", ""), form.get("password", "")
    problem = service.login_input_problem(name, password)
    if problem is not None:
        ctx = {"error": problem, "next": safe_next(form.get("next"))}
        return render(request, "login.html", ctx, status_code=400, no_store=True, form_action=False)
    throttle = request.app.state.login_throttle
    keys = (f"user:{name.casefold()}", f"ip:{request.client.host if request.client else ''}")
    try:
        throttle.check(*keys)
    except RateLimited as exc:
        security_event("login_locked", sampled=True, name=name, via="web")
        response = error_page(
            request, "Too many attempts", "Too many failed logins. Try again later.", 429
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    async with request.app.state.db.session() as session:
        user = await service.authenticate(session, request.app.state.passwords, name, password)
    if user is None:
        throttle.fail(*keys)
        security_event("login_failed", sampled=True, name=name, via="web")
        ctx = {
            "error": "Wrong user name or password.",
            "name": name,
            "next": safe_next(form.get("next")),
        }
        return render(request, "login.html", ctx, status_code=400, no_store=True, form_action=False)
    throttle.clear(keys[0])
    return await _log_in(request, user.id, form.get("next", "/"))


@router.post("/logout")
async def logout(request: Request) -> Response:
    """End the session server-side, so a replayed cookie is anonymous."""
    _form, refused = await posted_form(request)
    if refused:
        return refused
    raw = raw_session_id(request)
    if raw is not None:
        async with request.app.state.db.session() as session:
            await service.end_session(session, raw)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(request, response)
    return response


async def _account_page(request: Request, user: object, **ctx: object) -> Response:
    async with request.app.state.db.session() as session:
        apps = await connected_apps(session, user.id)  # type: ignore[attr-defined]
    status = 400 if ctx.get("errors") else 200
    return render(request, "account.html", {"apps": apps, **ctx}, status_code=status)


@router.get("/account", response_class=HTMLResponse)
async def account(request: Request) -> Response:
    """Account page: connected apps, password change, deletion."""
    user = await require_user(request)
    if isinstance(user, Response):
        return user
    return await _account_page(request, user)


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(request: Request) -> Response:
    """Change the password: every session ends and every token is revoked; log in again."""
    signed_in = await signed_in_form(request)
    if isinstance(signed_in, Response):
        return signed_in
    user, form = signed_in
    try:
        async with request.app.state.db.session() as session:
            db_user = await service.get_user(session, user.id)
            await service.change_password(
                session,
                request.app.state.passwords,
                db_user,
                form.get("current_password", ""),
                form.get("new_password", ""),
            )
    except Invalid as exc:
        return await _account_page(request, user, errors=exc.fields)
    return await _log_in(request, user.id, "/account")


@router.post("/account/delete", response_class=HTMLResponse)
async def delete_account(request: Request) -> Response:
    """Delete the account after re-checking the password."""
    signed_in = await signed_in_form(request)
    if isinstance(signed_in, Response):
        return signed_in
    user, form = signed_in
    ok, _ = await request.app.state.passwords.verify(user.password_hash, form.get("password", ""))
    if not ok:
        return await _account_page(request, user, errors={"password": ["The password is wrong."]})
    async with request.app.state.db.session() as session:
        await service.delete_account(session, await service.get_user(session, user.id))
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(request, response)
    return response


@router.post("/account/apps/{client_id}/revoke", response_class=HTMLResponse)
async def revoke_app(request: Request, client_id: str) -> Response:
    """Revoke every token one app holds for this user (effective on its next request)."""
    signed_in = await signed_in_form(request)
    if isinstance(signed_in, Response):
        return signed_in
    user, _form = signed_in
    ident = parse_id(client_id)
    async with request.app.state.db.session() as session:
        # Only an app this person has connected (AZ-9): any other id is a 404, no effect.
        if ident is None or ident not in {
            a.client_id for a in await connected_apps(session, user.id)
        }:
            return error_page(request, "App not found", "No app has that id.", 404)
        await revoke_user_tokens(session, user.id, ident)
    security_event("app_revoked", level="info", user_id=user.id, client_id=ident)
    return RedirectResponse("/account", status_code=303)
