"""Developer settings: create, edit, regenerate and delete API clients."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kagami.accounts.models import User
from kagami.errors import DomainError, Invalid
from kagami.oauth import clients as svc
from kagami.oauth.enums import ClientType, GrantType
from kagami.web.forms import posted_form, require_user
from kagami.web.pages import error_page, render

router = APIRouter(prefix="/settings/developer", include_in_schema=False)

_LABELS = {
    GrantType.IMPLICIT: "Implicit grant (AniList v2: token in the URL fragment)",
    GrantType.PIN: "Authorization PIN (AniList v1)",
    GrantType.CLIENT_CREDENTIALS: "Client credentials (AniList v1 read-only, no user)",
    GrantType.PKCE_PLAIN: "PKCE method “plain” (MyAnimeList apps)",
    GrantType.PASSWORD: "Password grant (MyAnimeList v0.21 apps; discouraged)",
}


_TYPES = {
    ClientType.WEB: "Web (confidential: server-side, has a secret)",
    ClientType.ANDROID: "Android (public: no secret, PKCE)",
    ClientType.IOS: "iOS (public: no secret, PKCE)",
    ClientType.OTHER: "Other (public: desktop, CLI, browser-only; no secret, PKCE)",
}


def _ctx(request: Request, **extra: Any) -> dict[str, Any]:
    return {
        "client_types": [(t.value, label) for t, label in _TYPES.items()],
        "compat_grants": [(g.value, _LABELS[g]) for g in svc.COMPAT_GRANTS],
        "default_grants": [g.value for g in svc.DEFAULT_GRANTS],
        "pin_uri": f"{request.app.state.settings.base_url}/api/v2/oauth/pin",
        **extra,
    }


async def _form(request: Request) -> tuple[dict[str, Any], Response | None]:
    form, refused = await posted_form(request)
    fields = await request.form()
    data = {
        "name": form.get("name", ""),
        "redirect_uris": form.get("redirect_uris", "").splitlines(),
        "grants": [g for g in fields.getlist("grants") if isinstance(g, str)],
        # Only creation reads the type: it never changes afterwards.
        "client_type": form.get("client_type") or ClientType.WEB.value,
    }
    return data, refused


@router.get("", response_class=HTMLResponse)
async def developer(request: Request) -> Response:
    """List the user's clients and offer the create form."""
    user = await require_user(request)
    if not isinstance(user, User):
        return user
    async with request.app.state.db.session() as session:
        clients = await svc.list_clients(session, user.id)
    return render(request, "developer.html", _ctx(request, clients=clients))


@router.post("/clients", response_class=HTMLResponse)
async def create(request: Request) -> Response:
    """Create a client and show its secret once."""
    user = await require_user(request)
    if not isinstance(user, User):
        return user
    data, refused = await _form(request)
    if refused:
        return refused
    insecure = request.app.state.settings.allow_insecure_redirects
    try:
        async with request.app.state.db.session() as session:
            created = await svc.create_client(
                session,
                owner_id=user.id,
                allow_insecure=insecure,
                **data,
            )
    except Invalid as exc:
        async with request.app.state.db.session() as session:
            clients = await svc.list_clients(session, user.id)
        ctx = _ctx(
            request,
            clients=clients,
            errors=exc.fields,
            form_name=data["name"],
            form_uris="\n".join(data["redirect_uris"]),
            form_type=data["client_type"],
        )
        return render(request, "developer.html", ctx, status_code=400)
    return render(
        request,
        "client_edit.html",
        _ctx(request, client=created.client, secret=created.secret),
        no_store=True,
    )


async def _owned(request: Request, user: User, client_id: str) -> Any:
    async with request.app.state.db.session() as session:
        return await svc.owned_client(session, user.id, client_id)


@router.get("/clients/{client_id}", response_class=HTMLResponse)
async def edit_form(request: Request, client_id: str) -> Response:
    """Show a client (never its secret)."""
    user = await require_user(request)
    if not isinstance(user, User):
        return user
    try:
        client = await _owned(request, user, client_id)
    except DomainError:
        return error_page(request, "Client not found", "No client of yours has that id.", 404)
    return render(request, "client_edit.html", _ctx(request, client=client))


async def _mutate(request: Request, client_id: str, action: str) -> Response:
    user = await require_user(request)
    if not isinstance(user, User):
        return user
    data, refused = await _form(request)
    if refused:
        return refused
    secret = None
    try:
        async with request.app.state.db.session() as session:
            client = await svc.owned_client(session, user.id, client_id)
            if action == "update":
                await svc.update_client(
                    session,
                    client,
                    allow_insecure=request.app.state.settings.allow_insecure_redirects,
                    name=data["name"],
                    redirect_uris=data["redirect_uris"],
                    grants=data["grants"],
                )
            elif action == "secret":
                secret = await svc.regenerate_secret(session, client)
            else:
                await svc.delete_client(session, client)
    except Invalid as exc:
        client = await _owned(request, user, client_id)
        return render(
            request,
            "client_edit.html",
            _ctx(request, client=client, errors=exc.fields),
            status_code=400,
        )
    except DomainError:
        return error_page(request, "Client not found", "No client of yours has that id.", 404)
    if secret is not None:
        return render(
            request, "client_edit.html", _ctx(request, client=client, secret=secret), no_store=True
        )
    target = (
        "/settings/developer" if action == "delete" else f"/settings/developer/clients/{client.id}"
    )
    return RedirectResponse(target, status_code=303)


@router.post("/clients/{client_id}", response_class=HTMLResponse)
async def update(request: Request, client_id: str) -> Response:
    """Save name, redirect URIs and grants."""
    return await _mutate(request, client_id, "update")


@router.post("/clients/{client_id}/secret", response_class=HTMLResponse)
async def regenerate(request: Request, client_id: str) -> Response:
    """New secret; every token the client holds is revoked."""
    return await _mutate(request, client_id, "secret")


@router.post("/clients/{client_id}/delete", response_class=HTMLResponse)
async def delete(request: Request, client_id: str) -> Response:
    """Delete the client and everything issued to it."""
    return await _mutate(request, client_id, "delete")
