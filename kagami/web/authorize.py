"""The authorization endpoint shared by the three dialects: validate, log in, consent.

Errors about the client or redirect URI are shown as a page and never redirected (OA-1/2);
other errors go back to the validated redirect URI with ``error`` and ``state`` (OA-3).
GET never mints anything (OA-5): the consent form carries the validated request signed and
bound to the session, so a changed hidden field fails the signature check.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadData, URLSafeTimedSerializer

from kagami.db.base import now_epoch
from kagami.oauth.clients import find_client, redirect_matches
from kagami.oauth.enums import GrantType
from kagami.oauth.models import OAuthClient
from kagami.web.pages import error_page, render
from kagami.web.sessions import csrf_binding, current_user

_PKCE = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
PIN_PATH = "/api/v2/oauth/pin"
UPSTREAM_PIN = "https://anilist.co/api/v2/oauth/pin"
_PUBLIC_NO_PKCE = (
    "A public client (no secret) needs PKCE, which this API lacks: use MyAnimeList's"
    " authorization or AniList's implicit grant."
)


@dataclass
class AuthzRequest:
    """A validated authorization request, as signed into the consent form."""

    dialect: str  # anilist | anilist_v1 | mal
    client_id: int
    response: str  # code | token | pin
    redirect_uri: str | None  # where to send the result (None: show a PIN)
    redirect_param: str | None  # as the client sent it; the token request must repeat it
    state: str | None
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    binding: str = ""


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.session_secret, salt="kagami.authorize")


def error_url(
    uri: str, error: str, description: str, state: str | None, fragment: bool = False
) -> str:
    """A validated redirect URI carrying an OAuth error (and the client's ``state``)."""
    params = {"error": error, "error_description": description}
    if state is not None:
        params["state"] = state
    sep = "#" if fragment else ("&" if urlsplit(uri).query else "?")
    return uri + sep + urlencode(params)


def error_redirect(
    uri: str, error: str, description: str, state: str | None, fragment: bool = False
) -> Response:
    """Send an OAuth error back to a validated redirect URI (302, never 307)."""
    return RedirectResponse(error_url(uri, error, description, state, fragment), status_code=302)


def is_untrusted(client: OAuthClient, days: int) -> bool:
    """Whether ``client`` was registered fewer than ``days`` days ago (0: every client trusted)."""
    if days <= 0 or client.is_builtin:
        return False
    return now_epoch() - client.created_at < days * 86400


def _resolve_redirect(request: Request, client: OAuthClient, given: str | None) -> str | None:
    if given is None or given == "":
        return client.redirect_uris[0] if len(client.redirect_uris) == 1 else None
    for registered in client.redirect_uris:
        if redirect_matches(registered, given):
            return given
    return None


def is_pin_uri(request: Request, uri: str | None) -> bool:
    """Whether ``uri`` is AniList's special copy-paste redirect (ours or upstream's spelling)."""
    return uri in (f"{request.app.state.settings.base_url}{PIN_PATH}", UPSTREAM_PIN)


async def authorize(request: Request, dialect: str) -> Response:
    """Handle GET authorize for ``dialect``: error page, error redirect, login, or consent."""
    q = request.query_params
    client_id, given_redirect = q.get("client_id"), q.get("redirect_uri")
    async with request.app.state.db.session() as session:
        client = await find_client(session, client_id)
    if client is None or (client.is_builtin and not client.redirect_uris):
        return render(
            request,
            "error.html",
            {
                "title": "Unknown application",
                "message": "This link names no registered application, so it cannot continue.",
                "details": {"client_id": client_id or "(missing)"},
            },
            status_code=400,
        )
    response_type = q.get("response_type") or ""
    pin_v1 = dialect == "anilist_v1" and response_type == "pin"
    redirect = None if pin_v1 else _resolve_redirect(request, client, given_redirect)
    if redirect is None and not pin_v1:
        return _bad_redirect(request, client, given_redirect)
    state = q.get("state")
    frag = dialect == "anilist" and response_type == "token"
    authz = AuthzRequest(dialect, client.id, response_type, redirect, given_redirect or None, state)
    settings = request.app.state.settings
    problem = _check(client, dialect, q, authz, settings.implicit_grant_enabled)
    if problem is not None:
        error, description = problem
        if redirect is None:
            return error_page(request, "Authorization refused", description, 400)
        if is_untrusted(client, settings.untrusted_client_days):
            # OA-3: a new client's registered URI must not work as a silent phishing bounce.
            return render(
                request,
                "error.html",
                {
                    "title": "Authorization refused",
                    "message": description,
                    "details": {"Application": client.name, "Redirect URI": redirect},
                    "link": error_url(redirect, error, description, state, fragment=frag),
                },
                status_code=400,
            )
        return error_redirect(redirect, error, description, state, fragment=frag)
    user = await current_user(request)
    if user is None:
        target = request.url.path + "?" + request.url.query
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=302)
    authz.binding, _ = csrf_binding(request)
    host = urlsplit(redirect).netloc if redirect else ""
    blob = _serializer(request).dumps(asdict(authz))
    ctx = {
        "client_name": client.name,
        "redirect_host": host,
        "request_blob": blob,
        "pin": redirect is None or is_pin_uri(request, redirect),
    }
    return render(request, "consent.html", ctx, no_store=True, form_action=False)


def _bad_redirect(request: Request, client: OAuthClient, given: str | None) -> Response:
    if not given:
        msg = "This application has several redirect URIs, so the request must name one."
    else:
        msg = "This redirect URI is not registered for the application, so you were not sent there."
    response = render(
        request,
        "error.html",
        {
            "title": "Redirect URI mismatch",
            "message": msg,
            "details": {"Application": client.name, "Redirect URI": given or "(none)"},
        },
        status_code=400,
    )
    return response


def _check(
    client: OAuthClient, dialect: str, q: object, authz: AuthzRequest, implicit: bool = True
) -> tuple[str, str] | None:
    get = q.get  # type: ignore[attr-defined]
    rt = authz.response
    if dialect == "anilist":
        if rt not in ("code", "token"):
            return "unsupported_response_type", "response_type must be code or token."
        if rt == "token" and not (implicit and client.allows(GrantType.IMPLICIT)):
            return "unsupported_response_type", "The implicit grant is disabled."
        if rt == "code" and client.is_public:
            return "unauthorized_client", _PUBLIC_NO_PKCE
    elif dialect == "anilist_v1":
        grant = get("grant_type")
        expected = {"code": "authorization_code", "pin": "authorization_pin"}
        if rt not in expected:
            return "unsupported_response_type", "response_type must be code or pin."
        if grant is not None and grant != expected[rt]:
            return "invalid_request", "grant_type does not match response_type."
        if rt == "pin" and not client.allows(GrantType.PIN):
            return "unauthorized_client", "The PIN grant is disabled for this client."
        if client.is_public:
            return "unauthorized_client", _PUBLIC_NO_PKCE
    else:
        if rt != "code":
            return "unsupported_response_type", "response_type must be code."
        challenge, method = get("code_challenge"), get("code_challenge_method") or "plain"
        if not challenge or not _PKCE.fullmatch(challenge):
            return (
                "invalid_request",
                "code_challenge is required: 43-128 characters of [A-Za-z0-9-._~].",
            )
        if method not in ("plain", "S256"):
            return "invalid_request", "code_challenge_method must be plain or S256."
        if method == "plain" and not client.allows(GrantType.PKCE_PLAIN):
            return "invalid_request", "This client must use code_challenge_method=S256."
        authz.code_challenge, authz.code_challenge_method = challenge, method
    return None


def load_consent(request: Request, blob: str | None) -> AuthzRequest | None:
    """The signed request from the consent form, if intact, fresh and for this session."""
    if not blob or len(blob) > 8192:
        return None
    try:
        data = _serializer(request).loads(blob, max_age=600)
        authz = AuthzRequest(**data)
    except (BadData, TypeError):
        return None
    binding, _ = csrf_binding(request)
    return authz if authz.binding == binding else None
