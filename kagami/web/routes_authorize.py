"""Consent form submission and the PIN page (the authorize GETs live in each dialect)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kagami.accounts.models import User
from kagami.oauth.clients import find_client, redirect_matches
from kagami.oauth.codes import code_owner, issue_code
from kagami.oauth.enums import CodeKind, GrantType, TokenDialect
from kagami.web.authorize import PIN_PATH, error_redirect, is_pin_uri, load_consent
from kagami.web.forms import posted_form, require_user
from kagami.web.pages import error_page, render

router = APIRouter(include_in_schema=False)
_DIALECTS = {
    "anilist": TokenDialect.ANILIST,
    "anilist_v1": TokenDialect.ANILIST_V1,
    "mal": TokenDialect.MAL,
}


def _pin_page(request: Request, client_name: str, value: str, kind: str) -> Response:
    label = "Your access token" if kind == "token" else "Your authorization code"
    ctx = {"client_name": client_name, "value": value, "kind": kind, "label": label}
    return render(request, "pin.html", ctx, no_store=True)


@router.post("/oauth/consent", response_class=HTMLResponse)
async def consent(request: Request) -> Response:
    """Approve or deny: only this POST (with a valid CSRF token) ever mints a code or token."""
    user = await require_user(request)
    if not isinstance(user, User):
        return user
    form, refused = await posted_form(request)
    if refused:
        return refused
    authz = load_consent(request, form.get("request"))
    if authz is None:
        return error_page(
            request,
            "Authorization expired",
            "This authorization request is invalid or has expired. Start again from the app.",
            400,
        )
    settings = request.app.state.settings
    async with request.app.state.db.session() as session:
        client = await find_client(session, authz.client_id)
        if client is None or (
            authz.redirect_uri is not None
            and not any(redirect_matches(r, authz.redirect_uri) for r in client.redirect_uris)
        ):
            return error_page(
                request,
                "Unknown application",
                "The application or its redirect URI is no longer registered.",
                400,
            )
        fragment = authz.response == "token"
        pin = authz.redirect_uri is None or is_pin_uri(request, authz.redirect_uri)
        if form.get("decision") != "approve":
            if pin:
                return error_page(
                    request, "Access denied", f"You did not authorize {client.name}.", 200
                )
            return error_redirect(
                authz.redirect_uri or "",
                "access_denied",
                "The user denied the request.",
                authz.state,
                fragment,
            )
        if authz.response == "token":
            issued = await request.app.state.token_issuer.issue(
                session,
                client_id=client.id,
                user_id=user.id,
                dialect=TokenDialect.ANILIST,
                grant=GrantType.IMPLICIT,
            )
            value, kind = issued.access_token, "token"
            params = {
                "access_token": value,
                "token_type": "Bearer",
                "expires_in": str(issued.expires_in),
            }
        else:
            value = await issue_code(
                session,
                client_id=client.id,
                user_id=user.id,
                kind=CodeKind.PIN if authz.response == "pin" else CodeKind.CODE,
                dialect=_DIALECTS[authz.dialect],
                redirect_uri=authz.redirect_param,
                lifetime=settings.code_lifetime,
                code_challenge=authz.code_challenge,
                code_challenge_method=authz.code_challenge_method,
            )
            kind, params = "code", {"code": value}
        name = client.name
    if pin:
        return _pin_page(request, name, value, kind)
    if authz.state is not None:
        params["state"] = authz.state
    target = authz.redirect_uri or ""
    sep = "#" if fragment else ("&" if urlsplit(target).query else "?")
    return RedirectResponse(target + sep + urlencode(params), status_code=302)


@router.get(PIN_PATH, response_class=HTMLResponse)
async def pin(request: Request, code: str | None = None) -> Response:
    """AniList's copy-paste redirect: shows a code only to the user it was issued to."""
    user = await require_user(request)
    if not isinstance(user, User):
        return user
    async with request.app.state.db.session() as session:
        owner = await code_owner(session, code) if code else None
    if owner is None or owner != user.id:
        return error_page(request, "Nothing to show", "There is no valid code for you here.", 404)
    return _pin_page(request, "the app", code or "", "code")
