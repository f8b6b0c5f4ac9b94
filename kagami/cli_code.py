"""`kagami code issue`: an authorization code without the browser, to test an app's exchange."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from kagami.config import Settings

code_app = typer.Typer(
    help="Authorization codes, as the consent page would grant.", no_args_is_help=True
)
_PKCE = re.compile(r"[A-Za-z0-9\-._~]{43,128}")  # RFC 7636 §4.2


@code_app.command("issue")
def issue(
    user: Annotated[str, typer.Option(help="Name of the user who approves.")],
    client: Annotated[str, typer.Option(help="Client id (AniList integer or MAL hex).")],
    redirect_uri: Annotated[
        str | None,
        typer.Option(help="One of the client's registered URIs; the exchange must send it too."),
    ] = None,
    code_challenge: Annotated[
        str | None, typer.Option(help="PKCE challenge (43-128 of A-Z a-z 0-9 - . _ ~).")
    ] = None,
    code_challenge_method: Annotated[
        str, typer.Option(help="plain (MAL's default) or S256.")
    ] = "plain",
    dialect: Annotated[
        str | None,
        typer.Option(
            help="Token endpoint that will redeem it: anilist, anilist_v1 or mal "
            "(default: mal with --code-challenge, else anilist)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Mint a single-use authorization code (valid KAGAMI_CODE_LIFETIME seconds, at most 600)."""
    from kagami.cli import _emit, _run_job, _user_named
    from kagami.errors import Invalid, NotFound
    from kagami.oauth.clients import find_client, redirect_matches
    from kagami.oauth.codes import issue_code
    from kagami.oauth.enums import CodeKind, TokenDialect

    family = dialect or ("mal" if code_challenge else "anilist")
    choices = [d.value for d in TokenDialect]
    if family not in choices:
        raise typer.BadParameter(f"choose from {', '.join(choices)}", param_hint="--dialect")
    if code_challenge is not None and not _PKCE.fullmatch(code_challenge):
        raise typer.BadParameter("43-128 of A-Z a-z 0-9 - . _ ~", param_hint="--code-challenge")
    if code_challenge_method not in ("plain", "S256"):
        raise typer.BadParameter("plain or S256", param_hint="--code-challenge-method")
    if family == "mal" and code_challenge is None:
        raise typer.BadParameter("MyAnimeList codes need PKCE", param_hint="--code-challenge")

    async def job(session: AsyncSession, settings: Settings) -> str:
        account = await _user_named(session, user)
        found = await find_client(session, client)
        if found is None or found.is_builtin:
            raise NotFound(f"No client with id {client!r}.")
        if redirect_uri is not None and not any(
            redirect_matches(r, redirect_uri) for r in found.redirect_uris
        ):
            raise Invalid({"redirect_uri": ["Not one of the client's registered URIs."]})
        return await issue_code(
            session,
            client_id=found.id,
            user_id=account.id,
            kind=CodeKind.CODE,
            dialect=TokenDialect(family),
            redirect_uri=redirect_uri,
            lifetime=settings.code_lifetime,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method if code_challenge else None,
        )

    code = _run_job(job)
    _emit({"code": code, "dialect": family}, as_json, f"Authorization code ({family}): {code}")
